export { EmailDeliveryError, type EmailKind, type EmailTransport, type OutgoingEmail, type RenderedEmail } from './types';
export { createEmailTransport, toDeliveryError, type EmailTransportOptions } from './transport';
export { sendEmailOnce, findEmailByDedupeKey, type SendOnceOptions, type SendOnceStatus } from './send-once';
export { escapeHtml, safeHttpUrl } from './escape';
export { conversationUrl, renderReplyDigest, renderReplyNotification, type ReplyRenderContext, type ReplySummary } from './render/reply';
export { EMAIL_COLORS, button, escapeMultiline, formatWhen, layout, oneLine, truncate, type LayoutOptions } from './render/layout';

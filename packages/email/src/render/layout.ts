import { escapeHtml } from '../escape';

/** The kit's colours: LinkedIn blue for links and buttons, grey for secondary text. */
export const EMAIL_COLORS = { link: '#0a66c2', muted: '#6b7280' } as const;

/** Header lines and subjects are one line: a lead's name must not smuggle a line break into either. */
export const oneLine = (text: string): string =>
  text
    .replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();

/** Long replies are cut in notifications; the full text is one click away in the dashboard. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Escaped, with the reply's own line breaks kept. */
export const escapeMultiline = (text: string): string => escapeHtml(text).replace(/\r?\n/g, '<br>');

/** `Tue, 3 Mar 2026, 14:05 CET` in the client's zone; pure (Intl), so renders are reproducible. */
export function formatWhen(date: Date, timeZone = 'UTC'): string {
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
  } catch {
    // A zone Intl does not know would fail every retry of the job; UTC is labelled, so still correct.
    zone = 'UTC';
  }
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
}

/** A button-like link that mail clients render (tables and inline styles only). */
export const button = (href: string, label: string): string =>
  `<a href="${escapeHtml(href)}" style="display:inline-block;background:${EMAIL_COLORS.link};color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600">${escapeHtml(label)}</a>`;

export interface LayoutOptions {
  title: string;
  /** The inbox preview line. */
  preheader: string;
  /** Already escaped HTML. */
  body: string;
  /** Already escaped HTML, in small grey type under the body. */
  footer: string;
  /** The card's width in pixels (600 unless a wide table needs more). */
  width?: number;
}

/**
 * The shared frame: a centred table with inline styles, which is what survives Outlook and Gmail.
 * Reply notifications and weekly reports both render inside it.
 */
export function layout(options: LayoutOptions): string {
  const width = options.width ?? 600;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#111827">',
    `<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(options.preheader)}</div>`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0"><tr><td align="center">',
    `<table role="presentation" width="${width}" cellpadding="0" cellspacing="0" style="max-width:${width}px;width:100%;background:#ffffff;border-radius:8px;padding:24px">`,
    `<tr><td>${options.body}</td></tr>`,
    `<tr><td style="padding-top:24px;font-size:12px;color:${EMAIL_COLORS.muted}">${options.footer}</td></tr>`,
    '</table>',
    '</td></tr></table>',
    '</body>',
    '</html>',
  ].join('\n');
}

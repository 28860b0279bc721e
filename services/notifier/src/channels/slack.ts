import { conversationUrl } from '@outreach/email';
import { leadName, profileUrlOf, type EventContext } from '../event-context';
import { postJson, type HttpOptions } from './http';

/** Slack mrkdwn treats only these three as control characters. */
const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A `<url|label>` link; the URL's own `|` and `>` would end it early. */
const link = (url: string, label: string): string => `<${url.replace(/\|/g, '%7C').replace(/>/g, '%3E')}|${esc(label)}>`;

const QUOTE_LIMIT = 1500;

function who(context: EventContext): string {
  const name = leadName(context.lead) || 'A lead';
  const profile = profileUrlOf(context.lead);
  return profile ? `*${link(profile, name)}*` : `*${esc(name)}*`;
}

const where = (context: EventContext): string =>
  [context.campaign ? `campaign ${esc(context.campaign.name)}` : null, context.account ? `account ${esc(context.account.name)}` : null]
    .filter(Boolean)
    .join(', ');

/** The message posted to a client's Slack incoming webhook for one event. */
export function slackText(context: EventContext, appBaseUrl: string): string {
  const { event } = context;
  const suffix = where(context) ? ` (${where(context)})` : '';
  switch (event.type) {
    case 'message_received': {
      const text = context.replyText ? context.replyText.slice(0, QUOTE_LIMIT) : '(no text)';
      const quote = esc(text)
        .split(/\r?\n/)
        .map((line) => `> ${line}`)
        .join('\n');
      const open = context.lead ? `\n${link(conversationUrl(appBaseUrl, context.lead.id), 'Open the conversation')}` : '';
      return `:speech_balloon: ${who(context)} replied${suffix}\n${quote}${open}`;
    }
    case 'connection_accepted':
      return `:handshake: ${who(context)} accepted the connection request${suffix}`;
    case 'account_status_changed': {
      const from = typeof event.meta.from === 'string' ? event.meta.from : 'unknown';
      const to = typeof event.meta.to === 'string' ? event.meta.to : 'unknown';
      return `:warning: LinkedIn account *${esc(context.account?.name ?? 'unknown')}* is now *${esc(to)}* (was ${esc(from)})`;
    }
    case 'rate_limited': {
      const reason = typeof event.meta.reason === 'string' ? ` ${esc(event.meta.reason)}` : '';
      return `:hourglass_flowing_sand: LinkedIn account *${esc(context.account?.name ?? 'unknown')}* hit a limit${reason}; sends pause until it cools down`;
    }
    default:
      return `${esc(event.type)}${suffix}`;
  }
}

/** Posts `{ text }` to an incoming webhook (Slack, Mattermost and Rocket.Chat accept the same body). */
export async function postToSlack(url: string, text: string, http: HttpOptions): Promise<void> {
  await postJson(url, JSON.stringify({ text }), {}, http);
}

/** Statuses in which automation may still act on a lead (the sequencer's due scan reads these). */
export const ACTIVE_LEAD_STATUSES = ['pending_invite', 'invite_sent', 'connected', 'messaged'] as const;

/** Statuses after which nothing more is sent, ever. */
export const TERMINAL_LEAD_STATUSES = ['responded', 'completed'] as const;

type Status = string;

export const isActiveLeadStatus = (status: Status): boolean => (ACTIVE_LEAD_STATUSES as readonly string[]).includes(status);

/** An acceptance moves a lead forward only if it was still waiting for one. */
export const canMarkConnected = (status: Status): boolean => status === 'pending_invite' || status === 'invite_sent' || status === 'withdrawn';

/** The four series of a campaign's timeseries, in the API's field names, with their labels and colours. */
export const SERIES = [
  { key: 'invites_sent', name: 'Invites sent', color: '#1f4fd1' },
  { key: 'acceptances', name: 'Acceptances', color: '#1b6b34' },
  { key: 'messages_sent', name: 'Messages sent', color: '#7a4a00' },
  { key: 'replies_received', name: 'Replies', color: '#b3261e' },
] as const;

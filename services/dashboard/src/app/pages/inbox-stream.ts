import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

const EVENTS = ['message.created', 'message.updated', 'conversation.updated', 'conversation.read_state'] as const;
const MAX_BACKOFF_MS = 30_000;
/** Events often come in bursts (a reply files a message and moves its conversation): one refetch per burst. */
const BATCH_MS = 150;

/**
 * Live inbox updates: a single-use ticket, then an EventSource on `/api/inbox/stream`. A ticket
 * cannot be reused, so the browser's own reconnect would fail: on any error the stream is closed
 * and reopened with a fresh ticket and `last_event_id`, so nothing sent meanwhile is missed.
 * Each event refetches the inbox queries (the list, its counts and an open thread).
 */
export function useInboxStream(): StreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    let source: EventSource | null = null;
    let lastEventId: string | null = null;
    let stopped = false;
    let failures = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let batch: ReturnType<typeof setTimeout> | undefined;

    const refresh = () => {
      if (batch) return;
      batch = setTimeout(() => {
        batch = undefined;
        void queryClient.invalidateQueries({ queryKey: ['inbox'] });
      }, BATCH_MS);
    };

    const reconnect = () => {
      if (stopped) return;
      setState('reconnecting');
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(failures, 5));
      failures += 1;
      retry = setTimeout(() => void open(), delay);
    };

    const open = async () => {
      let ticket: string;
      try {
        ticket = (await unwrap(api.POST('/api/inbox/stream-ticket'))).ticket;
      } catch {
        reconnect();
        return;
      }
      if (stopped) return;
      const url = new URL('/api/inbox/stream', window.location.origin);
      url.searchParams.set('ticket', ticket);
      if (lastEventId) url.searchParams.set('last_event_id', lastEventId);
      const es = new EventSource(url);
      source = es;
      es.onopen = () => {
        failures = 0;
        setState('live');
        // Whatever changed while the stream was down and older than the replay window is fetched anew.
        refresh();
      };
      const onEvent = (e: MessageEvent) => {
        if (e.lastEventId) lastEventId = e.lastEventId;
        refresh();
      };
      for (const type of EVENTS) es.addEventListener(type, onEvent);
      es.onerror = () => {
        es.close();
        if (source === es) source = null;
        reconnect();
      };
    };

    void open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(batch);
      source?.close();
    };
  }, [queryClient]);

  return state;
}

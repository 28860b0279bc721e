import type { ReactNode } from 'react';
import { ApiError, detailLines } from '../api';

export function Loading(props: { what: string }) {
  return (
    <p className="state" role="status" aria-live="polite">
      Loading {props.what}…
    </p>
  );
}

export function Empty(props: { children: ReactNode }) {
  return <div className="state empty">{props.children}</div>;
}

/** An API failure with the API's own message; a 403 reads as "not allowed", not as a fault. */
export function ErrorState(props: { error: unknown; action?: string }) {
  const err = props.error;
  if (err instanceof ApiError && err.status === 403) return <Forbidden message={err.message} />;
  const message = err instanceof Error ? err.message : String(err);
  const lines = err instanceof ApiError ? detailLines(err.details) : [];
  return (
    <div className="state error" role="alert">
      <strong>{props.action ? `${props.action} failed: ` : ''}</strong>
      {message}
      {lines.length > 0 && (
        <ul>
          {lines.slice(0, 50).map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Forbidden(props: { message?: string }) {
  return (
    <div className="state forbidden" role="alert">
      <strong>Not allowed.</strong> {props.message ?? 'Your role cannot see or change this.'}
    </div>
  );
}

/** A small coloured label for a status value. */
export function Badge(props: { value: string; tone?: 'good' | 'warn' | 'bad' | 'neutral' }) {
  return <span className={`badge ${props.tone ?? 'neutral'}`}>{props.value}</span>;
}

export function statusTone(status: string): 'good' | 'warn' | 'bad' | 'neutral' {
  if (['active', 'OK', 'responded', 'connected', 'messaged', 'completed', 'sent'].includes(status)) return 'good';
  if (['paused', 'draft', 'invite_sent', 'pending_invite', 'pending', 'batched'].includes(status)) return 'warn';
  if (['stopped', 'error', 'failed', 'withdrawn', 'CREDENTIALS', 'STOPPED', 'ERROR'].includes(status)) return 'bad';
  return 'neutral';
}

export function formatTime(value: string | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

import { newUnipileId } from '../ids';

export type WebhookFaultMode = 'drop' | 'delay' | 'duplicate' | 'fail';

export interface WebhookFaultInput {
  mode: WebhookFaultMode;
  count?: number;
  delay_ms?: number;
  copies?: number;
  match?: { event?: string; account_id?: string; webhook_id?: string };
}

export interface WebhookFault {
  id: string;
  mode: WebhookFaultMode;
  remaining: number;
  delay_ms: number;
  copies: number;
  match: { event?: string; account_id?: string; webhook_id?: string };
}

export interface DeliveryTarget {
  event: string;
  accountId: string;
  webhookId: string | null;
}

/** Faults armed by tests; each applies to the next `count` matching deliveries, oldest fault first. */
export class WebhookFaults {
  private faults: WebhookFault[] = [];

  add(input: WebhookFaultInput): WebhookFault {
    const fault: WebhookFault = {
      id: newUnipileId(),
      mode: input.mode,
      remaining: input.count ?? 1,
      delay_ms: input.delay_ms ?? 0,
      copies: input.copies ?? 2,
      match: input.match ?? {},
    };
    this.faults.push(fault);
    return fault;
  }

  /** Consumes one use of the first fault matching this delivery. */
  take(target: DeliveryTarget): WebhookFault | undefined {
    const fault = this.faults.find(
      (f) =>
        (f.match.event === undefined || f.match.event === target.event) &&
        (f.match.account_id === undefined || f.match.account_id === target.accountId) &&
        (f.match.webhook_id === undefined || f.match.webhook_id === target.webhookId),
    );
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  list(): WebhookFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}

import { JOBS, jobsOn } from './catalog';
import { QUEUES, queueKeyOf } from './names';
import { deliveryJobId } from './jobs/process-delivery';
import { sendOutboundActionJob } from './jobs/send-outbound-action';

describe('the job catalog', () => {
  it('names every job once, on a queue that exists, with retries and a kept failure record', () => {
    const names = JOBS.map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
    for (const job of JOBS) {
      expect(Object.values(QUEUES)).toContain(job.queue);
      expect(job.options.attempts).toBeGreaterThanOrEqual(1);
      // Failures are the dead-letter record: never removed at once.
      expect(job.options.removeOnFail).not.toBe(true);
      expect(jobsOn(job.queue).get(job.name)).toBe(job);
    }
  });

  it('maps every queue name to its key and back', () => {
    for (const [key, name] of Object.entries(QUEUES)) expect(queueKeyOf(name)).toBe(key);
    expect(() => queueKeyOf('no-such-queue' as never)).toThrow(/unknown queue/);
  });

  it('builds job ids BullMQ accepts: no colon, never digits only, stable for one business key', () => {
    const id = deliveryJobId('message_received:acc:msg-1');
    expect(id).toBe(deliveryJobId('message_received:acc:msg-1'));
    expect(id).not.toContain(':');
    const send = sendOutboundActionJob.jobId!(
      sendOutboundActionJob.schema.parse({ leadId: '3f1e8f5e-1c4b-4f7a-9d2e-8a6b5c4d3e2f', step: 1, action: 'message' }),
    );
    expect(send).toBe('lead-3f1e8f5e-1c4b-4f7a-9d2e-8a6b5c4d3e2f-step-1-message');
    for (const value of [id, send]) expect(value).not.toMatch(/^\d+$/);
  });

  it('refuses a payload that does not match, naming the field', () => {
    const result = sendOutboundActionJob.schema.safeParse({ leadId: 'not-a-uuid', step: -1, action: 'poke' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['action', 'leadId', 'step']);
  });
});

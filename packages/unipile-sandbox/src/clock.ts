/**
 * The sandbox's notion of "now". Tests can move it forward (e.g. past the 21-day withdrawal
 * cooldown or the weekly invite window) without sleeping; timers still run in real time.
 */
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): Date {
    this.offsetMs += ms;
    return this.now();
  }
}

// Upload speed and time left from progress events: the bytes sent over the last few seconds, so a pause, a retry or
// a burst does not swing the estimate, and nothing is claimed before there is a second's worth of samples.

const WINDOW_MS = 5_000;
const MIN_SPAN_MS = 1_000;

interface Sample {
  at: number;
  sent: number;
}

export class SpeedMeter {
  private samples: Sample[] = [];

  constructor(private readonly windowMs = WINDOW_MS) {}

  /** Records that `sent` bytes in all were sent at `at` (ms); a lower count (a chunk sent again) starts over. */
  add(sent: number, at: number): void {
    const last = this.samples.at(-1);
    if (last && sent < last.sent) this.samples = [];
    this.samples.push({ at, sent });
    while (this.samples.length > 2 && this.samples[0].at < at - this.windowMs) this.samples.shift();
  }

  /** Forgets the samples: after a pause the next speed is measured afresh. */
  reset(): void {
    this.samples = [];
  }

  /** Bytes per second over the window, or null until a second's worth of samples is in. */
  speed(): number | null {
    if (this.samples.length < 2) return null;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const span = last.at - first.at;
    return span < MIN_SPAN_MS ? null : ((last.sent - first.sent) * 1000) / span;
  }

  /** Seconds until `total` at the current speed, or null when unknown (no speed yet, or stalled). */
  secondsLeft(total: number): number | null {
    const speed = this.speed();
    const last = this.samples.at(-1);
    if (speed === null || speed <= 0 || !last) return null;
    return Math.max(0, total - last.sent) / speed;
  }
}

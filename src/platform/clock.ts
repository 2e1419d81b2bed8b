/**
 * The server's "now" for working-day clocks. It reads the system clock; only a server started with
 * TONGBAN_TEST_CLOCK=1 lets an administrator move it forward, so a browser test can watch a case turn yellow and
 * then red without waiting days. Sessions, audit times and signatures keep the real time either way.
 */
export class Clock {
  private offsetMs = 0;

  constructor(readonly movable = false) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** Moves the clock to `at` (never backwards past the real time, so no event can predate one already written). */
  moveTo(at: Date): void {
    if (!this.movable) throw new Error('this clock is not movable (TONGBAN_TEST_CLOCK is not set)');
    this.offsetMs = Math.max(this.offsetMs, at.getTime() - Date.now());
  }
}

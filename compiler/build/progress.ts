/**
 * The progress line of a build on a terminal: profiles done / total, rate,
 * failures; rewritten in place at most every 100 ms. Silent when stderr is
 * not a terminal or CI is set (logs stay clean).
 */
export class BuildProgress {
  private done = 0;
  private failed = 0;
  private last = 0;
  private shown = false;
  private readonly start = Date.now();

  constructor(
    private readonly total: number,
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  static enabledByDefault(stream: NodeJS.WriteStream = process.stderr): boolean {
    return stream.isTTY === true && process.env.CI === undefined;
  }

  tick(ok: boolean): void {
    this.update(this.done + 1, this.failed + (ok ? 0 : 1));
  }

  /** Progress reported by someone else (the compile server). */
  update(done: number, failed: number): void {
    this.done = done;
    this.failed = failed;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && this.done < this.total) return;
    this.last = now;
    const rate = this.done / Math.max((now - this.start) / 1000, 0.001);
    const text = `compiling: ${this.done}/${this.total} profiles, ${rate.toFixed(0)}/s, ${this.failed} failed`;
    this.stream.write(`\r\x1b[K${text.slice(0, (this.stream.columns ?? 80) - 1)}`);
    this.shown = true;
  }

  finish(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

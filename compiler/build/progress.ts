/**
 * The progress line of a build on a terminal: profiles done / total, rate,
 * failures (common/progress.ts draws it; silent without a terminal or in CI).
 */
import { QUIET, showsProgress, terminalProgress, type Progress } from '../../common/progress.js';

export class BuildProgress {
  private done = 0;
  private failed = 0;
  private readonly start = Date.now();
  private readonly line: Progress;

  constructor(
    private readonly total: number,
    enabled: boolean,
    stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.line = terminalProgress(stream, enabled);
  }

  static enabledByDefault(stream: NodeJS.WriteStream = process.stderr): boolean {
    return showsProgress(stream);
  }

  tick(ok: boolean): void {
    this.update(this.done + 1, this.failed + (ok ? 0 : 1));
  }

  /** Progress reported by someone else (the compile server). */
  update(done: number, failed: number): void {
    this.done = done;
    this.failed = failed;
    if (this.line === QUIET) return;
    const rate = this.done / Math.max((Date.now() - this.start) / 1000, 0.001);
    this.line.update(`compiling: ${this.done}/${this.total} profiles, ${rate.toFixed(0)}/s, ${this.failed} failed`, this.done >= this.total);
  }

  finish(): void {
    this.line.done();
  }
}

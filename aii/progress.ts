/** "LABEL: done/total" on a terminal while aii works through many hosts (common/progress.ts). */
import { QUIET, terminalProgress, type Progress as Line } from '../common/progress.js';

export class Progress {
  total = 0;
  private count = 0;
  private readonly line: Line = terminalProgress();

  constructor(private readonly label: string) {}

  tick(): void {
    this.count++;
    if (this.line !== QUIET) this.line.update(`${this.label}: ${this.count}/${this.total}`, this.count === this.total);
  }

  done(): void {
    this.line.done();
  }
}

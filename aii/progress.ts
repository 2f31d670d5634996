/** A one-line counter on stderr, shown only when stderr is a terminal (quiet in CI and pipes). */
export class Progress {
  total = 0;
  private count = 0;
  private readonly enabled: boolean;

  constructor(private readonly label: string) {
    this.enabled = process.stderr.isTTY === true && process.env.CI === undefined;
  }

  tick(): void {
    this.count++;
    if (this.enabled && (this.count % 25 === 0 || this.count === this.total)) process.stderr.write(`\r${this.label}: ${this.count}/${this.total}`);
  }

  done(): void {
    if (this.enabled && this.count > 0) process.stderr.write('\n');
  }
}

/**
 * A one-line progress display on a terminal (stderr), rewritten in place and
 * at most every 100 ms; nothing at all when stderr is not a TTY (pipes) or
 * under CI.
 */
export interface Progress {
  /** Show `text`; skipped when the last update was under 100 ms ago, unless `force`. */
  update(text: string, force?: boolean): void;
  /** Clear the line. */
  done(): void;
}

const QUIET: Progress = { update() {}, done() {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || (process.env.CI ?? '') !== '') return QUIET;
  let last = 0;
  let shown = false;
  return {
    update(text, force = false) {
      const now = Date.now();
      if (!force && now - last < 100) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[K${text.slice(0, (stream.columns ?? 80) - 1)}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}

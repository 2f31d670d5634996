/**
 * A one-line progress display on a terminal (stderr), rewritten in place and
 * at most every 100 ms; nothing at all when the stream is not a TTY (pipes,
 * logs) or under CI. The build, the fleet diff and aii word their own lines.
 */
export interface Progress {
  /** Show `text`; skipped when the last update was under 100 ms ago, unless `force`. */
  update(text: string, force?: boolean): void;
  /** Clear the line. */
  done(): void;
}

export const QUIET: Progress = { update() {}, done() {} };

/** CI services set CI (GitHub, GitLab, Jenkins' plugins...); an explicit CI=false or CI=0 says it is not one. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** Whether progress belongs on `stream`: a terminal, outside CI. */
export function showsProgress(stream: { isTTY?: boolean } = process.stderr): boolean {
  return stream.isTTY === true && !inCi();
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, enabled = showsProgress(stream)): Progress {
  if (!enabled) return QUIET;
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

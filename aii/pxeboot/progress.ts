/**
 * What the bootloader tells the operator on stderr. Under xl, stderr is the
 * bootloader pty, so these lines land in /var/log/xen/bootloader.N.log and
 * on `xl create -c`. Steps are shown on a terminal (never in CI); --debug
 * shows them always, with per-packet detail.
 */

export interface Reporter {
  step(line: string): void;
  debug(line: string): void;
}

export interface ReporterOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  debug: boolean;
  env?: NodeJS.ProcessEnv;
}

export function createReporter(opts: ReporterOptions): Reporter {
  const env = opts.env ?? process.env;
  const showSteps = opts.debug || (opts.stream.isTTY === true && !env.CI);
  const write = (line: string): void => {
    opts.stream.write(`pxeboot: ${line}\n`);
  };
  return {
    step: (line) => {
      if (showSteps) write(line);
    },
    debug: (line) => {
      if (opts.debug) write(line);
    },
  };
}

export const silentReporter: Reporter = { step: () => undefined, debug: () => undefined };

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

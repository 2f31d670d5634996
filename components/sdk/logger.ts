/** Loggers: lines on stderr, prefixed with the component's name. */
import type { Logger } from './types.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'quiet';
const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, quiet: 4 };

export function streamLogger(prefix: string, level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const at = (l: Exclude<LogLevel, 'quiet'>) => (message: string) => {
    if (RANK[l] >= RANK[level]) write(`[${l.toUpperCase()}] ${prefix ? prefix + ': ' : ''}${message}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that keeps the lines (for tests and reports). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, ...streamLogger('', 'debug', (l) => lines.push(l.trimEnd())) };
}

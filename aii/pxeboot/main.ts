/**
 * Entry point of the `panfab-pxeboot` program that a domain config names as
 * its `bootloader` (and of `panfab pxeboot`). The installed wrapper is two
 * lines, no shell involved:
 *
 *   #!/usr/bin/env node
 *   import('../dist/aii/pxeboot/main.js').then(async (m) => { process.exitCode = await m.main(process.argv.slice(2)); });
 */
import { runPxeboot } from './bootloader.js';
import { PxebootError, messageOf } from './errors.js';
import { createReporter } from './progress.js';
import { parsePxebootArgs, USAGE } from './xen-args.js';

export interface MainIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Run the bootloader; resolves to the process exit status. Errors are one line on stderr. */
export async function main(argv: string[], io: MainIo = process): Promise<number> {
  try {
    const { help, ...request } = parsePxebootArgs(argv);
    if (help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const reporter = createReporter({ stream: io.stderr, debug: request.debug });
    return await runPxeboot(request, { reporter, stdout: io.stdout });
  } catch (e) {
    io.stderr.write(`panfab-pxeboot: ${messageOf(e)}\n`);
    return e instanceof PxebootError ? e.exitCode : 1;
  }
}

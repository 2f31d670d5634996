/** Entry point of the compile server process: `node server-main.js CACHE_DIR` (started by server-client.ts). */
import { serve } from './server.js';

serve(process.argv[2] as string).catch((e: unknown) => {
  process.stderr.write(`panfab compile server: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

/**
 * The output writer thread (output-writer.ts): writes each file it is sent
 * if its content changed, hashes it (writeOutputFile), and answers with the
 * file's record. It loads nothing else of the compiler: it is ready in a few
 * milliseconds.
 */
import { parentPort } from 'node:worker_threads';
import { writeOutputFile, type FileWrite, type WriteOutcome } from './output-writer.js';

function write(m: FileWrite): WriteOutcome {
  try {
    return { id: m.id, written: writeOutputFile(m.path, new Uint8Array(m.bytes)) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { id: m.id, failed: { message: err.message, code: err.code, syscall: err.syscall, path: err.path } };
  }
}

const port = parentPort;
if (port === null) throw new Error('output-writer-thread.ts runs in a worker thread');
port.on('message', (m: FileWrite) => port.postMessage(write(m)));

/**
 * The output writer thread (output-writer.ts): writes each file it is sent
 * if its content changed, hashes it, and answers with the file's record. It
 * loads nothing of the compiler: it is ready in a few milliseconds.
 */
import { parentPort } from 'node:worker_threads';
import { writeIfChangedSyncStat } from '../../common/fs.js';
import { contentHash } from '../loader/file-state.js';
import type { FileWrite, WriteOutcome } from './output-writer.js';

function write(m: FileWrite): WriteOutcome {
  const bytes = new Uint8Array(m.bytes);
  try {
    const { changed, mtimeMs } = writeIfChangedSyncStat(m.path, bytes);
    return { id: m.id, written: { sha256: contentHash(bytes), size: bytes.length, mtimeMs, changed } };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { id: m.id, failed: { message: err.message, code: err.code, syscall: err.syscall, path: err.path } };
  }
}

const port = parentPort;
if (port === null) throw new Error('output-writer-thread.ts runs in a worker thread');
port.on('message', (m: FileWrite) => port.postMessage(write(m)));

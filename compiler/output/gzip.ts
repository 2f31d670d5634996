/**
 * gzip as panc writes it: Java's GZIPOutputStream over a UTF-8 writer.
 *
 * Node's own zlib is Chromium's fork, whose deflate stream differs from the
 * reference zlib that Java links against; pako (with `legacyHash`) is a port
 * of the reference zlib and gives the same bytes. The header is Java's
 * (JDK 16+): no name, no time stamp, OS byte 255 ("unknown").
 */
import { crc32 } from 'node:zlib';
import { deflateRaw } from 'pako';

const JAVA_GZIP_HEADER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);

/** gzip of the UTF-8 bytes of `text` (or of `bytes`), byte-identical to Java's GZIPOutputStream. */
export function javaGzip(content: string | Uint8Array): Uint8Array {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const body = deflateRaw(data, { level: 6, legacyHash: true });
  const out = new Uint8Array(JAVA_GZIP_HEADER.length + body.length + 8);
  out.set(JAVA_GZIP_HEADER, 0);
  out.set(body, JAVA_GZIP_HEADER.length);
  const trailer = new DataView(out.buffer, JAVA_GZIP_HEADER.length + body.length, 8);
  trailer.setUint32(0, crc32(data), true);
  trailer.setUint32(4, data.length >>> 0, true);
  return out;
}

/**
 * Java MessageDigest and java.util.Base64 (basic) over Java's UTF-8 bytes,
 * as panc's digest(), base64_encode() and base64_decode() use them.
 */
import { createHash } from 'node:crypto';
import { replaceUnpairedSurrogates } from '../output/surrogates.js';
import { JavaIllegalArgumentError } from './errors.js';

/** JDK 17's SUN provider names and aliases (upper-cased: lookup is case-insensitive) -> OpenSSL name. */
const DIGESTS = new Map<string, string>();
function alias(node: string, names: string[], oid?: string): void {
  for (const n of names) DIGESTS.set(n.toUpperCase(), node);
  if (oid !== undefined) {
    DIGESTS.set(oid, node);
    DIGESTS.set(`OID.${oid}`, node);
  }
}
alias('md2', ['MD2']);
alias('md5', ['MD5']);
alias('sha1', ['SHA-1', 'SHA', 'SHA1'], '1.3.14.3.2.26');
alias('sha224', ['SHA-224', 'SHA224'], '2.16.840.1.101.3.4.2.4');
alias('sha256', ['SHA-256', 'SHA256'], '2.16.840.1.101.3.4.2.1');
alias('sha384', ['SHA-384', 'SHA384'], '2.16.840.1.101.3.4.2.2');
alias('sha512', ['SHA-512', 'SHA512'], '2.16.840.1.101.3.4.2.3');
alias('sha512-224', ['SHA-512/224', 'SHA512/224'], '2.16.840.1.101.3.4.2.5');
alias('sha512-256', ['SHA-512/256', 'SHA512/256'], '2.16.840.1.101.3.4.2.6');
alias('sha3-224', ['SHA3-224'], '2.16.840.1.101.3.4.2.7');
alias('sha3-256', ['SHA3-256'], '2.16.840.1.101.3.4.2.8');
alias('sha3-384', ['SHA3-384'], '2.16.840.1.101.3.4.2.9');
alias('sha3-512', ['SHA3-512'], '2.16.840.1.101.3.4.2.10');

/** String.getBytes(UTF_8): like Node's encoder, except that a lone surrogate becomes '?', not U+FFFD. */
export function javaUtf8Bytes(text: string): Buffer {
  return Buffer.from(replaceUnpairedSurrogates(text), 'utf8');
}

/** MessageDigest.getInstance(algorithm).digest(text.getBytes(UTF_8)) in lower-case hex. */
export function javaDigest(algorithm: string, text: string): string {
  const node = DIGESTS.get(algorithm.toUpperCase());
  if (node === undefined) {
    throw new JavaIllegalArgumentError(`${algorithm} MessageDigest not available`, 'java.security.NoSuchAlgorithmException');
  }
  const bytes = javaUtf8Bytes(text);
  if (node === 'md2') return md2(bytes).toString('hex');
  return createHash(node).update(bytes).digest('hex');
}

/** RFC 1319 S table: a permutation of 0..255 built from the digits of pi. */
const PI_SUBST = Uint8Array.from([
  41, 46, 67, 201, 162, 216, 124, 1, 61, 54, 84, 161, 236, 240, 6, 19, 98, 167, 5, 243, 192, 199, 115, 140, 152, 147, 43,
  217, 188, 76, 130, 202, 30, 155, 87, 60, 253, 212, 224, 22, 103, 66, 111, 24, 138, 23, 229, 18, 190, 78, 196, 214, 218,
  158, 222, 73, 160, 251, 245, 142, 187, 47, 238, 122, 169, 104, 121, 145, 21, 178, 7, 63, 148, 194, 16, 137, 11, 34, 95,
  33, 128, 127, 93, 154, 90, 144, 50, 39, 53, 62, 204, 231, 191, 247, 151, 3, 255, 25, 48, 179, 72, 165, 181, 209, 215,
  94, 146, 42, 172, 86, 170, 198, 79, 184, 56, 210, 150, 164, 125, 182, 118, 252, 107, 226, 156, 116, 4, 241, 69, 157,
  112, 89, 100, 113, 135, 32, 134, 91, 207, 101, 230, 45, 168, 2, 27, 96, 37, 173, 174, 176, 185, 246, 28, 70, 97, 105,
  52, 64, 126, 15, 85, 71, 163, 35, 221, 81, 175, 58, 195, 92, 249, 206, 186, 197, 234, 38, 44, 83, 13, 110, 133, 40,
  132, 9, 211, 223, 205, 244, 65, 129, 77, 82, 106, 220, 55, 200, 108, 193, 171, 250, 36, 225, 123, 8, 12, 189, 177, 74,
  120, 136, 149, 139, 227, 99, 232, 109, 233, 203, 213, 254, 59, 0, 29, 57, 242, 239, 183, 14, 102, 88, 208, 228, 166,
  119, 114, 248, 235, 117, 75, 10, 49, 68, 80, 180, 143, 237, 31, 26, 219, 153, 141, 51, 159, 17, 131, 20,
]);

/** MD2 (RFC 1319), which Node's OpenSSL 3 no longer provides. */
export function md2(message: Uint8Array): Buffer {
  const padLen = 16 - (message.length % 16);
  const data = new Uint8Array(message.length + padLen + 16);
  data.set(message);
  data.fill(padLen, message.length, message.length + padLen);
  const n = message.length + padLen;
  // Checksum of the padded message, appended as a final block.
  const checksum = data.subarray(n, n + 16);
  let l = 0;
  for (let i = 0; i < n; i += 16) {
    for (let j = 0; j < 16; j++) {
      checksum[j] ^= PI_SUBST[data[i + j] ^ l];
      l = checksum[j];
    }
  }
  const x = new Uint8Array(48);
  for (let i = 0; i < n + 16; i += 16) {
    for (let j = 0; j < 16; j++) {
      x[16 + j] = data[i + j];
      x[32 + j] = x[16 + j] ^ x[j];
    }
    let t = 0;
    for (let round = 0; round < 18; round++) {
      for (let k = 0; k < 48; k++) {
        x[k] ^= PI_SUBST[t];
        t = x[k];
      }
      t = (t + round) & 0xff;
    }
  }
  return Buffer.from(x.subarray(0, 16));
}

/** Base64.getEncoder().encodeToString(text.getBytes(UTF_8)). */
export function javaBase64Encode(text: string): string {
  return javaUtf8Bytes(text).toString('base64');
}

const FROM_BASE64 = new Int8Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => {
  FROM_BASE64[c.charCodeAt(0)] = i;
});
FROM_BASE64['='.charCodeAt(0)] = -2;

function b64Error(message: string): JavaIllegalArgumentError {
  return new JavaIllegalArgumentError(message);
}

/** Integer.toString of a Java (signed) byte in base 16, as Java's error messages print it. */
function signedByteHex(b: number): string {
  return (b > 127 ? b - 256 : b).toString(16);
}

/**
 * Base64.getDecoder().decode(b64) then new String(bytes, UTF_8): the basic
 * decoder rejects whitespace, bad padding and trailing data with Java's messages.
 */
export function javaBase64Decode(b64: string): string {
  // decode(String) takes ISO-8859-1 bytes: anything beyond U+00FF becomes '?'.
  const src = new Uint8Array(b64.length);
  for (let i = 0; i < b64.length; i++) {
    const c = b64.charCodeAt(i);
    src[i] = c > 0xff ? 0x3f : c;
  }
  if (src.length === 1) throw b64Error('Input byte[] should at least have 2 bytes for base64 bytes');
  const out: number[] = [];
  let bits = 0;
  let shiftto = 18;
  let sp = 0;
  const sl = src.length;
  while (sp < sl) {
    let b = src[sp++];
    b = FROM_BASE64[b];
    if (b < 0) {
      if (b === -2) {
        if ((shiftto === 6 && (sp === sl || src[sp++] !== 0x3d)) || shiftto === 18) {
          throw b64Error('Input byte array has wrong 4-byte ending unit');
        }
        break;
      }
      throw b64Error(`Illegal base64 character ${signedByteHex(src[sp - 1])}`);
    }
    bits |= b << shiftto;
    shiftto -= 6;
    if (shiftto < 0) {
      out.push((bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff);
      shiftto = 18;
      bits = 0;
    }
  }
  if (shiftto === 6) out.push((bits >> 16) & 0xff);
  else if (shiftto === 0) out.push((bits >> 16) & 0xff, (bits >> 8) & 0xff);
  else if (shiftto === 12) throw b64Error('Last unit does not have enough valid bits');
  if (sp < sl) throw b64Error(`Input byte array has incorrect ending byte at ${sp}`);
  return javaUtf8Decode(out);
}

const REPL = 0xfffd;
const notContinuation = (b: number): boolean => (b & 0xc0) !== 0x80;

/**
 * new String(bytes, UTF_8) of JDK 17 (String.decodeUTF8_UTF16): malformed input
 * becomes U+FFFD with the JDK's grouping, which differs from the WHATWG decoder
 * (an encoded surrogate is one U+FFFD, a truncated sequence at the end is one).
 */
export function javaUtf8Decode(bytes: ArrayLike<number>): string {
  const src = Array.from(bytes, (b) => (b > 127 ? b - 256 : b)); // Java's signed bytes
  const sl = src.length;
  const out: number[] = [];
  let sp = 0;
  while (sp < sl) {
    const b1 = src[sp++];
    if (b1 >= 0) {
      out.push(b1);
    } else if (b1 >> 5 === -2 && (b1 & 0x1e) !== 0) {
      if (sp < sl) {
        const b2 = src[sp++];
        if (notContinuation(b2)) {
          out.push(REPL);
          sp--;
        } else {
          out.push(((b1 & 0x1f) << 6) | (b2 & 0x3f));
        }
        continue;
      }
      out.push(REPL);
      break;
    } else if (b1 >> 4 === -2) {
      if (sp + 1 < sl) {
        const b2 = src[sp++];
        const b3 = src[sp++];
        if ((b1 === -32 && (b2 & 0xe0) === 0x80) || notContinuation(b2) || notContinuation(b3)) {
          out.push(REPL);
          sp -= 3;
          sp += (b1 === -32 && (src[sp + 1] & 0xe0) === 0x80) || notContinuation(src[sp + 1]) ? 1 : 2;
        } else {
          const c = ((b1 & 0x0f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
          out.push(c >= 0xd800 && c <= 0xdfff ? REPL : c);
        }
        continue;
      }
      if (sp < sl && ((b1 === -32 && (src[sp] & 0xe0) === 0x80) || notContinuation(src[sp]))) {
        out.push(REPL);
        continue;
      }
      out.push(REPL);
      break;
    } else if (b1 >> 3 === -2) {
      if (sp + 2 < sl) {
        const b2 = src[sp++];
        const b3 = src[sp++];
        const b4 = src[sp++];
        const uc = ((b1 & 0x07) << 18) | ((b2 & 0x3f) << 12) | ((b3 & 0x3f) << 6) | (b4 & 0x3f);
        if (notContinuation(b2) || notContinuation(b3) || notContinuation(b4) || uc < 0x10000 || uc > 0x10ffff) {
          out.push(REPL);
          sp -= 4;
          sp += malformed4(src, sp);
        } else {
          out.push(0xd800 + ((uc - 0x10000) >> 10), 0xdc00 + ((uc - 0x10000) & 0x3ff));
        }
        continue;
      }
      const u1 = b1 & 0xff;
      if (u1 > 0xf4 || (sp < sl && isMalformed4_2(u1, src[sp] & 0xff))) {
        out.push(REPL);
        continue;
      }
      sp++;
      out.push(REPL);
      if (sp < sl && notContinuation(src[sp])) continue;
      break;
    } else {
      out.push(REPL);
    }
  }
  let s = '';
  for (let i = 0; i < out.length; i += 4096) s += String.fromCharCode(...out.slice(i, i + 4096));
  return s;
}

function isMalformed4_2(b1: number, b2: number): boolean {
  return (b1 === 0xf0 && (b2 < 0x90 || b2 > 0xbf)) || (b1 === 0xf4 && (b2 & 0xf0) !== 0x80) || (b2 & 0xc0) !== 0x80;
}

function malformed4(src: number[], sp: number): number {
  const b1 = src[sp] & 0xff;
  const b2 = src[sp + 1] & 0xff;
  if (b1 > 0xf4 || (b1 === 0xf0 && (b2 < 0x90 || b2 > 0xbf)) || (b1 === 0xf4 && (b2 & 0xf0) !== 0x80) || notContinuation(b2)) return 1;
  if (notContinuation(src[sp + 2])) return 2;
  return 3;
}

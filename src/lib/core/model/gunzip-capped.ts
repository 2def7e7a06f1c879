/**
 * Gunzip with a hard output cap and a verified trailer. The input is pushed in small chunks
 * through fflate's streaming Gunzip and the output bytes are counted as they appear, so a
 * decompression bomb is abandoned a few MB past the cap instead of being inflated in full.
 * fflate checks neither the CRC-32 nor the size in the gzip trailer: both are checked here.
 */
import { Gunzip } from 'fflate';
import { Crc32 } from './crc32.ts';
import { ModelFileError } from './errors.ts';
import { describeBytes } from './sniff.ts';

/** Default limit on the decompressed size of a model file. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;
/**
 * Deflate expands at most ~1032x, so an input chunk of n bytes yields at most ~1032n output
 * bytes. Chunks are sized from the remaining budget (large while far from the cap, for speed;
 * down to 4 KB near it), so the output never overshoots the cap by more than ~4 MB.
 */
const MAX_EXPANSION = 1032;
const MIN_CHUNK = 4096;
const MAX_CHUNK = 256 * 1024;
/** 10-byte header + 2-byte empty deflate block + 8-byte trailer. */
const MIN_GZIP_BYTES = 20;

const mib = (n: number): string => `${(n / (1024 * 1024)).toFixed(n < 1024 * 1024 ? 3 : 1)} MB`;

/** Decompresses a single-member gzip stream of at most `maxBytes` output bytes, or throws ModelFileError. */
export function gunzipCapped(
  bytes: Uint8Array,
  maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES
): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new ModelFileError(
      'not-a-model',
      `Not an Exoforest model file: it is ${describeBytes(bytes)}, not gzip-compressed data.`
    );
  }
  if (bytes.length < MIN_GZIP_BYTES) {
    throw new ModelFileError(
      'truncated',
      `Truncated model file: only ${bytes.length} bytes, too short for a gzip stream.`
    );
  }
  if (bytes[2] !== 8) {
    throw new ModelFileError(
      'not-a-model',
      `Not an Exoforest model file: unsupported gzip compression method ${bytes[2]} (expected 8, deflate).`
    );
  }

  const chunks: Uint8Array[] = [];
  const crc = new Crc32();
  let total = 0;
  let ended = false;
  let members = 1;
  const gunzip = new Gunzip((data, final) => {
    total += data.length;
    if (total > maxBytes) {
      throw new ModelFileError(
        'too-large',
        `Model file too large: it decompresses to more than ${mib(maxBytes)} (the limit); refusing to read further.`
      );
    }
    if (data.length > 0) {
      chunks.push(data);
      crc.update(data);
    }
    if (final) ended = true;
  });
  gunzip.onmember = () => {
    members++;
  };
  try {
    for (let off = 0; off < bytes.length;) {
      const budget = Math.max(0, maxBytes - total);
      const chunk = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.floor(budget / MAX_EXPANSION)));
      const end = Math.min(bytes.length, off + chunk);
      gunzip.push(bytes.subarray(off, end), end === bytes.length);
      off = end;
    }
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    if (/unexpected EOF/i.test(msg)) {
      throw new ModelFileError(
        'truncated',
        `Truncated model file: the compressed data ends early (after ${bytes.length} bytes).`
      );
    }
    throw new ModelFileError(
      'corrupt',
      `Corrupt model file: the compressed data is damaged (${msg}).`
    );
  }
  if (!ended) {
    throw new ModelFileError('truncated', 'Truncated model file: the compressed data ends early.');
  }
  if (members !== 1) {
    throw new ModelFileError(
      'corrupt',
      `Corrupt model file: it holds ${members} concatenated gzip streams; a model file has exactly one.`
    );
  }

  // Single member: its trailer (CRC-32, size mod 2^32) is the last 8 bytes of the file.
  const t = bytes.length - 8;
  const storedCrc =
    (bytes[t] | (bytes[t + 1] << 8) | (bytes[t + 2] << 16) | (bytes[t + 3] << 24)) >>> 0;
  const storedSize =
    (bytes[t + 4] | (bytes[t + 5] << 8) | (bytes[t + 6] << 16) | (bytes[t + 7] << 24)) >>> 0;
  const sizeOk = storedSize === total >>> 0;
  if (!sizeOk || storedCrc !== crc.digest()) {
    throw new ModelFileError(
      sizeOk ? 'corrupt' : 'truncated',
      sizeOk
        ? 'Corrupt model file: the gzip CRC-32 checksum does not match the data (the file was damaged).'
        : 'Truncated or damaged model file: the gzip trailer does not match the data (the file was cut short or has extra bytes at the end).'
    );
  }

  const out = new Uint8Array(total);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}

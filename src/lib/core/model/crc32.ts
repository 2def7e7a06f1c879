/** CRC-32 (IEEE, as in gzip trailers). fflate's streaming Gunzip does not verify it, so we do. */

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** Incremental CRC-32: feed chunks with `update`, read the unsigned result with `digest`. */
export class Crc32 {
  private c = -1;

  update(bytes: Uint8Array): void {
    let c = this.c;
    for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    this.c = c;
  }

  digest(): number {
    return (this.c ^ -1) >>> 0;
  }
}

export function crc32(bytes: Uint8Array): number {
  const c = new Crc32();
  c.update(bytes);
  return c.digest();
}

// Draws the app icons (a planet crossing its star) as PNGs with no image library:
// node scripts/make-icons.mjs  ->  static/icons/*.png, static/favicon.png
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

function icon(size, scale) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const dx = (x - c) / (size * scale);
      const dy = (y - c) / (size * scale);
      const star = Math.hypot(dx, dy);
      const planet = Math.hypot(dx - 0.12, dy + 0.1);
      let rgb = [11, 29, 58];
      if (star < 0.36) rgb = [255, Math.round(207 - 120 * star), 92];
      if (planet < 0.11) rgb = [18, 40, 77];
      raw.set([...rgb, 255], o);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0))
  ]);
}

mkdirSync('static/icons', { recursive: true });
writeFileSync('static/icons/icon-192.png', icon(192, 1));
writeFileSync('static/icons/icon-512.png', icon(512, 1));
// Maskable: keep the drawing inside the central safe zone (80% circle).
writeFileSync('static/icons/icon-maskable-512.png', icon(512, 1.35));
writeFileSync('static/favicon.png', icon(48, 1));

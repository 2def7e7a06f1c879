/**
 * Every way a model file can be wrong gets its own file built here, and its own message. Files
 * are built from the valid sample model and then broken: at the byte level (not gzip, cut short,
 * damaged), at the payload level (header and array table, re-packed by hand), or at the content
 * level (a forest or metadata the writer would refuse, encoded without its checks).
 */
import { gunzipSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ModelFileError, type ModelErrorCode } from './errors.ts';
import { PREAMBLE_BYTES, align8 } from './layout.ts';
import { readModel } from './read.ts';
import { sampleModel } from './sample-model.ts';
import type { ModelFile } from './types.ts';
import { encodePayload, writeModel } from './write.ts';

const gz = (p: Uint8Array): Uint8Array => gzipSync(p, { mtime: 0 });
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

function expectRejected(bytes: Uint8Array, code: ModelErrorCode, message: RegExp): void {
  let error: unknown;
  try {
    readModel(bytes);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ModelFileError);
  expect((error as ModelFileError).message).toMatch(message);
  expect((error as ModelFileError).code).toBe(code);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Header = any;

/** The sample model's payload split into its JSON header and binary section. */
function unpack(payload = gunzipSync(writeModel(sampleModel()))): {
  header: Header;
  binary: Uint8Array;
} {
  const dv = new DataView(payload.buffer, payload.byteOffset);
  const len = dv.getUint32(8, true);
  const text = new TextDecoder().decode(payload.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + len));
  return { header: JSON.parse(text), binary: payload.slice(align8(PREAMBLE_BYTES + len)) };
}

/** Re-packs a header (object or raw JSON text) and binary section into a gzipped file. */
function pack(header: Header | string, binary: Uint8Array, version = 1): Uint8Array {
  const json = ascii(typeof header === 'string' ? header : JSON.stringify(header));
  const start = align8(PREAMBLE_BYTES + json.length);
  const p = new Uint8Array(start + binary.length);
  p.set(ascii('EXOF'));
  new DataView(p.buffer).setUint32(4, version, true);
  new DataView(p.buffer).setUint32(8, json.length, true);
  p.set(json, PREAMBLE_BYTES);
  p.set(binary, start);
  return gz(p);
}

/** The sample file with its header changed by `edit`. */
function withHeader(edit: (h: Header) => void): Uint8Array {
  const { header, binary } = unpack();
  edit(header);
  return pack(header, binary);
}

const entry = (h: Header, name: string): Header => h.arrays.find((a: Header) => a.name === name);

/** The sample model changed by `edit` and encoded without the writer's validation. */
function withModel(edit: (m: ModelFile) => void): Uint8Array {
  const m = sampleModel();
  edit(m);
  return gz(encodePayload(m));
}

describe('readModel rejects files that are not models', () => {
  it('a PNG image', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expectRejected(png, 'not-a-model', /it is a PNG image, not gzip-compressed data/);
  });

  it('a CSV table from the archive', () => {
    const csv = ascii(
      '# This file was produced by the NASA Exoplanet Archive\nkepid,koi_period\n1,2.5\n'
    );
    expectRejected(csv, 'not-a-model', /it is text \(it looks like a CSV table\)/);
  });

  it('random bytes', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 73 + 17) % 256);
    bytes[0] = 0x05;
    expectRejected(bytes, 'not-a-model', /unrecognised binary data, not gzip-compressed/);
  });

  it('an empty file', () => {
    expectRejected(new Uint8Array(0), 'not-a-model', /it is an empty file/);
  });

  it('a gzip file holding something else', () => {
    expectRejected(
      gz(ascii('kepid,koi_period\n1,2.5\n')),
      'not-a-model',
      /gzip-compressed, but holds text \(it looks like a CSV table\)/
    );
  });

  it('an uncompressed model payload', () => {
    expectRejected(encodePayload(sampleModel()), 'not-a-model', /uncompressed Exoforest payload/);
  });

  it('a header whose format name is not exoforest-model', () => {
    expectRejected(
      withHeader((h) => (h.format = 'other-model')),
      'not-a-model',
      /format is "other-model", expected "exoforest-model"/
    );
  });
});

describe('readModel rejects damaged gzip data', () => {
  const file = writeModel(sampleModel());

  it('a file cut in half', () => {
    expectRejected(file.slice(0, file.length >> 1), 'truncated', /compressed data ends early/);
  });

  it('a file missing the end of its trailer', () => {
    expectRejected(file.slice(0, file.length - 3), 'truncated', /trailer does not match/);
  });

  it('a file cut inside the gzip header', () => {
    expectRejected(file.slice(0, 12), 'truncated', /only 12 bytes/);
  });

  it('a flipped bit in stored (uncompressed) deflate data: CRC-32 mismatch', () => {
    const stored = gzipSync(gunzipSync(file), { level: 0, mtime: 0 });
    stored[stored.length - 100] ^= 0x10;
    expectRejected(stored, 'corrupt', /CRC-32 checksum does not match/);
  });

  it('a damaged stored CRC-32', () => {
    const bad = file.slice();
    bad[bad.length - 8] ^= 0xff;
    expectRejected(bad, 'corrupt', /CRC-32 checksum does not match/);
  });

  it('undecodable deflate data', () => {
    const bad = file.slice();
    for (let i = 10; i < 40; i++) bad[i] = 0xff;
    expectRejected(bad, 'corrupt', /compressed data is damaged/);
  });

  it('two concatenated gzip streams', () => {
    const two = new Uint8Array(file.length * 2);
    two.set(file);
    two.set(file, file.length);
    expectRejected(two, 'corrupt', /2 concatenated gzip streams/);
  });

  it('extra bytes after the gzip stream', () => {
    const extra = new Uint8Array(file.length + 3);
    extra.set(file);
    extra.set([1, 2, 3], file.length);
    expectRejected(extra, 'truncated', /has extra bytes at the end/);
  });
});

describe('readModel rejects other format versions', () => {
  const { header, binary } = unpack();

  it('a newer version, naming the version found and the versions supported', () => {
    header.version = 4;
    expectRejected(
      pack(header, binary, 4),
      'unsupported-version',
      /version 4: this Exoforest reads version 1, 2, 3\. .*newer Exoforest/
    );
  });

  it('version 0, without claiming it is newer', () => {
    expectRejected(
      pack(header, binary, 0),
      'unsupported-version',
      /^Unsupported model format version 0: this Exoforest reads version 1, 2, 3\.$/
    );
  });

  it('a header version that disagrees with the preamble', () => {
    expectRejected(
      withHeader((h) => (h.version = 3)),
      'invalid',
      /header says version 3 but the preamble says 1/
    );
  });
});

describe('readModel rejects a broken header', () => {
  it('a header length beyond the end of the data', () => {
    const p = gunzipSync(writeModel(sampleModel()));
    new DataView(p.buffer).setUint32(8, p.length, true);
    expectRejected(gz(p), 'invalid', /header length \(\d+ bytes\) goes beyond the end of the data/);
  });

  it('a header length over the 16 MB header limit', () => {
    const p = gunzipSync(writeModel(sampleModel()));
    new DataView(p.buffer).setUint32(8, 0xffffffff, true);
    expectRejected(gz(p), 'too-large', /declares 4294967295 bytes/);
  });

  it('a header that is not JSON', () => {
    const { binary } = unpack();
    expectRejected(
      pack('{"format": "exoforest-model", ', binary),
      'invalid',
      /header is not valid JSON/
    );
  });

  it('a header that is not UTF-8', () => {
    const p = gunzipSync(writeModel(sampleModel()));
    p[PREAMBLE_BYTES + 3] = 0xff;
    expectRejected(gz(p), 'invalid', /not valid UTF-8/);
  });

  for (const key of ['__proto__', 'constructor', 'prototype']) {
    it(`a "${key}" key anywhere in the JSON`, () => {
      const { header, binary } = unpack();
      const text = JSON.stringify(header).replace(
        '"notes":""',
        `"notes":"","metrics2":{"a":[{"${key}":{"polluted":true}}]}`
      );
      expectRejected(pack(text, binary), 'invalid', new RegExp(`forbidden key "${key}"`));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('a forbidden key used as a mission name', () => {
    const { header, binary } = unpack();
    const text = JSON.stringify(header).replace(
      '"missions":["koi","k2"]',
      '"missions":["koi","__proto__"]'
    );
    expectRejected(pack(text, binary), 'invalid', /forbidden key "__proto__"/);
  });
});

describe('readModel rejects a bad array table', () => {
  it('huge declared array lengths, before allocating anything', () => {
    const file = withHeader((h) => {
      const n = 2 ** 40;
      h.forest.nNodes = n;
      for (const a of h.arrays)
        if (a.name !== 'treeStart' && !a.name.startsWith('treeWeights'))
          a.length = a.name === 'value' ? 2 * n : n;
    });
    expectRejected(
      file,
      'invalid',
      /array "feature" \(1099511627776 x int32, bytes \d+\.\.\d{13}\) lies outside the binary section \(\d+ bytes\)/
    );
  });

  it('an array byte range past the end of the file', () => {
    expectRejected(
      withHeader((h) => (entry(h, 'gain').offset = 4096)),
      'invalid',
      /array "gain" .* lies outside the binary section/
    );
  });

  it('an offset that is not a multiple of 8', () => {
    expectRejected(
      withHeader((h) => (entry(h, 'left').offset += 4)),
      'invalid',
      /array "left" starts at offset \d+, not a multiple of 8/
    );
  });

  it('overlapping arrays', () => {
    expectRejected(
      withHeader((h) => (entry(h, 'right').offset = entry(h, 'left').offset)),
      'invalid',
      /arrays "(left|right)" and "(left|right)" overlap/
    );
  });

  it('unexpected bytes after the last array', () => {
    const { header, binary } = unpack();
    const longer = new Uint8Array(binary.length + 16);
    longer.set(binary);
    expectRejected(pack(header, longer), 'invalid', /16 unexpected bytes follow the last array/);
  });

  it('a dtype mismatch', () => {
    expectRejected(
      withHeader((h) => (entry(h, 'threshold').dtype = 'float64')),
      'invalid',
      /array "threshold" has dtype "float64", expected "float32"/
    );
  });

  it('a missing array', () => {
    expectRejected(
      withHeader((h) => (h.arrays = h.arrays.filter((a: Header) => a.name !== 'gain'))),
      'invalid',
      /array "gain" is missing/
    );
  });

  it('an unknown array', () => {
    expectRejected(
      withHeader((h) => (entry(h, 'gain').name = 'gains')),
      'invalid',
      /unknown array "gains"/
    );
  });

  it('an array listed twice', () => {
    expectRejected(
      withHeader((h) => h.arrays.push({ ...entry(h, 'gain') })),
      'invalid',
      /array "gain" is listed twice/
    );
  });

  it('node count mismatch between arrays', () => {
    const file = withModel((m) => (m.forest.left = m.forest.left.slice(0, 7)));
    expectRejected(
      file,
      'invalid',
      /array "left" has 7 entries, but the header's forest sizes need 8/
    );
  });

  it('node count mismatch between treeStart and the node arrays', () => {
    const file = withModel((m) => (m.forest.treeStart = Int32Array.from([0, 5, 9])));
    expectRejected(
      file,
      'invalid',
      /array "feature" has 8 entries but treeStart's node count \(9\) needs 8|needs 9/
    );
  });

  it('tree weights listed in the header without an array', () => {
    const { header, binary } = unpack();
    header.treeWeights.missions.push('toi');
    expectRejected(pack(header, binary), 'invalid', /array "treeWeights:toi" is missing/);
  });

  it('a required header field missing', () => {
    expectRejected(
      withHeader((h) => delete h.forest.nClasses),
      'invalid',
      /header\.forest\.nClasses is missing/
    );
  });
});

describe('readModel rejects an inconsistent forest', () => {
  const cases: [string, (m: ModelFile) => void, RegExp][] = [
    [
      'a child index out of range',
      (m) => (m.forest.left[0] = 99),
      /tree 0, node 0 has left child 99, which is not after it within the tree \(nodes 0\.\.4\)/
    ],
    [
      'a child pointing backwards',
      (m) => (m.forest.left[2] = 1),
      /tree 0, node 2 has left child 1, which is not after it/
    ],
    [
      'a child pointing into another tree',
      (m) => (m.forest.right[2] = 6),
      /tree 0, node 2 has right child 6, which is not after it within the tree/
    ],
    [
      'a cycle (a node its own child)',
      (m) => (m.forest.right[5] = 5),
      /tree 1, node 5 has right child 5, which is not after it/
    ],
    [
      'a node with two parents',
      (m) => (m.forest.right[2] = 3),
      /tree 0: node 3 has more than one parent/
    ],
    [
      'a node no path reaches',
      (m) => {
        m.forest.feature[2] = -1;
        m.forest.left[2] = -1;
        m.forest.right[2] = -1;
      },
      /tree 0: node 3 is not reachable from the root/
    ],
    [
      'a leaf with children',
      (m) => (m.forest.left[1] = 3),
      /tree 0, node 1 is a leaf \(feature -1\) but has children 3 and -1/
    ],
    [
      'a split without a child',
      (m) => (m.forest.right[0] = -1),
      /tree 0, node 0 splits but has no right child/
    ],
    [
      'a feature index past the last feature',
      (m) => (m.forest.feature[0] = 3),
      /node 0 splits on feature 3, outside 0\.\.2/
    ],
    [
      'a negative feature index other than -1',
      (m) => (m.forest.feature[5] = -2),
      /tree 1, node 5 splits on feature -2/
    ],
    [
      'a NaN threshold',
      (m) => (m.forest.threshold[2] = Number.NaN),
      /node 2 has a non-finite threshold \(NaN\)/
    ],
    [
      'an infinite threshold',
      (m) => (m.forest.threshold[0] = Infinity),
      /node 0 has a non-finite threshold \(Infinity\)/
    ],
    [
      'a missingLeft flag other than 0/1',
      (m) => (m.forest.missingLeft[0] = 2),
      /node 0 has missingLeft 2/
    ],
    [
      'a NaN class value',
      (m) => (m.forest.value[7] = Number.NaN),
      /node 3 has class value NaN for class 1/
    ],
    [
      'a class value above 1',
      (m) => (m.forest.value[2] = 1.5),
      /node 1 has class value 1\.5 for class 0 \(must be finite and in \[0, 1\]\)/
    ],
    [
      'a negative class value',
      (m) => (m.forest.value[15] = -0.25),
      /node 7 has class value -0\.25/
    ],
    ['a negative node weight', (m) => (m.forest.nodeWeight[4] = -1), /node 4 has node weight -1/],
    ['an infinite gain', (m) => (m.forest.gain[0] = Infinity), /node 0 has a non-finite gain/],
    [
      'treeStart not starting at 0',
      (m) => (m.forest.treeStart = Int32Array.from([1, 5, 8])),
      /treeStart\[0\] must be 0/
    ],
    [
      'an empty tree',
      (m) => (m.forest.treeStart = Int32Array.from([0, 5, 5, 8])),
      /tree 1 is empty or out of order/
    ]
  ];
  for (const [what, edit, message] of cases) {
    it(what, () => expectRejected(withModel(edit), 'invalid', message));
  }
});

describe('readModel rejects inconsistent metadata', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const meta = (m: ModelFile): any => m.meta;
  const cases: [string, (m: ModelFile) => void, RegExp][] = [
    [
      'more class names than classes',
      (m) => m.meta.classes.push('CANDIDATE'),
      /meta\.classes has 3 names but the forest has 2 classes/
    ],
    [
      'fewer feature names than features',
      (m) => m.meta.features.pop(),
      /meta\.features has 2 entries but the forest uses 3 features/
    ],
    ['a missing required field', (m) => delete meta(m).createdAt, /meta\.createdAt is missing/],
    [
      'a missing stage field',
      (m) => delete meta(m).stages[1].dataFingerprint,
      /meta\.stages\[1\]\.dataFingerprint is missing/
    ],
    [
      'an unknown task',
      (m) => (meta(m).task = 'regression'),
      /meta\.task must be "vetting" or "disposition"/
    ],
    [
      'a positive class that is not a class',
      (m) => (m.meta.positiveClass = 'CONFIRMED'),
      /meta\.positiveClass must be null or one of the classes/
    ],
    [
      'duplicate feature names',
      (m) => (m.meta.features[1].name = 'period'),
      /meta\.features lists "period" twice/
    ],
    [
      'a feature range with min > max',
      (m) => (m.meta.featureRanges[0] = { min: 2, max: 1 }),
      /meta\.featureRanges\[0\] has min 2 > max 1/
    ],
    [
      'stages leaving a gap in the trees',
      (m) => (m.meta.stages[1].treeRange = [2, 2]),
      /meta\.stages\[1\]\.treeRange is \[2, 2\) but must start at tree 1/
    ],
    [
      'stages not covering all trees',
      (m) => m.meta.stages.pop(),
      /the stages cover 1 trees but the forest has 2/
    ],
    ['no stages', (m) => (m.meta.stages = []), /meta\.stages is empty/],
    [
      'class weights of the wrong length',
      (m) => m.meta.stages[0].classWeights.push(1),
      /meta\.stages\[0\]\.classWeights has 3 entries but the model has 2 classes/
    ],
    [
      'a data fingerprint that is not hex',
      (m) => (m.meta.stages[0].dataFingerprint = 'not a hash!'),
      /dataFingerprint must be 8 to 128 hex digits/
    ],
    [
      'a fractional row count',
      (m) => (m.meta.stages[0].rows.train = 10.5),
      /meta\.stages\[0\]\.rows\.train must be an integer >= 0 \(got 10\.5\)/
    ],
    [
      'an importance for an unknown feature',
      (m) => (m.meta.importances.mdi.radius = 0.1),
      /meta\.importances\.mdi names "radius", which is not one of the model's features/
    ],
    [
      'tree weights that are not finite',
      (m) => (m.treeWeights!.byMission.koi[1] = Infinity),
      /treeWeights for "koi"\[1\] is Infinity \(must be finite and >= 0\)/
    ],
    [
      'tree weights that are NaN',
      (m) => (m.treeWeights!.byMission.k2[0] = Number.NaN),
      /treeWeights for "k2"\[0\] is NaN/
    ],
    [
      'per-stage tree weights of the wrong length',
      (m) => (m.treeWeights!.byMission.koi = Float64Array.from([1, 2, 3])),
      /treeWeights for "koi" has 3 weights but needs 2 \(one per stage\)/
    ]
  ];
  for (const [what, edit, message] of cases) {
    it(what, () => expectRejected(withModel(edit), 'invalid', message));
  }
});

/**
 * The probability calibration in a model file: what the maps compute, that a calibrated model
 * is written as version 2 and reads back bit for bit, that an uncalibrated one stays version 1,
 * and that every way a stored calibration can be wrong is refused with its own message.
 */
import { gunzipSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  ISOTONIC_TIE_BREAK,
  applyCalibration,
  applyMap,
  validateCalibration
} from './calibration.ts';
import { ModelFileError } from './errors.ts';
import { modelFingerprint } from './fingerprint.ts';
import { PREAMBLE_BYTES, align8 } from './layout.ts';
import { readModel } from './read.ts';
import { sampleCalibratedModel, sampleModel } from './sample-model.ts';
import { writeModel } from './write.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Header = any;

const version = (file: Uint8Array) => new DataView(gunzipSync(file).buffer).getUint32(4, true);

/** A calibrated sample file whose JSON header is changed by `edit` (preamble version kept). */
function withHeader(edit: (h: Header) => void, v = 2): Uint8Array {
  const payload = gunzipSync(writeModel(sampleCalibratedModel()));
  const len = new DataView(payload.buffer).getUint32(8, true);
  const header = JSON.parse(
    new TextDecoder().decode(payload.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + len))
  );
  const binary = payload.slice(align8(PREAMBLE_BYTES + len));
  edit(header);
  header.version = v;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = align8(PREAMBLE_BYTES + json.length);
  const p = new Uint8Array(start + binary.length);
  p.set(new TextEncoder().encode('EXOF'));
  new DataView(p.buffer).setUint32(4, v, true);
  new DataView(p.buffer).setUint32(8, json.length, true);
  p.set(json, PREAMBLE_BYTES);
  p.set(binary, start);
  return gzipSync(p, { mtime: 0 });
}

function rejected(bytes: Uint8Array, message: RegExp): void {
  let error: unknown;
  try {
    readModel(bytes);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ModelFileError);
  expect((error as ModelFileError).message).toMatch(message);
}

describe('calibration maps', () => {
  it('Platt: the logistic of a p + b', () => {
    const map = { method: 'platt' as const, a: 4, b: -2 };
    expect(applyMap(map, 0.5)).toBe(0.5);
    expect(applyMap(map, 1)).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(applyMap(map, 0)).toBeCloseTo(1 / (1 + Math.exp(2)), 15);
  });

  it('isotonic: linear between knots, constant beyond the ends', () => {
    const map = { method: 'isotonic' as const, x: [0.2, 0.4, 0.8], y: [0.1, 0.3, 0.5] };
    const t = ISOTONIC_TIE_BREAK;
    const expected: [number, number][] = [
      [0, 0.1],
      [0.2, 0.1],
      [0.3, 0.2],
      [0.6, 0.4],
      [0.8, 0.5],
      [1, 0.5]
    ];
    for (const [p, step] of expected)
      expect(applyMap(map, p)).toBeCloseTo((1 - t) * step + t * p, 14);
    // Within a flat step the forest's order is kept.
    expect(applyMap(map, 0.9)).toBeGreaterThan(applyMap(map, 0.85));
    expect(applyMap(map, 0.9) - 0.5).toBeLessThan(1e-6);
  });

  it('maps each row by its mission, the other class gets the rest, unknown missions stay raw', () => {
    const cal = sampleCalibratedModel().calibration!;
    const classes = ['FALSE_POSITIVE', 'PLANET'];
    const p = Float64Array.from([0.2, 0.8, 0.7, 0.3, 0.6, 0.4]);
    applyCalibration(cal, classes, p, ['koi', 'k2', 'toi']);
    const koi = applyMap(cal.byMission.koi, 0.8);
    expect([p[0], p[1]]).toEqual([1 - koi, koi]);
    const k2 = applyMap(cal.byMission.k2, 0.3);
    expect([p[2], p[3]]).toEqual([1 - k2, k2]);
    expect([p[4], p[5]]).toEqual([0.6, 0.4]);
    expect(() => applyCalibration(cal, ['A', 'B', 'C'], p, ['koi'])).toThrow(/two-class/);
  });
});

describe('a calibrated model file', () => {
  it('is version 2, reads back bit for bit, and its fingerprint covers the calibration', () => {
    const model = sampleCalibratedModel();
    const bytes = writeModel(model);
    expect(version(bytes)).toBe(2);
    const back = readModel(bytes);
    expect(back.calibration).toEqual(model.calibration);
    expect(Buffer.from(writeModel(back)).equals(Buffer.from(bytes))).toBe(true);
    const plain = sampleModel();
    expect(modelFingerprint(back)).not.toBe(modelFingerprint(plain));
    const changed = sampleCalibratedModel();
    (changed.calibration!.byMission.koi as { b: number }).b = -3;
    expect(modelFingerprint(changed)).not.toBe(modelFingerprint(model));
  });

  it('an uncalibrated model stays version 1 with no calibration field', () => {
    const bytes = writeModel(sampleModel());
    expect(version(bytes)).toBe(1);
    const back = readModel(bytes);
    expect('calibration' in back).toBe(false);
  });

  it('the writer refuses an invalid calibration', () => {
    const m = sampleCalibratedModel();
    m.calibration!.byMission.koi = { method: 'platt', a: -1, b: 0 };
    expect(() => writeModel(m)).toThrow(
      /calibration\.byMission\.koi\.a must be a finite number > 0/
    );
  });
});

describe('readModel rejects a bad calibration', () => {
  const cases: [string, (h: Header) => void, RegExp][] = [
    ['not an object', (h) => (h.calibration = 'platt'), /calibration must be an object or null/],
    [
      'a positive class the model does not have',
      (h) => (h.calibration.positiveClass = 'CANDIDATE'),
      /calibration\.positiveClass must be one of the classes FALSE_POSITIVE, PLANET/
    ],
    [
      'an unknown method',
      (h) => (h.calibration.byMission.koi = { method: 'beta', a: 1 }),
      /calibration\.byMission\.koi\.method must be "platt" or "isotonic" \(got "beta"\)/
    ],
    [
      'a Platt slope that reverses the ranking',
      (h) => (h.calibration.byMission.koi.a = -2),
      /calibration\.byMission\.koi\.a must be a finite number > 0/
    ],
    [
      'a Platt offset that is not a number',
      (h) => (h.calibration.byMission.koi.b = null),
      /calibration\.byMission\.koi\.b must be a finite number \(got null\)/
    ],
    [
      'isotonic knots of different lengths',
      (h) => h.calibration.byMission.k2.y.pop(),
      /calibration\.byMission\.k2\.x and calibration\.byMission\.k2\.y must be non-empty and of equal length \(got 4 and 3\)/
    ],
    [
      'isotonic knots out of order',
      (h) => (h.calibration.byMission.k2.x = [0.1, 0.5, 0.45, 0.9]),
      /calibration\.byMission\.k2\.x must be strictly increasing \(x\[2\] = 0\.45\)/
    ],
    [
      'an isotonic map that goes down',
      (h) => (h.calibration.byMission.k2.y = [0.05, 0.3, 0.2, 0.875]),
      /calibration\.byMission\.k2\.y must not decrease \(y\[2\] = 0\.2 < y\[1\] = 0\.3\)/
    ],
    [
      'an isotonic value outside [0, 1]',
      (h) => (h.calibration.byMission.k2.y[3] = 1.5),
      /calibration\.byMission\.k2\.y\[3\] must be a number in \[0, 1\] \(got 1\.5\)/
    ],
    [
      'a forbidden mission name',
      (h) => (h.calibration.byMission = JSON.parse('{"__proto__": {"method": "platt"}}')),
      /forbidden key "__proto__"|unusable mission name "__proto__"/
    ],
    [
      'no maps object',
      (h) => delete h.calibration.byMission,
      /calibration\.byMission must be an object/
    ]
  ];
  for (const [what, edit, message] of cases) {
    it(what, () => rejected(withHeader(edit), message));
  }

  it('a version 2 file without a calibration', () => {
    rejected(
      withHeader((h) => delete h.calibration),
      /header\.calibration is missing \(version 2 files carry one\)/
    );
    rejected(
      withHeader((h) => (h.calibration = null)),
      /header\.calibration must be an object in a version 2 file/
    );
  });

  it('a version 1 file that carries a calibration', () => {
    rejected(
      withHeader(() => {}, 1),
      /header\.calibration is set, but version 1 files have no calibration/
    );
  });

  it('a calibration on a three-class model', () => {
    const cal = sampleCalibratedModel().calibration;
    expect(() => validateCalibration(cal, ['CONFIRMED', 'PLANET', 'FALSE_POSITIVE'])).toThrow(
      /calibration is only defined for two-class models; this one has 3 classes/
    );
  });
});

/**
 * exp and log that give the same bits in every JavaScript engine.
 *
 * Math.exp, Math.log and Math.log1p are only required to be approximations, and V8's differ
 * between versions: Node's and Chromium's disagree in the last bit for a tenth of inputs. A
 * calibrated probability or a fitted weight computed with them would then differ between the
 * CLI, the app and a colleague's browser, and a shared model would not give identical
 * predictions. These follow fdlibm's algorithms (e_exp.c, e_log.c) with only +, -, *, / and
 * bit access, which IEEE 754 fixes exactly, so every engine returns the same double.
 */

const view = new DataView(new ArrayBuffer(8));

function highWord(x: number): number {
  view.setFloat64(0, x);
  return view.getInt32(0);
}

/** 2^k for an integer k in [-1074, 1023], built from its bits. */
function pow2(k: number): number {
  if (k >= -1022) {
    view.setInt32(0, (k + 1023) << 20);
    view.setInt32(4, 0);
    return view.getFloat64(0);
  }
  // Subnormal: 2^k = 2^(k + 54) * 2^-54, both normal; the product is exact.
  return pow2(k + 54) * 5.551115123125783e-17;
}

const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const INV_LN2 = 1.4426950408889634;
const P1 = 0.16666666666666602;
const P2 = -0.0027777777777015593;
const P3 = 6.613756321437934e-5;
const P4 = -1.6533902205465252e-6;
const P5 = 4.1381367970572385e-8;

/** e^x, within 1 ulp of the true value, identical in every engine. */
export function exactExp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019411) return 0;
  if (Math.abs(x) < 3.725290298461914e-9) return 1 + x;
  // x = k ln2 + r, |r| <= ln2 / 2; Math.round and Math.abs are exact operations.
  const k = Math.abs(x) < 0.34657359027997264 ? 0 : Math.round(x * INV_LN2);
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  if (k === 0) return y;
  // Scale in two steps so that neither factor overflows or loses bits early.
  if (k > 1000) return y * pow2(1000) * pow2(k - 1000);
  if (k < -1000) return y * pow2(-1000) * pow2(k + 1000);
  return y * pow2(k);
}

const LG1 = 0.6666666666666735;
const LG2 = 0.3999999999940942;
const LG3 = 0.2857142874366239;
const LG4 = 0.22222198432149784;
const LG5 = 0.1818357216161805;
const LG6 = 0.15313837699209373;
const LG7 = 0.14798198605116586;

/** Natural logarithm, within 1 ulp of the true value, identical in every engine. */
export function exactLog(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    // Subnormal: scale up by 2^54 (exact) first.
    x *= 18014398509481984;
    k = -54;
  }
  let hx = highWord(x);
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  // Normalise the mantissa m to [sqrt(2)/2, sqrt(2)): x = 2^k * m.
  const i = (hx + 0x95f64) & 0x100000;
  view.setFloat64(0, x);
  view.setInt32(0, hx | (i ^ 0x3ff00000));
  const m = view.getFloat64(0);
  k += i >> 20;
  const f = m - 1;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - (hfsq - (s * (hfsq + R) + k * LN2_LO) - f);
}

/** log(1 + x), accurate for small x (Goldberg's correction), identical in every engine. */
export function exactLog1p(x: number): number {
  const u = 1 + x;
  if (u === 1) return x;
  if (u === Infinity) return Infinity;
  return (exactLog(u) * x) / (u - 1);
}

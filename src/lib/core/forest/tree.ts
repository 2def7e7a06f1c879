/**
 * Grows one histogram-based classification tree into a NodeStore.
 *
 * Rows live in one index array; a split partitions its node's segment in place (stably, so rows
 * stay in ascending order and bin lookups stay cache-friendly). Each node tries a fresh random
 * subset of features. A feature's per-node histogram holds, per bin, the weighted class sums and
 * the row count (stride K + 1); the last bin holds missing values.
 *
 * Histogram reuse: children are processed smaller first. When the larger child draws a feature
 * whose histogram its parent built, it takes parent minus smaller sibling (building the
 * sibling's from its fewer rows if the sibling did not draw it) instead of reading its own rows.
 * Histograms are cached per depth, which is enough with depth-first order: a parent's slot is
 * untouched until its larger child is done. Small nodes skip all of that and histogram only
 * the bins their rows touch.
 *
 * The arrays the hot loops read (row indices, labels, weights, bin codes, class sums and one
 * arena for all histograms) are fields of a module-level object, set once with headroom and
 * kept between fits: V8 then folds them to constants and drops the per-iteration map check and
 * buffer lookup it needs for arrays read off `this` or passed in (training CPU 15-30% lower).
 * A fit needing more room replaces a field, after which V8 reads it like before (no slower).
 * Fits are synchronous, so one set per thread suffices. Kept memory also spares page faults of
 * fresh buffers (see README). Arena layout: sparse-path bins, the uncached slot, depth d at d+1.
 */
import type { Rng } from '../random.ts';
import type { ResolvedParams } from './params.ts';
import type { BinnedMatrix } from './types.ts';
import { NodeStore } from './node-store.ts';

/** Below this many rows a node uses the sparse (touched-bins) histogram path. */
const SMALL_NODE = 48;
/** Cap on memory of cached per-depth histograms (the arena holds them and one more). */
const CACHE_BYTES = 96 * 1024 * 1024;
const LN2 = Math.LN2;
/** Impurity at or below this is treated as a pure node (absorbs float residue of subtraction). */
const PURE_EPS = 1e-12;
/** Stack record layout (Int32): start, end, depth, node, parent, sibling, sibStart, sibEnd, knownConstant. */
const SR = 9;

/** Hot-loop arrays of the current grower (see the header); only the reserve functions set them. */
const R = {} as {
  idx: Int32Array;
  tmp: Int32Array;
  y: Int32Array;
  w: Float64Array;
  codes: Uint8Array;
  hist: Float64Array;
  T: Float64Array;
  L: Float64Array;
  M: Float64Array;
  bestL: Float64Array;
};

/** Makes R hold class sums: node (T), left side (L), missing bin (M), best left (bestL). */
function reserveClasses(K: number): void {
  if (R.T !== undefined && R.T.length >= K) return;
  const k = Math.max(K, 64);
  R.T = new Float64Array(k);
  R.L = new Float64Array(k);
  R.M = new Float64Array(k);
  R.bestL = new Float64Array(k);
}

/** Makes R hold n rows and nCodes bin codes, with headroom so later fits rarely need more. */
function reserve(n: number, nCodes: number): void {
  if (R.idx === undefined || R.idx.length < n) {
    const m = Math.max(n, 1 << 18);
    R.idx = new Int32Array(m);
    R.tmp = new Int32Array(m);
    R.y = new Int32Array(m);
    R.w = new Float64Array(m);
  }
  if (R.codes === undefined || R.codes.length < nCodes)
    R.codes = new Uint8Array(Math.max(nCodes, 1 << 24));
}

let histGrowths = 0;

/** This thread's histogram arena: its length and how often it was reallocated (for tests). */
export function histArenaStats(): { length: number; growths: number } {
  return { length: R.hist?.length ?? 0, growths: histGrowths };
}

/**
 * Makes R.hist hold at least len values (at most `cap` are ever needed), keeping its contents
 * (live cached slots). It grows by half again at least: deep trees ask for two more slots per
 * new depth level, and a fresh copy of the whole arena for each would cost far more than the
 * slots themselves.
 */
function reserveHist(len: number, cap: number): void {
  const old = R.hist?.length ?? 0;
  if (old >= len) return;
  histGrowths++;
  const h = new Float64Array(Math.max(len, Math.min(cap, old + (old >> 1)), 1 << 20));
  if (R.hist !== undefined) h.set(R.hist);
  R.hist = h;
}

const xlogx = (v: number): number => (v > 0 ? v * Math.log(v) : 0);

export class TreeGrower {
  private readonly nRows: number;
  private readonly p: number;
  private readonly K: number;
  private readonly S: number;
  private readonly edges: Float32Array;
  private readonly edgeStart: Int32Array;
  private readonly nBins: Int32Array;
  private readonly histOff: Int32Array;
  private readonly histSize: number;
  private readonly prm: ResolvedParams;
  private readonly store: NodeStore;

  private readonly feats: Int32Array;
  private readonly identity: Int32Array;
  private readonly touched: Int32Array;
  private readonly sparseLen: number;
  private readonly owners: (Int32Array | null)[] = [];
  private maxSlots: number;

  private stackI: Int32Array;
  private stackT: Float64Array;
  private sp = 0;

  // Current node and best split found so far.
  private W = 0;
  private Tn = 0;
  private bestProxy = -Infinity;
  private bestF = -1;
  private bestBin = 0;
  private bestMl = 0;
  private bestLn = 0;
  private wRoot = 0;

  constructor(bins: BinnedMatrix, y: Int32Array, prm: ResolvedParams, store: NodeStore) {
    this.nRows = bins.nRows;
    this.p = bins.nCols;
    this.K = prm.nClasses;
    this.S = this.K + 1;
    this.edges = bins.edges;
    this.edgeStart = bins.edgeStart;
    this.prm = prm;
    this.store = store;
    this.nBins = new Int32Array(this.p);
    this.histOff = new Int32Array(this.p + 1);
    let maxLen = 0;
    for (let f = 0; f < this.p; f++) {
      this.nBins[f] = bins.edgeStart[f + 1] - bins.edgeStart[f];
      const len = (this.nBins[f] + 1) * this.S;
      this.histOff[f + 1] = this.histOff[f] + len;
      if (len > maxLen) maxLen = len;
    }
    this.histSize = this.histOff[this.p];
    this.maxSlots = Math.max(1, Math.floor(CACHE_BYTES / (8 * this.histSize + 4 * this.p)));
    reserve(this.nRows, bins.codes.length);
    R.codes.set(bins.codes);
    R.y.set(y);
    this.feats = new Int32Array(this.p);
    for (let f = 0; f < this.p; f++) this.feats[f] = f;
    this.identity = new Int32Array(256);
    for (let b = 0; b < 256; b++) this.identity[b] = b;
    this.touched = new Int32Array(257);
    this.sparseLen = maxLen;
    reserveHist(maxLen + (Math.min(this.maxSlots, 64) + 1) * this.histSize, this.histCap());
    R.hist.fill(0, 0, maxLen);
    this.stackI = new Int32Array(64 * SR);
    this.stackT = new Float64Array(64 * this.S);
    reserveClasses(this.K);
  }

  /** Arena values this grower can ever use: the sparse scratch and every cached slot. */
  private histCap(): number {
    return this.sparseLen + (this.maxSlots + 1) * this.histSize;
  }

  /**
   * Grows one tree on the rows with rowWeight > 0 (bootstrap count x sample weight x class
   * weight), drawing features from `rng`, and appends its nodes to the store.
   */
  grow(rng: Rng, rowWeight: Float64Array): void {
    const { K } = this;
    const { idx, y } = R;
    R.w.set(rowWeight);
    let m = 0;
    for (let r = 0; r < this.nRows; r++) if (rowWeight[r] > 0) idx[m++] = r;
    for (const o of this.owners) o?.fill(-1);
    // Feature draws must depend on this tree's stream only, not on earlier trees.
    for (let f = 0; f < this.p; f++) this.feats[f] = f;
    this.sp = 0;
    const root = this.store.add();
    const t = this.push(0, m, 0, root, -1, -1, -1, -1, 0);
    const st = this.stackT;
    for (let i = 0; i < m; i++) st[t + y[idx[i]]] += rowWeight[idx[i]];
    st[t + K] = m;
    let wRoot = 0;
    for (let c = 0; c < K; c++) wRoot += st[t + c];
    this.wRoot = wRoot;
    while (this.sp > 0) this.processNode(rng);
  }

  /** Pushes a stack record and returns the offset of its totals (zeroed) in stackT. */
  private push(
    start: number,
    end: number,
    depth: number,
    node: number,
    parent: number,
    sibling: number,
    sibStart: number,
    sibEnd: number,
    kc: number
  ): number {
    if ((this.sp + 1) * SR > this.stackI.length) {
      const si = new Int32Array(this.stackI.length * 2);
      si.set(this.stackI);
      this.stackI = si;
      const stt = new Float64Array(this.stackT.length * 2);
      stt.set(this.stackT);
      this.stackT = stt;
    }
    const o = this.sp * SR;
    const s = this.stackI;
    s[o] = start;
    s[o + 1] = end;
    s[o + 2] = depth;
    s[o + 3] = node;
    s[o + 4] = parent;
    s[o + 5] = sibling;
    s[o + 6] = sibStart;
    s[o + 7] = sibEnd;
    s[o + 8] = kc;
    const t = this.sp * this.S;
    this.stackT.fill(0, t, t + this.S);
    this.sp++;
    return t;
  }

  private processNode(rng: Rng): void {
    const { K, S, store, prm } = this;
    const T = R.T;
    this.sp--;
    const o = this.sp * SR;
    const s = this.stackI;
    const start = s[o];
    const end = s[o + 1];
    const depth = s[o + 2];
    const node = s[o + 3];
    const parent = s[o + 4];
    const sibling = s[o + 5];
    const sibStart = s[o + 6];
    const sibEnd = s[o + 7];
    const kc = s[o + 8];
    const to = this.sp * S;
    let W = 0;
    for (let c = 0; c < K; c++) {
      T[c] = this.stackT[to + c];
      W += T[c];
    }
    const nNode = end - start;
    this.W = W;
    this.Tn = nNode;

    store.nodeWeight[node] = W > 0 ? W : 0;
    // With fractional weights, histogram subtraction can leave a class total that is truly 0
    // a hair below it (-1e-13): store such a class as 0 and normalise by the non-negative
    // totals. Without negatives, Wv === W and the values are unchanged.
    let Wv = 0;
    for (let c = 0; c < K; c++) Wv += T[c] > 0 ? T[c] : 0;
    const vo = node * K;
    for (let c = 0; c < K; c++) store.value[vo + c] = W > 0 ? (T[c] > 0 ? T[c] : 0) / Wv : 1 / K;

    if (
      W <= 0 ||
      depth >= prm.maxDepth ||
      nNode < prm.minSamplesSplit ||
      nNode < 2 * prm.minSamplesLeaf ||
      this.impurity(T, W) <= PURE_EPS
    ) {
      return;
    }

    // Draw features without replacement. Layout of feats: [0, kc) known constant here,
    // [kc, kc + fc) found constant at this node, then undrawn, then [p - dn, p) drawn usable.
    const p = this.p;
    const feats = this.feats;
    const dense = nNode >= SMALL_NODE;
    this.bestProxy = -Infinity;
    this.bestF = -1;
    let fc = 0;
    let dn = 0;
    while (kc + fc < p - dn) {
      const lo = kc + fc;
      const hi = p - dn;
      const j = lo + rng.int(hi - lo);
      const f = feats[j];
      const usable = dense
        ? this.denseFeature(f, depth, start, end, node, parent, sibling, sibStart, sibEnd)
        : this.sparseFeature(f, start, end);
      if (usable) {
        feats[j] = feats[hi - 1];
        feats[hi - 1] = f;
        dn++;
        if (dn >= prm.mtry && this.bestF >= 0) break;
      } else {
        feats[j] = feats[lo];
        feats[lo] = f;
        fc++;
      }
    }
    if (this.bestF < 0) return;

    const gain = this.splitGain();
    if (gain / this.wRoot + 1e-12 < prm.minImpurityDecrease) return;

    const f = this.bestF;
    const nl = this.partition(f, start, end);
    const left = store.add();
    const right = store.add();
    store.feature[node] = f;
    store.threshold[node] = this.edges[this.edgeStart[f] + this.bestBin];
    store.missingLeft[node] = this.bestMl;
    store.left[node] = left;
    store.right[node] = right;
    store.gain[node] = gain;

    // Larger child first on the stack, so the smaller one is grown first and the larger can
    // derive histograms from parent minus sibling.
    const mid = start + nl;
    const leftLarger = nl >= nNode - nl;
    const kc2 = kc + fc;
    const bl = R.bestL;
    if (leftLarger) {
      const tl = this.push(start, mid, depth + 1, left, node, right, mid, end, kc2);
      for (let c = 0; c < K; c++) this.stackT[tl + c] = bl[c];
      this.stackT[tl + K] = nl;
      const tr = this.push(mid, end, depth + 1, right, -1, -1, -1, -1, kc2);
      for (let c = 0; c < K; c++) this.stackT[tr + c] = T[c] - bl[c];
      this.stackT[tr + K] = nNode - nl;
    } else {
      const tr = this.push(mid, end, depth + 1, right, node, left, start, mid, kc2);
      for (let c = 0; c < K; c++) this.stackT[tr + c] = T[c] - bl[c];
      this.stackT[tr + K] = nNode - nl;
      const tl = this.push(start, mid, depth + 1, left, -1, -1, -1, -1, kc2);
      for (let c = 0; c < K; c++) this.stackT[tl + c] = bl[c];
      this.stackT[tl + K] = nl;
    }
  }

  private impurity(T: Float64Array, W: number): number {
    const K = this.K;
    if (this.prm.entropy) {
      let h = 0;
      for (let c = 0; c < K; c++) if (T[c] > 0) h -= (T[c] / W) * Math.log2(T[c] / W);
      return h;
    }
    let g = 1;
    for (let c = 0; c < K; c++) g -= (T[c] / W) * (T[c] / W);
    return g;
  }

  /** Weighted impurity decrease of the best split: W*I(T) - WL*I(L) - WR*I(R). */
  private splitGain(): number {
    const K = this.K;
    const { T, bestL } = R;
    const W = this.W;
    let lw = 0;
    for (let c = 0; c < K; c++) lw += bestL[c];
    const rw = W - lw;
    if (this.prm.entropy) {
      let g = xlogx(W) - xlogx(lw) - xlogx(rw);
      for (let c = 0; c < K; c++) g += xlogx(bestL[c]) + xlogx(T[c] - bestL[c]) - xlogx(T[c]);
      return Math.max(0, g / LN2);
    }
    let st = 0;
    let sl = 0;
    let sr = 0;
    for (let c = 0; c < K; c++) {
      const l = bestL[c];
      const r = T[c] - l;
      st += T[c] * T[c];
      sl += l * l;
      sr += r * r;
    }
    return Math.max(0, sl / lw + sr / rw - st / W);
  }

  /** Offset in R.hist of a depth's cache slot, or of the shared scratch past the cap. */
  private slotAt(depth: number): number {
    if (depth >= this.maxSlots) return this.sparseLen;
    while (this.owners.length <= depth) this.owners.push(null);
    if (this.owners[depth] === null) {
      this.owners[depth] = new Int32Array(this.p).fill(-1);
      const want = Math.min(this.maxSlots, 2 * depth + 2) + 1;
      reserveHist(this.sparseLen + want * this.histSize, this.histCap());
    }
    return this.sparseLen + (depth + 1) * this.histSize;
  }

  /** Dense histogram of feature f for a node (cached, or by subtraction), then its split scan. */
  private denseFeature(
    f: number,
    depth: number,
    start: number,
    end: number,
    node: number,
    parent: number,
    sibling: number,
    sibStart: number,
    sibEnd: number
  ): boolean {
    const ho = this.slotAt(depth) + this.histOff[f];
    const own = depth < this.maxSlots ? this.owners[depth] : null;
    const len = this.histOff[f + 1] - this.histOff[f];
    const pOwn = parent >= 0 && depth - 1 < this.maxSlots ? this.owners[depth - 1] : null;
    if (pOwn !== null && own !== null && pOwn[f] === parent) {
      if (own[f] !== sibling) this.build(ho, len, f, sibStart, sibEnd);
      const h = R.hist;
      const d = this.histSize;
      for (let q = ho, e = ho + len; q < e; q++) h[q] = h[q - d] - h[q];
    } else {
      this.build(ho, len, f, start, end);
    }
    if (own !== null) own[f] = node;
    return this.scan(ho, f, this.identity, this.nBins[f]);
  }

  private build(ho: number, len: number, f: number, a: number, b: number): void {
    const { idx, codes, y, w, hist: h } = R;
    const S = this.S;
    const K = this.K;
    const col = f * this.nRows;
    h.fill(0, ho, ho + len);
    for (let i = a; i < b; i++) {
      const r = idx[i];
      const q = ho + codes[col + r] * S;
      h[q + y[r]] += w[r];
      h[q + K] += 1;
    }
  }

  /** Histogram over only the bins the node's rows touch (sorted), scan, then clear them. */
  private sparseFeature(f: number, a: number, b: number): boolean {
    const { idx, codes, y, w, hist: h } = R;
    const touched = this.touched;
    const S = this.S;
    const K = this.K;
    const col = f * this.nRows;
    let nt = 0;
    for (let i = a; i < b; i++) {
      const r = idx[i];
      const code = codes[col + r];
      const q = code * S;
      if (h[q + K] === 0) {
        // Insertion into the sorted touched list (small nodes: at most SMALL_NODE entries).
        let k = nt++;
        while (k > 0 && touched[k - 1] > code) {
          touched[k] = touched[k - 1];
          k--;
        }
        touched[k] = code;
      }
      h[q + y[r]] += w[r];
      h[q + K] += 1;
    }
    const nb = this.nBins[f];
    const nValues = nt > 0 && touched[nt - 1] === nb ? nt - 1 : nt;
    const usable = this.scan(0, f, touched, nValues);
    for (let k = 0; k < nt; k++) h.fill(0, touched[k] * S, touched[k] * S + S);
    return usable;
  }

  /**
   * Finds the best threshold of feature f from its histogram h at offset ho, visiting value
   * bins in the order of `list[0..len)`. Missing rows are tried on both sides. Returns false
   * when the feature is constant in the node (one non-empty code), true otherwise.
   */
  private scan(ho: number, f: number, list: Int32Array, len: number): boolean {
    const { K, S } = this;
    const { T, L, M } = R;
    const h = R.hist;
    const W = this.W;
    const Tn = this.Tn;
    const nb = this.nBins[f];
    const minLeaf = this.prm.minSamplesLeaf;
    const entropy = this.prm.entropy;
    const mo = ho + nb * S;
    const Mn = h[mo + K];
    let Mw = 0;
    for (let c = 0; c < K; c++) {
      M[c] = h[mo + c];
      Mw += M[c];
      L[c] = 0;
    }
    const Vn = Tn - Mn;
    let Ln = 0;
    let nonEmpty = Mn > 0 ? 1 : 0;
    let best = this.bestProxy;
    let improved = false;
    let bestBin = 0;
    let bestMl = 0;
    let bestLn = 0;

    for (let j = 0; j < len; j++) {
      const q = ho + list[j] * S;
      const bn = h[q + K];
      if (bn === 0) continue;
      nonEmpty++;
      for (let c = 0; c < K; c++) L[c] += h[q + c];
      Ln += bn;
      if (Ln >= Vn) break;
      const Rn = Tn - Ln;
      if (Rn < minLeaf) {
        nonEmpty = 2; // rows remain in other bins: not constant
        break;
      }
      if (Ln >= minLeaf) {
        // Missing rows go right (or, with none in the node, nowhere).
        const pr = this.proxy(false, W, entropy);
        if (pr > best) {
          best = pr;
          improved = true;
          bestBin = list[j];
          bestMl = Mn > 0 ? 0 : Ln >= Rn ? 1 : 0;
          bestLn = Ln;
          this.saveBest(false);
        }
      }
      if (Mn > 0 && Ln + Mn >= minLeaf && Rn - Mn >= minLeaf) {
        const pr = this.proxy(true, W, entropy);
        if (pr > best) {
          best = pr;
          improved = true;
          bestBin = list[j];
          bestMl = 1;
          bestLn = Ln + Mn;
          this.saveBest(true);
        }
      }
    }
    // Values left, missing right: the split that uses missingness alone.
    if (Mn > 0 && Vn >= minLeaf && Mn >= minLeaf && W - Mw > 0 && Mw > 0) {
      for (let c = 0; c < K; c++) L[c] = T[c] - M[c];
      const pr = this.proxy(false, W, entropy);
      if (pr > best) {
        best = pr;
        improved = true;
        bestBin = nb - 1;
        bestMl = 0;
        bestLn = Vn;
        this.saveBest(false);
      }
    }
    if (improved) {
      this.bestProxy = best;
      this.bestF = f;
      this.bestBin = bestBin;
      this.bestMl = bestMl;
      this.bestLn = bestLn;
    }
    return nonEmpty >= 2;
  }

  /** Split score to maximise (impurity decrease up to a node constant). Left = L (+ M). */
  private proxy(withM: boolean, W: number, entropy: boolean): number {
    const K = this.K;
    const { T, L, M } = R;
    let lw = 0;
    if (entropy) {
      let s = 0;
      for (let c = 0; c < K; c++) {
        const l = withM ? L[c] + M[c] : L[c];
        lw += l;
        s += xlogx(l) + xlogx(T[c] - l);
      }
      const rw = W - lw;
      if (lw <= 0 || rw <= 0) return -Infinity;
      return s - xlogx(lw) - xlogx(rw);
    }
    let sl = 0;
    let sr = 0;
    for (let c = 0; c < K; c++) {
      const l = withM ? L[c] + M[c] : L[c];
      const r = T[c] - l;
      lw += l;
      sl += l * l;
      sr += r * r;
    }
    const rw = W - lw;
    if (lw <= 0 || rw <= 0) return -Infinity;
    return sl / lw + sr / rw;
  }

  private saveBest(withM: boolean): void {
    const { L, M, bestL: b } = R;
    for (let c = 0; c < this.K; c++) b[c] = withM ? L[c] + M[c] : L[c];
  }

  /** Stable in-place partition of idx[a, b) by the best split; returns the left count. */
  private partition(f: number, a: number, b: number): number {
    const { idx, tmp, codes } = R;
    const col = f * this.nRows;
    const bin = this.bestBin;
    const missCode = this.nBins[f];
    const ml = this.bestMl === 1;
    let nl = a;
    let nr = 0;
    for (let i = a; i < b; i++) {
      const r = idx[i];
      const c = codes[col + r];
      if (c <= bin || (ml && c === missCode)) idx[nl++] = r;
      else tmp[nr++] = r;
    }
    for (let i = 0; i < nr; i++) idx[nl + i] = tmp[i];
    if (nl - a !== this.bestLn) {
      throw new Error(`TreeGrower: partition sent ${nl - a} rows left, expected ${this.bestLn}`);
    }
    return nl - a;
  }
}

/**
 * Grows one regression tree on gradients and hessians, best-first (the split with the largest
 * loss reduction next), the way scikit-learn's HistGradientBoosting and LightGBM do.
 *
 * Shared with the forest: the quantile bins (`binMatrix`), rows kept as one index array that a
 * split partitions stably in place, histograms per node (gradient sum, hessian sum, row count
 * per bin; the last bin holds missing values) with the larger child taken as parent minus the
 * smaller one, and missing rows tried on both sides of every threshold. Histograms live in one
 * arena of slots: a node keeps its slot while it waits to be split, and its larger child then
 * takes it over (subtraction in place).
 *
 * Split gain and leaf values are Newton steps: gain = GL^2/(HL+l2) + GR^2/(HR+l2) - G^2/(H+l2),
 * value = -lr * G / (H + l2). A root that cannot split is a leaf of value 0 (as scikit-learn).
 */
import type { Rng } from '../random.ts';
import type { BinnedMatrix, Matrix } from '../forest/index.ts';
import type { ResolvedBoostParams } from './params.ts';
import type { BoostStore } from './store.ts';

/** Added to hessian sums in leaf values, as scikit-learn does, so an empty hessian cannot divide by 0. */
const EPS = 1e-15;
/**
 * A split must gain more than this share of its children's terms: a node whose rows all have
 * the same gradient (a pure node) gains 0, which float sums turn into +-1e-15 noise.
 */
const REL_GAIN = 1e-10;
/** Nodes with at least 1/COLUMN_SHARE of the rows build histograms column by column. */
const COLUMN_SHARE = 8;
/** Values per bin in a histogram: gradient sum, hessian sum, row count. */
const B = 3;

/**
 * Arrays of the histogram loop, as fields of a module-level object: V8 then drops the
 * per-access map check and buffer lookup it needs for arrays read off `this` (as in the forest).
 */
const M = {} as {
  hist: Float64Array;
  codes: Uint8Array;
  idx: Int32Array;
  fo: Int32Array;
  g: Float32Array;
  h: Float32Array;
  colCodes: Uint8Array;
  og: Float32Array;
  oh: Float32Array;
};

/**
 * Histogram of a large node on the column-major codes, eight (then four) features per pass over
 * the rows: their independent update chains overlap in the CPU, where one feature per pass
 * waits on each update. Gradients of a subset of rows are gathered first.
 */
function buildColumns(a: number, b: number, p: number, n: number, all: boolean): void {
  const { hist, colCodes: codes, idx, fo } = M;
  const m = b - a;
  let g = M.g;
  let h = M.h;
  if (!all) {
    const { og, oh } = M;
    for (let i = 0; i < m; i++) {
      const r = idx[a + i];
      og[i] = g[r];
      oh[i] = h[r];
    }
    g = og;
    h = oh;
  }
  let f = 0;
  for (; f + 8 <= p; f += 8) {
    const fo0 = fo[f + 0];
    const c0 = (f + 0) * n;
    const fo1 = fo[f + 1];
    const c1 = (f + 1) * n;
    const fo2 = fo[f + 2];
    const c2 = (f + 2) * n;
    const fo3 = fo[f + 3];
    const c3 = (f + 3) * n;
    const fo4 = fo[f + 4];
    const c4 = (f + 4) * n;
    const fo5 = fo[f + 5];
    const c5 = (f + 5) * n;
    const fo6 = fo[f + 6];
    const c6 = (f + 6) * n;
    const fo7 = fo[f + 7];
    const c7 = (f + 7) * n;
    for (let i = 0; i < m; i++) {
      const r = all ? i : idx[a + i];
      const gi = g[i];
      const hi = h[i];
      let q = fo0 + B * codes[c0 + r];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
      q = fo1 + B * codes[c1 + r];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
      q = fo2 + B * codes[c2 + r];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
      q = fo3 + B * codes[c3 + r];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
      q = fo4 + B * codes[c4 + r];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
      q = fo5 + B * codes[c5 + r];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
      q = fo6 + B * codes[c6 + r];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
      q = fo7 + B * codes[c7 + r];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
    }
  }
  for (; f + 4 <= p; f += 4) {
    const fo0 = fo[f + 0];
    const c0 = (f + 0) * n;
    const fo1 = fo[f + 1];
    const c1 = (f + 1) * n;
    const fo2 = fo[f + 2];
    const c2 = (f + 2) * n;
    const fo3 = fo[f + 3];
    const c3 = (f + 3) * n;
    for (let i = 0; i < m; i++) {
      const r = all ? i : idx[a + i];
      const gi = g[i];
      const hi = h[i];
      let q = fo0 + B * codes[c0 + r];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
      q = fo1 + B * codes[c1 + r];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
      q = fo2 + B * codes[c2 + r];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
      q = fo3 + B * codes[c3 + r];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
    }
  }
  for (; f < p; f++) {
    const base = fo[f];
    const col = f * n;
    for (let i = 0; i < m; i++) {
      const q = base + B * codes[col + (all ? i : idx[a + i])];
      hist[q] += g[i];
      hist[q + 1] += h[i];
      hist[q + 2] += 1;
    }
  }
}

/** Histogram of a small node, row by row on the row-major codes (a row's codes share a cache line). */
function buildRows(a: number, b: number, p: number): void {
  const { hist, codes, idx, fo, g, h } = M;
  const p4 = p - (p % 4);
  for (let i = a; i < b; i++) {
    const r = idx[i];
    const gi = g[r];
    const hi = h[r];
    const ro = r * p;
    let f = 0;
    for (; f < p4; f += 4) {
      let q = fo[f] + B * codes[ro + f];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
      q = fo[f + 1] + B * codes[ro + f + 1];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
      q = fo[f + 2] + B * codes[ro + f + 2];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
      q = fo[f + 3] + B * codes[ro + f + 3];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
    }
    for (; f < p; f++) {
      const q = fo[f] + B * codes[ro + f];
      hist[q] += gi;
      hist[q + 1] += hi;
      hist[q + 2] += 1;
    }
  }
}

interface GNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  G: number;
  H: number;
  slot: number;
  gain: number;
  f: number;
  bin: number;
  ml: boolean;
  GL: number;
  HL: number;
  nL: number;
}

export class BoostGrower {
  private readonly n: number;
  private readonly p: number;
  private readonly codes: Uint8Array;
  private readonly edges: Float32Array;
  private readonly edgeStart: Int32Array;
  private readonly nBins: Int32Array;
  private readonly histOff: Int32Array;
  private readonly histSize: number;
  /** 1 when the feature has missing values among the training rows (scikit-learn's rule). */
  private readonly hasMissing: Uint8Array;
  private readonly prm: ResolvedBoostParams;
  private readonly idx: Int32Array;
  private readonly tmp: Int32Array;
  /** Codes row-major: feature f of row r at r * p + f. */
  private readonly rowCodes: Uint8Array;
  private readonly featOff: Int32Array;
  private readonly og: Float32Array;
  private readonly oh: Float32Array;
  /** True while the current tree grows on all rows in order (idx is the identity at its root). */
  private allRows = false;
  private readonly feats: Int32Array;
  private arena: Float64Array;
  private freeSlots: number[] = [];
  private root = 0;
  private nSlots = 0;
  /** Split bin per node of the current tree (offset by its start), for routing binned rows. */
  splitBin = new Int32Array(64);
  /** Row segment idx[segStart, segEnd) per node of the current tree (offset by its start). */
  private segStart = new Int32Array(64);
  private segEnd = new Int32Array(64);

  /** Smallest training value of each bin (same indexing as edges). */
  private readonly binLow: Float32Array;

  constructor(bins: BinnedMatrix, prm: ResolvedBoostParams, X: Matrix) {
    this.n = bins.nRows;
    this.p = bins.nCols;
    this.codes = bins.codes;
    this.edges = bins.edges;
    this.edgeStart = bins.edgeStart;
    this.prm = prm;
    this.nBins = new Int32Array(this.p);
    this.histOff = new Int32Array(this.p + 1);
    this.hasMissing = new Uint8Array(this.p);
    for (let f = 0; f < this.p; f++) {
      const nb = bins.edgeStart[f + 1] - bins.edgeStart[f];
      this.nBins[f] = nb;
      this.histOff[f + 1] = this.histOff[f] + (nb + 1) * B;
      const col = f * this.n;
      for (let i = 0; i < this.n; i++) {
        if (bins.codes[col + i] === nb) {
          this.hasMissing[f] = 1;
          break;
        }
      }
    }
    this.histSize = this.histOff[this.p];
    this.binLow = new Float32Array(bins.edges.length).fill(Infinity);
    for (let f = 0; f < this.p; f++) {
      const col = f * this.n;
      const e0 = bins.edgeStart[f];
      const nb = this.nBins[f];
      for (let i = 0; i < this.n; i++) {
        const c = bins.codes[col + i];
        const v = X.data[col + i];
        if (c < nb && v < this.binLow[e0 + c]) this.binLow[e0 + c] = v;
      }
    }
    this.idx = new Int32Array(this.n);
    this.tmp = new Int32Array(this.n);
    this.rowCodes = new Uint8Array(this.n * this.p);
    for (let f = 0; f < this.p; f++) {
      const col = f * this.n;
      for (let i = 0; i < this.n; i++) this.rowCodes[i * this.p + f] = bins.codes[col + i];
    }
    this.featOff = new Int32Array(this.p);
    this.og = new Float32Array(this.n);
    this.oh = new Float32Array(this.n);
    this.feats = new Int32Array(this.p);
    this.arena = new Float64Array(this.histSize * 8);
  }

  private takeSlot(): number {
    const s = this.freeSlots.pop();
    if (s !== undefined) return s;
    const slot = this.nSlots++;
    if ((slot + 1) * this.histSize > this.arena.length) {
      const a = new Float64Array(Math.max((slot + 1) * this.histSize, this.arena.length * 2));
      a.set(this.arena);
      this.arena = a;
    }
    return slot * this.histSize;
  }

  private freeSlot(off: number): void {
    if (off >= 0) this.freeSlots.push(off);
  }

  /**
   * Grows a tree on rows `rows[0..m)` (ascending; null = all rows) with gradients g and
   * hessians h, appends it to the store and returns its root index. splitBin then holds each
   * node's split bin (node - root).
   */
  grow(
    g: Float32Array,
    h: Float32Array,
    rows: Int32Array | null,
    m: number,
    rng: Rng | null,
    store: BoostStore
  ): number {
    const { prm, idx } = this;
    const lr = prm.learningRate;
    const l2 = prm.l2;
    this.allRows = rows === null;
    if (rows === null) for (let i = 0; i < m; i++) idx[i] = i;
    else idx.set(rows.subarray(0, m));
    let G = 0;
    let H = 0;
    for (let i = 0; i < m; i++) {
      G += g[idx[i]];
      H += h[idx[i]];
    }
    const rootId = store.add(0, H);
    this.root = rootId;
    store.starts.push(rootId);
    const root: GNode = this.node(rootId, 0, m, 0, G, H);
    const splittable: GNode[] = [];
    let nLeaves = 1;
    if (m >= 2 * prm.minSamplesLeaf && H >= prm.minHessianLeaf && prm.maxDepth > 0) {
      root.slot = this.takeSlot();
      this.build(root.slot, 0, m, g, h);
      this.findSplit(root, rng);
      if (root.gain > 0) {
        store.value[rootId] = (-G / (H + l2 + EPS)) * lr;
        splittable.push(root);
      } else this.freeSlot(root.slot);
    }
    while (splittable.length > 0) {
      // Largest gain first; ties go to the node pushed first.
      let bi = 0;
      for (let i = 1; i < splittable.length; i++)
        if (splittable[i].gain > splittable[bi].gain) bi = i;
      const nd = splittable[bi];
      splittable.splice(bi, 1);
      const nl = this.partition(nd);
      const mid = nd.start + nl;
      const GL = nd.GL;
      const HL = nd.HL;
      const GR = nd.G - GL;
      const HR = nd.H - HL;
      const lId = store.add((-GL / (HL + l2 + EPS)) * lr, HL);
      const rId = store.add((-GR / (HR + l2 + EPS)) * lr, HR);
      const f = nd.f;
      store.feature[nd.id] = f;
      store.threshold[nd.id] = this.thresholdOf(f, nd.bin);
      // A feature without missing training values sends them to the child with more rows.
      const ml = this.hasMissing[f] === 1 ? nd.ml : nl > nd.end - mid;
      store.missingLeft[nd.id] = ml ? 1 : 0;
      store.left[nd.id] = lId;
      store.right[nd.id] = rId;
      store.gain[nd.id] = nd.gain;
      this.setSplitBin(nd.id - rootId, nd.bin);
      nLeaves++;
      const depth = nd.depth + 1;
      const left = this.node(lId, nd.start, mid, depth, GL, HL);
      const right = this.node(rId, mid, nd.end, depth, GR, HR);
      const atLeafCap = nLeaves >= prm.maxLeaves;
      const canL = !atLeafCap && depth < prm.maxDepth && nl >= 2 * prm.minSamplesLeaf;
      const canR = !atLeafCap && depth < prm.maxDepth && nd.end - mid >= 2 * prm.minSamplesLeaf;
      if (canL || canR) {
        const [small, large] = nl < nd.end - mid ? [left, right] : [right, left];
        small.slot = this.takeSlot();
        this.build(small.slot, small.start, small.end, g, h);
        const a = this.arena;
        for (let q = nd.slot, s = small.slot, e = nd.slot + this.histSize; q < e; q++, s++)
          a[q] -= a[s];
        large.slot = nd.slot;
        nd.slot = -1;
        if (canL) this.findSplit(left, rng);
        if (canR) this.findSplit(right, rng);
        for (const c of [left, right]) {
          if (c.gain > 0 && (c === left ? canL : canR)) splittable.push(c);
          else {
            this.freeSlot(c.slot);
            c.slot = -1;
          }
        }
      } else {
        this.freeSlot(nd.slot);
        nd.slot = -1;
      }
      if (atLeafCap) {
        for (const s of splittable) this.freeSlot(s.slot);
        splittable.length = 0;
      }
    }
    return rootId;
  }

  /**
   * Threshold of a split after value bin `bin`: halfway between the bin's largest training value
   * and the next bin's smallest (as scikit-learn's midpoints, so an unseen value in the gap goes
   * to the nearer side), rounded to float32 without crossing either; Infinity after the last
   * value bin (all values left).
   */
  private thresholdOf(f: number, bin: number): number {
    if (bin >= this.nBins[f] - 1) return Infinity;
    const e = this.edgeStart[f] + bin;
    const lo = this.edges[e];
    const hi = this.binLow[e + 1];
    const t = Math.fround((lo + hi) / 2);
    return t >= hi || t < lo ? lo : t;
  }

  private node(id: number, start: number, end: number, depth: number, G: number, H: number): GNode {
    this.setSegment(id - this.root, start, end);
    return {
      id,
      start,
      end,
      depth,
      G,
      H,
      slot: -1,
      gain: 0,
      f: -1,
      bin: 0,
      ml: false,
      GL: 0,
      HL: 0,
      nL: 0
    };
  }

  private setSplitBin(i: number, bin: number): void {
    this.splitBin = ensure(this.splitBin, i);
    this.splitBin[i] = bin;
  }

  private setSegment(i: number, start: number, end: number): void {
    this.segStart = ensure(this.segStart, i);
    this.segEnd = ensure(this.segEnd, i);
    this.segStart[i] = start;
    this.segEnd[i] = end;
  }

  /**
   * Histogram of rows idx[a, b) into the slot at `off`. Rows outer, features inner, on a
   * row-major copy of the codes: a row's codes share a cache line, where the column-major
   * codes put each feature of a row in a different one.
   */
  private build(off: number, a: number, b: number, g: Float32Array, h: Float32Array): void {
    this.arena.fill(0, off, off + this.histSize);
    const fo = this.featOff;
    for (let f = 0; f < this.p; f++) fo[f] = off + this.histOff[f];
    M.hist = this.arena;
    M.codes = this.rowCodes;
    M.idx = this.idx;
    M.fo = fo;
    M.g = g;
    M.h = h;
    M.colCodes = this.codes;
    M.og = this.og;
    M.oh = this.oh;
    const all = a === 0 && b === this.n && this.allRows;
    if (all || (b - a) * COLUMN_SHARE >= this.n) buildColumns(a, b, this.p, this.n, all);
    else buildRows(a, b, this.p);
  }

  /** Best split of a node over its allowed features (all, or a fresh draw per node). */
  private findSplit(nd: GNode, rng: Rng | null): void {
    nd.gain = 0;
    nd.f = -1;
    const p = this.p;
    const frac = this.prm.featureSubsample;
    if (frac >= 1 || rng === null) {
      for (let f = 0; f < p; f++) this.scan(nd, f);
      return;
    }
    const k = Math.max(1, Math.floor(frac * p));
    const feats = this.feats;
    for (let f = 0; f < p; f++) feats[f] = f;
    for (let j = 0; j < k; j++) {
      const r = j + rng.int(p - j);
      const t = feats[j];
      feats[j] = feats[r];
      feats[r] = t;
    }
    // Scan in feature order, so ties go to the lower index as without subsampling.
    const chosen = Array.from(feats.subarray(0, k)).sort((a, b) => a - b);
    for (const f of chosen) this.scan(nd, f);
  }

  /**
   * Scans feature f's histogram: values left / missing right from the lowest bin up (the last
   * candidate sends all values left, missing right), then, when the feature has missing
   * values, missing left from the highest bin down. Keeps the first best (strictly greater gain).
   */
  private scan(nd: GNode, f: number): void {
    const hist = this.arena;
    const base = nd.slot + this.histOff[f];
    const nb = this.nBins[f];
    const { minSamplesLeaf: minLeaf, minHessianLeaf: minHess, l2 } = this.prm;
    const G = nd.G;
    const H = nd.H;
    const n = nd.end - nd.start;
    const parent = (G * G) / (H + l2 + EPS);
    const hasMissing = this.hasMissing[f] === 1;
    let best = nd.gain;
    const end = nb - 1 + (hasMissing ? 1 : 0);
    let nL = 0;
    let GL = 0;
    let HL = 0;
    for (let b = 0; b < end; b++) {
      const q = base + B * b;
      nL += hist[q + 2];
      GL += hist[q];
      HL += hist[q + 1];
      const nR = n - nL;
      if (nL < minLeaf) continue;
      if (nR < minLeaf) break;
      const HR = H - HL;
      if (HL < minHess) continue;
      if (HR < minHess) break;
      const GR = G - GL;
      const children = (GL * GL) / (HL + l2 + EPS) + (GR * GR) / (HR + l2 + EPS);
      const gain = children - parent;
      if (gain > best && gain > REL_GAIN * children) {
        best = gain;
        nd.gain = gain;
        nd.f = f;
        nd.bin = b;
        nd.ml = false;
        nd.GL = GL;
        nd.HL = HL;
        nd.nL = nL;
      }
    }
    if (!hasMissing) return;
    let nR = 0;
    let GR = 0;
    let HR = 0;
    for (let b = nb - 2; b >= 0; b--) {
      const q = base + B * (b + 1);
      nR += hist[q + 2];
      GR += hist[q];
      HR += hist[q + 1];
      const nl = n - nR;
      if (nR < minLeaf) continue;
      if (nl < minLeaf) break;
      const hl = H - HR;
      if (HR < minHess) continue;
      if (hl < minHess) break;
      const gl = G - GR;
      const children = (gl * gl) / (hl + l2 + EPS) + (GR * GR) / (HR + l2 + EPS);
      const gain = children - parent;
      if (gain > best && gain > REL_GAIN * children) {
        best = gain;
        nd.gain = gain;
        nd.f = f;
        nd.bin = b;
        nd.ml = true;
        nd.GL = gl;
        nd.HL = hl;
        nd.nL = nl;
      }
    }
  }

  /** Stable in-place partition of the node's rows by its split; returns the left count. */
  private partition(nd: GNode): number {
    const { idx, tmp, codes } = this;
    const col = nd.f * this.n;
    const bin = nd.bin;
    const miss = this.nBins[nd.f];
    const ml = nd.ml ? 1 : 0;
    let nl = nd.start;
    let nr = 0;
    // Branch-free: which side a row goes is unpredictable, and mispredictions dominated.
    for (let i = nd.start; i < nd.end; i++) {
      const r = idx[i];
      const c = codes[col + r];
      const left = +(c <= bin) | (ml & +(c === miss));
      idx[nl] = r;
      tmp[nr] = r;
      nl += left;
      nr += 1 - left;
    }
    for (let i = 0; i < nr; i++) idx[nl + i] = tmp[i];
    if (nl - nd.start !== nd.nL) {
      throw new Error(`BoostGrower: partition sent ${nl - nd.start} rows left, expected ${nd.nL}`);
    }
    return nl - nd.start;
  }

  /**
   * Adds the tree just grown on all rows to raw[i * stride + k]: each leaf's step to the rows
   * of its segment (every training row sits in exactly one leaf's segment).
   */
  addLeaves(store: BoostStore, root: number, raw: Float64Array, stride: number, k: number): void {
    const { idx, segStart, segEnd } = this;
    const { feature, value } = store;
    for (let nd = root; nd < store.size; nd++) {
      if (feature[nd] >= 0) continue;
      const v = value[nd];
      for (let i = segStart[nd - root], e = segEnd[nd - root]; i < e; i++)
        raw[idx[i] * stride + k] += v;
    }
  }

  /**
   * Adds the tree at `root` to raw[i * stride + k] for every training row, routing by bin
   * codes (the same path the float thresholds give these rows).
   */
  addTree(store: BoostStore, root: number, raw: Float64Array, stride: number, k: number): void {
    const { codes, n, nBins, splitBin } = this;
    const { feature, left, right, missingLeft, value } = store;
    for (let i = 0; i < n; i++) {
      let nd = root;
      for (;;) {
        const f = feature[nd];
        if (f < 0) break;
        const c = codes[f * n + i];
        const goLeft = c === nBins[f] ? missingLeft[nd] === 1 : c <= splitBin[nd - root];
        nd = goLeft ? left[nd] : right[nd];
      }
      raw[i * stride + k] += value[nd];
    }
  }
}

function ensure(a: Int32Array<ArrayBuffer>, i: number): Int32Array<ArrayBuffer> {
  if (i < a.length) return a;
  const b = new Int32Array(Math.max(i + 1, a.length * 2));
  b.set(a);
  return b;
}

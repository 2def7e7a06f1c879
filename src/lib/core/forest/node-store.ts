/** Growable flat node storage; trees are appended one after another with absolute indices. */
import type { ForestArrays } from './types.ts';

export class NodeStore {
  readonly nClasses: number;
  size = 0;
  feature: Int32Array;
  threshold: Float32Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float32Array;
  nodeWeight: Float32Array;
  gain: Float32Array;

  constructor(nClasses: number, capacity = 1024) {
    this.nClasses = nClasses;
    this.feature = new Int32Array(capacity);
    this.threshold = new Float32Array(capacity);
    this.missingLeft = new Uint8Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.value = new Float32Array(capacity * nClasses);
    this.nodeWeight = new Float32Array(capacity);
    this.gain = new Float32Array(capacity);
  }

  /** Appends a leaf with zero statistics and returns its index. */
  add(): number {
    if (this.size === this.feature.length) this.grow();
    const i = this.size++;
    this.feature[i] = -1;
    this.left[i] = -1;
    this.right[i] = -1;
    return i;
  }

  /**
   * Makes room for at least `capacity` nodes in one step. fitForest calls it after the first
   * tree with an estimate for the whole slice: fresh memory is expensive (a page fault per 4 KB
   * on first touch, about 3 ms per MB on these VMs), and doubling allocates about twice the
   * final size on the way.
   */
  reserve(capacity: number): void {
    if (capacity > this.feature.length) this.grow(capacity);
  }

  private grow(min = 0): void {
    const cap = Math.max(min, this.feature.length * 2);
    const k = this.nClasses;
    const re = <T extends Int32Array | Float32Array | Uint8Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.feature = re(this.feature, cap);
    this.threshold = re(this.threshold, cap);
    this.missingLeft = re(this.missingLeft, cap);
    this.left = re(this.left, cap);
    this.right = re(this.right, cap);
    this.value = re(this.value, cap * k);
    this.nodeWeight = re(this.nodeWeight, cap);
    this.gain = re(this.gain, cap);
  }

  /**
   * The stored nodes as a forest: exact-size copies, or, when the arrays are at most 1/4
   * larger than needed, views of them (no second allocation; the store must not be used after).
   */
  toForest(nFeatures: number, treeStart: Int32Array): ForestArrays {
    const n = this.size;
    const k = this.nClasses;
    const view = this.feature.length * 4 <= n * 5;
    const take = <T extends Int32Array | Float32Array | Uint8Array>(a: T, len: number): T =>
      (view ? a.subarray(0, len) : a.slice(0, len)) as T;
    return {
      nFeatures,
      nClasses: k,
      treeStart,
      feature: take(this.feature, n),
      threshold: take(this.threshold, n),
      missingLeft: take(this.missingLeft, n),
      left: take(this.left, n),
      right: take(this.right, n),
      value: take(this.value, n * k),
      nodeWeight: take(this.nodeWeight, n),
      gain: take(this.gain, n)
    };
  }
}

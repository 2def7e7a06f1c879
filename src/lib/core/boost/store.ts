/** Growable flat node storage of boosted trees (absolute indices, trees appended in order). */
import type { BoostedModel } from './types.ts';

export class BoostStore {
  size = 0;
  feature = new Int32Array(256);
  threshold = new Float32Array(256);
  missingLeft = new Uint8Array(256);
  left = new Int32Array(256);
  right = new Int32Array(256);
  value = new Float64Array(256);
  cover = new Float64Array(256);
  gain = new Float64Array(256);
  /** Start node of each finished tree. */
  readonly starts: number[] = [];

  /** Appends a leaf and returns its index. */
  add(value: number, cover: number): number {
    if (this.size === this.feature.length) this.grow();
    const i = this.size++;
    this.feature[i] = -1;
    this.left[i] = -1;
    this.right[i] = -1;
    this.threshold[i] = 0;
    this.missingLeft[i] = 0;
    this.value[i] = value;
    this.cover[i] = cover;
    this.gain[i] = 0;
    return i;
  }

  /** Copies a model's trees in (for continued training). */
  appendModel(m: BoostedModel): void {
    const nTrees = m.treeStart.length - 1;
    for (let t = 0; t < nTrees; t++) {
      const off = this.size - m.treeStart[t];
      this.starts.push(this.size);
      for (let nd = m.treeStart[t]; nd < m.treeStart[t + 1]; nd++) {
        const i = this.add(m.value[nd], m.cover[nd]);
        this.feature[i] = m.feature[nd];
        this.threshold[i] = m.threshold[nd];
        this.missingLeft[i] = m.missingLeft[nd];
        this.left[i] = m.left[nd] < 0 ? -1 : m.left[nd] + off;
        this.right[i] = m.right[nd] < 0 ? -1 : m.right[nd] + off;
        this.gain[i] = m.gain[nd];
      }
    }
  }

  private grow(): void {
    const cap = this.feature.length * 2;
    const re = <T extends Int32Array | Float32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.feature = re(this.feature);
    this.threshold = re(this.threshold);
    this.missingLeft = re(this.missingLeft);
    this.left = re(this.left);
    this.right = re(this.right);
    this.value = re(this.value);
    this.cover = re(this.cover);
    this.gain = re(this.gain);
  }

  toModel(
    nFeatures: number,
    nClasses: number,
    nOutputs: number,
    baseScore: Float64Array
  ): BoostedModel {
    const n = this.size;
    const treeStart = Int32Array.from([...this.starts, n]);
    return {
      nFeatures,
      nClasses,
      nOutputs,
      baseScore,
      treeStart,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      missingLeft: this.missingLeft.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      value: this.value.slice(0, n),
      cover: this.cover.slice(0, n),
      gain: this.gain.slice(0, n)
    };
  }
}

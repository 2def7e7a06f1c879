/** Largest finite float32; anything beyond would be stored as Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** A growable Float32Array: rows are appended while streaming, trimmed once at the end. */
export class ColumnBuilder {
  private data = new Float32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    // Never store Infinity: out-of-range values are missing (cells.ts reports them).
    this.data[this.length++] = Math.abs(v) <= FLOAT32_MAX ? v : NaN;
  }

  /** Exact-length copy that owns its own buffer (safe to transfer). */
  finish(): Float32Array {
    return this.data.slice(0, this.length);
  }
}

/** Same for Int32 row numbers. */
export class IntColumnBuilder {
  private data = new Int32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  finish(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

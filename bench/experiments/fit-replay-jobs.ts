/** The replay loop of fit-replay.ts, shared by Node and the Chromium worker it bundles. */
import { fitForest, type ForestParams, type Matrix } from '../../src/lib/core/forest/index.ts';

export interface RecordedJob {
  X: Matrix;
  y: Int32Array;
  params: ForestParams;
  sampleWeight?: Float64Array;
}

interface JsonJob {
  X: { nRows: number; nCols: number; data: (number | null)[] };
  y: number[];
  params: ForestParams;
  sampleWeight: number[] | null;
}

export function fromJson(jobs: JsonJob[]): RecordedJob[] {
  return jobs.map((j) => ({
    X: { ...j.X, data: Float32Array.from(j.X.data, (v) => (v === null ? NaN : v)) },
    y: Int32Array.from(j.y),
    params: j.params,
    sampleWeight: j.sampleWeight ? Float64Array.from(j.sampleWeight) : undefined
  }));
}

/** Grows slice `part` of `parts` of every job's trees, `rounds` times: one line per round. */
export function replayJobs(jobs: RecordedJob[], rounds: number, part: number, parts: number) {
  const lines: string[] = [];
  for (let r = 0; r < rounds; r++) {
    const ms = jobs.map((j) => {
      const n = j.params.nTrees ?? 100;
      const from = Math.floor((n * part) / parts);
      const to = Math.floor((n * (part + 1)) / parts);
      const t0 = performance.now();
      fitForest(j.X, j.y, j.params, {
        sampleWeight: j.sampleWeight,
        treeOffset: from,
        nTrees: to - from
      });
      return performance.now() - t0;
    });
    const total = ms.reduce((a, b) => a + b, 0);
    lines.push(`  round ${r}: ${total.toFixed(0)} ms [${ms.map((v) => v.toFixed(0)).join(' ')}]`);
  }
  return lines;
}

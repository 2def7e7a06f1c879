import { MessageChannel } from 'node:worker_threads';
import { expose, wrap, type Remote } from 'comlink';
import type NodeEndpointFn from 'comlink/dist/esm/node-adapter';
// @ts-expect-error -- comlink ships node-adapter.d.ts, which TypeScript does not pair with the .mjs; typed below
import nodeEndpointMjs from 'comlink/dist/esm/node-adapter.mjs';
import { describe, expect, it } from 'vitest';
import {
  binMatrix,
  concatForests,
  fitForest,
  forestBytes,
  makeClassification,
  type ForestArrays
} from '../core/forest/index.ts';
import { api, type ForestWorkerApi } from '../workers/forest.worker.ts';
import { PageForestPool, splitTrees, type ForestWorkerHandle } from './page-forest-pool.ts';

const nodeEndpoint = nodeEndpointMjs as typeof NodeEndpointFn;

/** In-thread stand-in for a module worker: the real worker API over a MessageChannel. */
function fakeWorker(log: string[]): () => ForestWorkerHandle {
  let n = 0;
  return () => {
    const id = n++;
    log.push(`start ${id}`);
    const { port1, port2 } = new MessageChannel();
    expose(api, nodeEndpoint(port1));
    return {
      remote: wrap<ForestWorkerApi>(nodeEndpoint(port2)),
      terminate() {
        log.push(`terminate ${id}`);
        port1.close();
        port2.close();
      }
    };
  };
}

/** A worker stuck mid-training: reports one finished tree, never returns. */
function busyWorker(log: string[], id: number): ForestWorkerHandle {
  log.push(`start ${id}`);
  const remote = {
    fit: (_req: unknown, onTree: (done: number, total: number) => void) => {
      setTimeout(() => onTree(1, 20), 0);
      return new Promise<never>(() => {});
    }
  };
  return {
    remote: remote as unknown as Remote<ForestWorkerApi>,
    terminate: () => log.push(`terminate ${id}`)
  };
}

const sameBytes = (a: ForestArrays, b: ForestArrays) =>
  forestBytes(a).every((x, i) => Buffer.from(x).equals(forestBytes(b)[i]));

describe('splitTrees', () => {
  it('covers every tree once in contiguous slices, sizes differing by at most one', () => {
    expect(splitTrees(0, 10, 3)).toEqual([
      [0, 4],
      [4, 3],
      [7, 3]
    ]);
    expect(splitTrees(5, 2, 4)).toEqual([
      [5, 1],
      [6, 1]
    ]);
  });
});

describe('PageForestPool', () => {
  const d = makeClassification({ nRows: 500, nFeatures: 6, nInformative: 3, seed: 4 });
  const params = { nTrees: 11, seed: 3 };

  it('starts workers lazily and returns the single-process forest bit for bit, with aggregated progress', async () => {
    const log: string[] = [];
    const pool = new PageForestPool({ size: 3, createWorker: fakeWorker(log) });
    expect(log).toEqual([]);
    const progress: number[] = [];
    const f = await pool.fit(d.X, d.y, params, {
      onProgress: (done, total) => {
        expect(total).toBe(11);
        progress.push(done);
      }
    });
    expect(log).toEqual(['start 0', 'start 1', 'start 2']);
    expect(sameBytes(f, fitForest(d.X, d.y, params))).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(progress.length).toBe(11);
    expect(progress.reduce((a, b) => Math.max(a, b), -Infinity)).toBe(11);
    // Warm start through the pool: trees 11..15 continue the same stream.
    const more = await pool.fit(d.X, d.y, params, { treeOffset: 11, nTrees: 5 });
    expect(sameBytes(more, fitForest(d.X, d.y, params, { treeOffset: 11, nTrees: 5 }))).toBe(true);
    expect(log.length).toBe(3);
    pool.dispose();
    expect(log.slice(3)).toEqual(['terminate 0', 'terminate 1', 'terminate 2']);
  });

  it('cancels: rejects with an AbortError, terminates the busy workers and restarts them on demand', async () => {
    const log: string[] = [];
    const real = fakeWorker(log);
    let started = 0;
    // The first two workers hang mid-training; replacements are real.
    const create = () => (started < 2 ? busyWorker(log, started++) : (started++, real()));
    const pool = new PageForestPool({ size: 2, createWorker: create });
    const ctl = new AbortController();
    const run = pool.fit(
      d.X,
      d.y,
      { ...params, nTrees: 40 },
      { signal: ctl.signal, onProgress: () => ctl.abort() }
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(log).toEqual(['start 0', 'start 1', 'terminate 0', 'terminate 1']);
    const f = await pool.fit(d.X, d.y, params);
    expect(sameBytes(f, fitForest(d.X, d.y, params))).toBe(true);
    expect(log.slice(4)).toEqual(['start 0', 'start 1']);
    pool.dispose();
    const pre = new AbortController();
    pre.abort();
    await expect(pool.fit(d.X, d.y, params, { signal: pre.signal })).rejects.toMatchObject({
      name: 'AbortError'
    });
  });

  it("hands the caller's bins to every worker instead of X, for the same forest", async () => {
    const seen: boolean[] = [];
    const pool = new PageForestPool({
      size: 2,
      createWorker: () => {
        const w = fakeWorker([])();
        const fit = w.remote.fit.bind(w.remote);
        w.remote = {
          ...w.remote,
          fit: (req: Parameters<typeof fit>[0], cb?: Parameters<typeof fit>[1]) => {
            seen.push(req.bins !== undefined && req.X === undefined);
            return fit(req, cb);
          }
        } as typeof w.remote;
        return w;
      }
    });
    const f = await pool.fit(d.X, d.y, params, { bins: binMatrix(d.X, 255) });
    expect(sameBytes(f, fitForest(d.X, d.y, params))).toBe(true);
    expect(seen).toEqual([true, true]);
    pool.dispose();
  });

  it('fitParts gives the slices in tree order, which join to the single-process forest', async () => {
    const pool = new PageForestPool({ size: 3, createWorker: fakeWorker([]) });
    const parts = await pool.fitParts(d.X, d.y, params);
    expect(parts.map((f) => f.treeStart.length - 1)).toEqual([4, 4, 3]);
    expect(sameBytes(concatForests(parts), fitForest(d.X, d.y, params))).toBe(true);
    pool.dispose();
  });

  it('passes worker errors through and rejects bad sizes', async () => {
    const pool = new PageForestPool({ size: 2, createWorker: fakeWorker([]) });
    await expect(pool.fit(d.X, d.y, { maxDepth: -1 })).rejects.toThrow(/maxDepth/);
    pool.dispose();
    expect(() => new PageForestPool({ size: 0 })).toThrow(/size/);
  });
});

import { MessageChannel } from 'node:worker_threads';
import { expose, proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type NodeEndpointFn from 'comlink/dist/esm/node-adapter';
// @ts-expect-error -- comlink ships node-adapter.d.ts, which TypeScript does not pair with the .mjs; typed below
import nodeEndpointMjs from 'comlink/dist/esm/node-adapter.mjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  binMatrix,
  concatForests,
  fitForest,
  forestBytes,
  makeClassification,
  predictProba,
  type ForestArrays
} from '../core/forest/index.ts';
import { api, type ForestWorkerApi } from './forest.worker.ts';

const nodeEndpoint = nodeEndpointMjs as typeof NodeEndpointFn;

function sameBytes(a: ForestArrays, b: ForestArrays): boolean {
  const y = forestBytes(b);
  return forestBytes(a).every((x, i) => Buffer.from(x).equals(y[i]));
}

describe('forest worker API over a MessagePort (Comlink contract)', () => {
  const { port1, port2 } = new MessageChannel();
  expose(api, nodeEndpoint(port1));
  const remote: Remote<ForestWorkerApi> = wrap<ForestWorkerApi>(nodeEndpoint(port2));
  afterAll(() => {
    remote[releaseProxy]();
    port1.close();
    port2.close();
  });

  const d = makeClassification({
    nRows: 600,
    nFeatures: 6,
    nInformative: 3,
    missingRate: 0.05,
    seed: 3
  });
  const params = { nTrees: 9, seed: 5 };

  it('trains the same forest as the core, reporting progress per tree', async () => {
    const seen: number[] = [];
    const onTree = proxy((done: number, total: number) => {
      seen.push(done);
      expect(total).toBe(9);
    });
    // The worker releases the callback's port when the call ends.
    const f = await remote.fit({ X: d.X, y: d.y, params }, onTree);
    expect(f.feature).toBeInstanceOf(Int32Array);
    expect(sameBytes(f, fitForest(d.X, d.y, params))).toBe(true);
    // Progress messages may still be in flight when the result lands.
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reports only as often as asked, and always the last tree', async () => {
    const seen: number[] = [];
    const onTree = proxy((done: number) => void seen.push(done));
    await remote.fit({ X: d.X, y: d.y, params, progressEveryMs: 1e9 }, onTree);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([9]);
  });

  it('gives slices that concatenate to the all-at-once forest, bit for bit', async () => {
    const parts = await Promise.all([
      remote.fit({ X: d.X, y: d.y, params, treeOffset: 0, nTrees: 4 }),
      remote.fit({ X: d.X, y: d.y, params, treeOffset: 4, nTrees: 5 })
    ]);
    expect(sameBytes(concatForests(parts), fitForest(d.X, d.y, params))).toBe(true);
  });

  it('grows the same forest from X binned by the caller (bins), without binning it again', async () => {
    const bins = binMatrix(d.X, 255);
    const f = await remote.fit({ X: d.X, y: d.y, params, bins });
    expect(sameBytes(f, fitForest(d.X, d.y, params))).toBe(true);
    const other = binMatrix({ ...d.X, nRows: 10, data: d.X.data.subarray(0, 60) }, 255);
    await expect(remote.fit({ X: d.X, y: d.y, params, bins: other })).rejects.toThrow(
      /opts\.bins is for a 10 x 6 matrix/
    );
  });

  it('grows the same forest from the bins alone (no X sent), and says what is missing', async () => {
    const bins = binMatrix(d.X, 255);
    const f = await remote.fit({ y: d.y, params, bins, treeOffset: 2, nTrees: 5 });
    expect(sameBytes(f, fitForest(d.X, d.y, params, { treeOffset: 2, nTrees: 5 }))).toBe(true);
    await expect(remote.fit({ y: d.y, params })).rejects.toThrow(/give X, or its bins/);
    // Labels for another row count: the core's message.
    await expect(remote.fit({ y: d.y.subarray(0, 10), params, bins })).rejects.toThrow(/y/);
    const broken = { ...bins, edgeStart: bins.edgeStart.subarray(1) };
    await expect(remote.fit({ y: d.y, params, bins: broken })).rejects.toThrow(/edgeStart/);
    await expect(
      remote.fit({ y: d.y, params, bins: { ...bins, nRows: 0, codes: new Uint8Array(0) } })
    ).rejects.toThrow(/fitBinned: bins must be binMatrix's result/);
  });

  it('predicts probabilities like the core', async () => {
    const f = fitForest(d.X, d.y, params);
    const p = await remote.predictProba(f, d.X);
    expect(Array.from(p)).toEqual(Array.from(predictProba(f, d.X)));
  });

  it('rejects bad input with the core error message, naming the parameter', async () => {
    await expect(remote.fit({ X: d.X, y: d.y, params: { maxFeatures: 0 } })).rejects.toThrow(
      /maxFeatures/
    );
  });
});

/** The parse worker's Comlink contract, over a MessageChannel in Node (no worker thread needed). */
import { expose, proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type NodeEndpointFn from 'comlink/dist/esm/node-adapter';
// @ts-expect-error -- comlink ships node-adapter.d.ts, which TypeScript does not pair with the .mjs; typed below
import nodeEndpointMjs from 'comlink/dist/esm/node-adapter.mjs';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureBlob, fixtureText } from '../../../tests/fixtures/missions/files.ts';
import { parseCsvBlob } from '../core/missions/parse-blob.ts';
import { api, type ParseOutcome, type ParseWorkerApi } from './parse.worker.ts';

const nodeEndpoint = nodeEndpointMjs as typeof NodeEndpointFn;

// Keep what the worker side returned, to see that its buffers were transferred away.
let lastSent: ParseOutcome | null = null;
const spy: ParseWorkerApi = {
  load: async (...args) => (lastSent = await api.load(...args)),
  loadText: async (...args) => (lastSent = await api.loadText(...args))
};

const { port1, port2 } = new MessageChannel();
expose(spy, nodeEndpoint(port1));
const remote: Remote<ParseWorkerApi> = wrap<ParseWorkerApi>(nodeEndpoint(port2));

afterAll(() => {
  remote[releaseProxy]();
  port1.close();
  port2.close();
});

describe('parse worker contract', () => {
  it('loads a Blob with progress and returns the same table as a direct call', async () => {
    const blob = fixtureBlob('koi-cumulative.csv');
    const progress: [number, number][] = [];
    const out = await remote.load(
      blob,
      'koi.csv',
      proxy((a: number, b: number) => void progress.push([a, b]))
    );
    const direct = await parseCsvBlob(blob, { name: 'koi.csv' });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.report).toEqual(direct.report);
    expect(out.table.objectId).toEqual(direct.table.objectId);
    expect(out.table.columns[0]).toBeInstanceOf(Float32Array);
    expect(out.table.rowNumber).toBeInstanceOf(Int32Array);
    out.table.columns.forEach((c, j) =>
      expect(Array.from(c)).toEqual(Array.from(direct.table.columns[j]))
    );
    await new Promise((r) => setTimeout(r, 20)); // progress messages are fire-and-forget
    expect(progress.at(-1)).toEqual([blob.size, blob.size]);
  });

  it('transfers the column buffers instead of copying them', async () => {
    await remote.loadText(fixtureText('canonical.csv'), 'c.csv');
    expect(lastSent?.ok).toBe(true);
    if (!lastSent?.ok) return;
    expect(lastSent.table.columns.every((c) => c.byteLength === 0)).toBe(true); // detached on the sending side
    expect(lastSent.table.rowNumber.byteLength).toBe(0);
  });

  it('returns bad input as { ok: false } with the error code and message', async () => {
    const out = await remote.load(fixtureBlob('bad/tiny.png'), 'tiny.png');
    expect(out).toEqual({
      ok: false,
      error: {
        code: 'binary',
        message: expect.stringMatching(/"tiny\.png" is a PNG image, not a CSV text file/)
      }
    });
    const empty = await remote.loadText('', 'empty.csv');
    expect(empty.ok ? null : empty.error.code).toBe('empty');
  });
});

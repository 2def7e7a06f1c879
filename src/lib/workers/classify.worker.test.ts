/** The classify worker's Comlink contract, over a MessageChannel in Node (no worker thread needed). */
import { expose, proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type NodeEndpointFn from 'comlink/dist/esm/node-adapter';
// @ts-expect-error -- comlink ships node-adapter.d.ts, which TypeScript does not pair with the .mjs; typed below
import nodeEndpointMjs from 'comlink/dist/esm/node-adapter.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBlob, projectRoot } from '../../../tests/fixtures/missions/files.ts';
import {
  classifyTable,
  classifyToCsv,
  explainRow,
  parseCsvTextWithRaw
} from '../core/classify/index.ts';
import { parseCsvText } from '../core/missions/parse-text.ts';
import { readModel, writeModel, type ModelFile } from '../core/model/index.ts';
import { defaultPlan } from '../core/pipeline/plan.ts';
import { toModelFile } from '../core/pipeline/model.ts';
import { trainStaged } from '../core/pipeline/train.ts';
import { api, type ClassifyOutcome, type ClassifyWorkerApi } from './classify.worker.ts';

const nodeEndpoint = nodeEndpointMjs as typeof NodeEndpointFn;
const cliFixture = (name: string) => path.join(projectRoot, 'tests/fixtures/cli', name);

// Keep what the worker side returned, to see that its buffers were transferred away.
let lastSent: ClassifyOutcome | null = null;
const spy: ClassifyWorkerApi = {
  ...api,
  classify: async (...args) => (lastSent = await api.classify(...args))
};
const { port1, port2 } = new MessageChannel();
expose(spy, nodeEndpoint(port1));
const remote: Remote<ClassifyWorkerApi> = wrap<ClassifyWorkerApi>(nodeEndpoint(port2));

let bytes: Uint8Array;
let model: ModelFile;

async function tinyModel(name: string, trees: number, seed: number): Promise<Uint8Array> {
  const inputs = ['koi.csv', 'k2.csv', 'toi.csv'].map((file) => ({
    table: parseCsvText(readFileSync(cliFixture(file), 'utf8'), { name: file }).table,
    name: file
  }));
  const plan = defaultPlan('vetting');
  plan.seed = seed;
  plan.stages.forEach((s) => (s.trees = trees));
  const result = await trainStaged(inputs, plan, { bootstrapReps: 5, baselines: false });
  return writeModel(toModelFile(result, { name, createdAt: '2025-01-01T00:00:00.000Z' }));
}

beforeAll(async () => {
  bytes = await tinyModel('worker test model', 4, 7);
  model = readModel(bytes);
});

afterAll(() => {
  remote[releaseProxy]();
  port1.close();
  port2.close();
});

describe('classify worker contract', () => {
  it('refuses a corrupt model file with the reader message, keeping the model it had', async () => {
    expect(await remote.setModel(bytes)).toMatchObject({ ok: true });
    const bad = bytes.slice(0, 100);
    const out = await remote.setModel(bad);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    let message = '';
    try {
      readModel(bad);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(out.error.message).toBe(message);
    expect(await remote.modelFingerprint()).not.toBeNull();
  });

  it('inspects a model: metadata, sizes and the CLI text card', async () => {
    const out = await remote.inspect(bytes);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.overview.meta.name).toBe('worker test model');
    expect(out.overview.nTrees).toBe(model.forest.treeStart.length - 1);
    expect(out.overview.text).toMatch(/^Exoforest model: worker test model/);
    expect(out.overview.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('classifies a file with progress: the same rows and probabilities as classifyTable', async () => {
    await remote.setModel(bytes);
    const text = readFileSync(cliFixture('toi.csv'), 'utf8');
    const phases: string[] = [];
    const out = await remote.classify(
      1,
      new Blob([text]),
      'toi.csv',
      proxy((phase: string) => void phases.push(phase))
    );
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const load = parseCsvTextWithRaw(text, { name: 'toi.csv' });
    const direct = classifyTable(model, load.table, load.raw, {
      setAside: load.report.setAside.rows
    });
    const { rows } = out.file;
    const K = direct.classes.length;
    expect(rows.n).toBe(direct.rows.length);
    expect(out.file.counts).toEqual(direct.counts);
    direct.rows.forEach((r, k) => {
      expect(rows.line[k]).toBe(r.line);
      expect(rows.objectId[k]).toBe(r.objectId);
      expect(rows.notes[k]).toBe(r.notes);
      const p = Array.from(rows.proba.subarray(k * K, (k + 1) * K));
      if (r.probabilities) expect(p).toEqual(r.probabilities);
      else expect(p.every(Number.isNaN)).toBe(true);
    });
    const ranked = Array.from(rows.candidateRank).filter((r) => r > 0);
    expect(ranked.sort((a, b) => a - b)).toEqual(ranked.map((_, i) => i + 1));
    await new Promise((r) => setTimeout(r, 20)); // progress messages are fire-and-forget
    expect(phases).toContain('reading');
    expect(phases.at(-1)).toBe('classifying');
    // Transferred, not copied: the sending side's buffers are detached.
    expect(lastSent?.ok && lastSent.file.rows.proba.byteLength).toBe(0);

    const csv = await (await remote.csv(1)).text();
    expect(csv).toBe(classifyToCsv(direct, load.raw));

    const i = direct.rows.find((r) => r.probabilities)!.tableIndex;
    expect(await remote.explain(1, i)).toEqual(explainRow(model, load.table, i));
  });

  it('rescores a loaded file with another model and forgets it on request', async () => {
    const other = await tinyModel('other', 3, 99);
    await remote.setModel(other);
    const out = await remote.rescore(1);
    expect(out.ok && out.file.modelName).toBe('other');
    await remote.forget(1);
    expect(await remote.has(1)).toBe(false);
    await expect(remote.explain(1, 0)).rejects.toThrow(/no file with id 1/);
  });

  it('returns bad input as { ok: false } with the loader message', async () => {
    const out = await remote.classify(2, fixtureBlob('bad/tiny.png'), 'tiny.csv');
    expect(out).toEqual({
      ok: false,
      error: { code: 'binary', message: expect.stringMatching(/PNG image/) }
    });
    expect(await remote.has(2)).toBe(false);
  });
});

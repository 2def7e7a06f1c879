import { describe, expect, it, vi } from 'vitest';
import { FakeObjectStore, useFreshStore } from './testing.ts';
import {
  addDataset,
  deleteDataset,
  getDataset,
  getDatasetSummary,
  listDatasets,
  renameDataset,
  restoreDataset
} from './datasets.ts';
import type { NewDataset } from './types.ts';

interface Table {
  columns: Record<string, Float32Array>;
  labels: string[];
}
const table = (): Table => ({
  columns: { period: Float32Array.of(1.5, NaN, 3), depth: Float32Array.of(100, 200, 300) },
  labels: ['PLANET', 'FALSE_POSITIVE', 'CANDIDATE']
});
const newDataset = (over: Partial<NewDataset<Table>> = {}): NewDataset<Table> => ({
  name: 'KOI cumulative',
  kind: 'koi',
  downloadDate: '2025-09-01',
  fingerprint: 'sha256:abc',
  rowCount: 3,
  labelCounts: { PLANET: 1, FALSE_POSITIVE: 1, CANDIDATE: 1 },
  report: { warnings: ['2 rows without period'], dropped: 0 },
  table: table(),
  ...over
});

const db = useFreshStore();

describe('datasets CRUD', () => {
  it('adds datasets and lists summaries newest first, without tables', async () => {
    await addDataset(db(), newDataset({ name: 'a', createdAt: '2025-01-01T00:00:00Z' }));
    await addDataset(db(), newDataset({ name: 'b', createdAt: '2025-02-01T00:00:00Z' }));
    const list = await listDatasets(db());
    expect(list.map((d) => d.name)).toEqual(['b', 'a']);
    expect(list.every((d) => !('table' in d))).toBe(true);
    expect(list[0]).toMatchObject({ kind: 'koi', rowCount: 3, downloadDate: '2025-09-01' });
  });

  it('gets the table back with Float32Array columns intact (NaN included)', async () => {
    const { id } = await addDataset(db(), newDataset());
    const got = await getDataset<Table>(db(), id);
    expect(got.table.columns.period).toBeInstanceOf(Float32Array);
    expect(got.table).toEqual(table());
    expect(got.report).toEqual({ warnings: ['2 rows without period'], dropped: 0 });
  });

  it('renames a dataset', async () => {
    const { id } = await addDataset(db(), newDataset());
    await renameDataset(db(), id, 'K2 2025');
    expect((await getDatasetSummary(db(), id)).name).toBe('K2 2025');
  });

  it('deletes a dataset and its table, and restoreDataset puts both back', async () => {
    const { id } = await addDataset(db(), newDataset());
    const before = await getDataset(db(), id);
    const removed = await deleteDataset(db(), id);
    expect(await listDatasets(db())).toEqual([]);
    expect(await db().getAll('datasetTables')).toEqual([]);
    await restoreDataset(db(), removed);
    expect(await getDataset(db(), id)).toEqual(before);
  });
});

describe('datasets: bad input and failures', () => {
  it.each([
    ['an empty name', { name: '' }, 'A dataset name cannot be empty.'],
    ['a negative row count', { rowCount: -1 }, 'rowCount must be a whole number >= 0'],
    ['a fractional label count', { labelCounts: { PLANET: 0.5 } }, 'labelCounts.PLANET must be'],
    ['no table', { table: null as never }, 'has no table'],
    [
      'a function in the table',
      { table: { f: () => 1 } as never },
      'table.f cannot be stored: it is a function'
    ],
    [
      'a typed array in the JSON report',
      { report: { x: new Float32Array(2) } as never },
      'report.x cannot be stored: it is a Float32Array (not JSON)'
    ]
  ])('rejects %s with a clear message and stores nothing', async (_what, over, message) => {
    await expect(addDataset(db(), newDataset(over))).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringContaining(message)
    });
    expect(await listDatasets(db())).toEqual([]);
  });

  it('names the unknown id', async () => {
    await expect(getDataset(db(), 'missing-1')).rejects.toThrow(
      'No dataset with id "missing-1" is stored'
    );
    await expect(deleteDataset(db(), 'missing-1')).rejects.toThrow('"missing-1"');
  });

  it('rejects a Svelte-like proxy with advice to snapshot it, and stores nothing', async () => {
    const proxied = new Proxy(table(), {}); // stands in for a $state proxy: uncloneable
    const err = await addDataset(db(), newDataset({ table: proxied })).catch((e) => e);
    expect(err.code).toBe('invalid');
    expect(err.message).toContain('$state.snapshot');
    expect(await listDatasets(db())).toEqual([]);
  });

  it('a quota failure on the table write leaves no summary behind', async () => {
    const put = FakeObjectStore.prototype.put;
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (
      this: InstanceType<typeof FakeObjectStore>,
      ...args: Parameters<typeof put>
    ) {
      if (this.name === 'datasetTables') throw new DOMException('full', 'QuotaExceededError');
      return put.apply(this, args);
    });
    await expect(addDataset(db(), newDataset())).rejects.toMatchObject({ code: 'quota' });
    vi.restoreAllMocks();
    expect(await listDatasets(db())).toEqual([]);
  });
});

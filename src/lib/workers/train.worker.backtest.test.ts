/**
 * The app's backtest (train worker, forests on forest-worker ports) gives the report the CLI's
 * `exoforest backtest --json` writes for the same files, plan and seed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { parseCsvBlob } from '../core/missions/index.ts';
import { defaultPlan, type TrainingInput } from '../core/pipeline/index.ts';
import { laterToiCsv, TOI_FIXTURE } from '../../../tests/fixtures/cli/later-toi.ts';
import { api } from './train.worker.ts';
import { forestPorts } from './train-test-utils.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'exoforest-backtest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function load(file: string, name: string): Promise<TrainingInput> {
  const { table, report } = await parseCsvBlob(new Blob([readFileSync(file)]), { name });
  return { table, name, report };
}

describe('backtest in the train worker', () => {
  it('gives the CLI report for the same files, plan and seed', async () => {
    const laterPath = path.join(tmp, 'toi-later.csv');
    writeFileSync(laterPath, laterToiCsv().csv);
    const olderPath = fileURLToPath(TOI_FIXTURE);
    const jsonPath = path.join(tmp, 'backtest.json');
    const quiet = [
      vi.spyOn(process.stdout, 'write').mockImplementation((() => true) as never),
      vi.spyOn(process.stderr, 'write').mockImplementation((() => true) as never)
    ];
    let code: number;
    try {
      code = await main([
        'backtest',
        '--data',
        olderPath,
        '--later',
        laterPath,
        '--trees',
        '6',
        '--seed',
        '7',
        '--json',
        jsonPath
      ]);
    } finally {
      for (const s of quiet) s.mockRestore();
    }
    expect(code).toBe(0);
    const cli = JSON.parse(readFileSync(jsonPath, 'utf8'));

    const plan = defaultPlan('vetting');
    plan.seed = 7;
    plan.stages = plan.stages
      .filter((s) => s.mission === 'toi')
      .map((s) => ({ ...s, trees: 6, replay: null }));
    expect(cli.plan).toEqual(plan);
    const workers = forestPorts();
    const out = await api.backtest({
      older: [await load(olderPath, 'toi.csv')],
      later: [await load(laterPath, 'toi-later.csv')],
      plan,
      pool: workers.ports
    });
    workers.close();
    if (!out.ok) throw new Error(out.error.message);
    // Every forest grew on the workers: 2 passes of the staged model + 2 baseline forests + the
    // missing-pattern forest.
    expect(workers.calls[0]).toBe(5);
    const strip = (r: Record<string, unknown>) => ({ ...r, timings: undefined });
    expect(strip(JSON.parse(JSON.stringify(out.report)))).toEqual(strip(cli.report));
    expect(out.report.outcomes.toi.outcomes.planet).toBe(5);
  });

  it('says what is wrong with unusable inputs, as an outcome', async () => {
    const older = await load(fileURLToPath(TOI_FIXTURE), 'toi.csv');
    const plan = defaultPlan('vetting');
    plan.stages = plan.stages
      .filter((s) => s.mission === 'toi')
      .map((s) => ({ ...s, trees: 3, replay: null }));
    const same = await api.backtest({ older: [older], later: [older], plan });
    expect(same).toEqual({
      ok: false,
      error: {
        kind: 'data',
        message: expect.stringMatching(/no object open in the older tables was resolved/)
      }
    });
    const disposition = await api.backtest({
      older: [older],
      later: [older],
      plan: { ...plan, task: 'disposition' }
    });
    expect(disposition.ok === false && disposition.error.message).toMatch(
      /only the vetting task can be backtested/
    );
  });
});

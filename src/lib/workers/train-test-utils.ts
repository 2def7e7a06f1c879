/** Test helpers for the train worker: the CLI fixture tables and forest workers on ports. */
import { readFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { expose } from 'comlink';
import type NodeEndpointFn from 'comlink/dist/esm/node-adapter';
// @ts-expect-error -- comlink ships node-adapter.d.ts, which TypeScript does not pair with the .mjs; typed below
import nodeEndpointMjs from 'comlink/dist/esm/node-adapter.mjs';
import { parseCsvText } from '../core/missions/index.ts';
import type { TrainingInput } from '../core/pipeline/index.ts';
import { api as forestApi } from './forest.worker.ts';

export const nodeEndpoint = nodeEndpointMjs as typeof NodeEndpointFn;

/** The small KOI, K2 and TOI fixtures of the CLI tests, parsed. */
export async function fixtureInputs(): Promise<TrainingInput[]> {
  const out: TrainingInput[] = [];
  for (const f of ['koi.csv', 'k2.csv', 'toi.csv']) {
    const text = readFileSync(new URL(`../../../tests/fixtures/cli/${f}`, import.meta.url), 'utf8');
    const { table, report } = await parseCsvText(text, { name: f });
    out.push({ table, name: f, report });
  }
  return out;
}

type FitArgs = Parameters<typeof forestApi.fit>;

/**
 * Two forest workers on MessageChannels (the page's pool in the app), counting the forests each
 * is asked to grow; `check` sees every request first (throw to fail it).
 */
export function forestPorts(check: (req: FitArgs[0]) => void = () => {}): {
  ports: MessagePort[];
  calls: number[];
  close: () => void;
} {
  const channels = [new MessageChannel(), new MessageChannel()];
  const calls = [0, 0];
  channels.forEach((c, i) => {
    const counted = {
      ...forestApi,
      fit: (...args: FitArgs) => {
        calls[i]++;
        check(args[0]);
        return forestApi.fit(...args);
      }
    };
    expose(counted, nodeEndpoint(c.port1));
  });
  return {
    ports: channels.map((c) => c.port2 as unknown as MessagePort),
    calls,
    close: () => channels.forEach((c) => c.port1.close())
  };
}

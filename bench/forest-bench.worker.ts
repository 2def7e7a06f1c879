/**
 * Bench-only Node worker thread: exposes the real forest worker API (the same core slice
 * function the browser workers run) on this thread's parent port. Loaded through
 * forest-bench.worker.mjs, which registers tsx first.
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import type NodeEndpointFn from 'comlink/dist/esm/node-adapter';
// @ts-expect-error -- comlink ships node-adapter.d.ts, which TypeScript does not pair with the .mjs; typed below
import nodeEndpointMjs from 'comlink/dist/esm/node-adapter.mjs';
import { api } from '../src/lib/workers/forest.worker.ts';

const nodeEndpoint = nodeEndpointMjs as typeof NodeEndpointFn;

if (!parentPort) throw new Error('bench/forest-bench.worker.ts must run as a worker thread');
expose(api, nodeEndpoint(parentPort));

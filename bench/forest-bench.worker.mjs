// Entry of the bench worker threads. Node 20 does not apply `--import tsx` (execArgv) to a
// worker's entry module, so this plain-JS entry registers tsx, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./forest-bench.worker.ts');

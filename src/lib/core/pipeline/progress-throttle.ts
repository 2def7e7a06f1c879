/**
 * A job's progress for a page at most every `ms` (phase changes and the end always go through,
 * the latest skipped event follows shortly after), so thousands of fast trees do not flood the
 * main thread with messages, and the page redraws its bars a few times a second, not more: each
 * redraw costs CPU on the cores that grow the trees.
 */
import type { TrainingProgress } from './job-context.ts';

export function throttledProgress(
  send: ((p: TrainingProgress) => void) | undefined,
  ms = 250
): { emit: ((p: TrainingProgress) => void) | undefined; flush: () => void } {
  if (!send) return { emit: undefined, flush: () => {} };
  let last = 0;
  let key = '';
  let pending: TrainingProgress | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending) {
      const p = pending;
      pending = null;
      last = performance.now();
      send(p);
    }
  };
  const emit = (p: TrainingProgress) => {
    const k = `${p.phase}:${p.stage}`;
    const now = performance.now();
    if (k !== key || now - last >= ms || p.phase === 'done' || p.treesDone === p.treesTotal) {
      key = k;
      pending = p;
      flush();
    } else {
      pending = p;
      timer ??= setTimeout(flush, ms);
    }
  };
  return { emit, flush };
}

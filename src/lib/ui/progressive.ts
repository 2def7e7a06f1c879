/**
 * Renders a long view in slices: queued pieces of UI work run one per frame, each in a task of
 * its own right after a frame, so no single main-thread task builds (and lays out) the whole
 * view. Pieces run in the order they were queued. A hidden page gets no frames: a timer then
 * stands in, so queued work still runs.
 */

const queue: { run: () => void }[] = [];
let pending = false;

function schedule(): void {
  if (pending || queue.length === 0) return;
  pending = true;
  let fired = false;
  const go = () => {
    if (fired) return;
    fired = true;
    clearTimeout(fallback);
    // After the frame, in a task of its own: the frame's layout and paint stay out of it.
    setTimeout(runOne, 0);
  };
  const fallback = setTimeout(go, 100);
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(go);
}

function runOne(): void {
  pending = false;
  const next = queue.shift();
  schedule();
  next?.run();
}

/** Runs `fn` in a later task, after the pieces queued before it; returns a cancel function. */
export function inTurn(fn: () => void): () => void {
  const item = { run: fn };
  queue.push(item);
  schedule();
  return () => {
    const i = queue.indexOf(item);
    if (i >= 0) queue.splice(i, 1);
  };
}

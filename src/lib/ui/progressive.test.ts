import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inTurn } from './progressive.ts';

describe('progressive rendering turns', () => {
  let frames: (() => void)[];
  beforeEach(() => {
    vi.useFakeTimers();
    frames = [];
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
  /** One frame, then the task queued after it. */
  function frame() {
    const due = frames.splice(0);
    for (const cb of due) cb();
    vi.advanceTimersByTime(0);
  }

  it('runs queued pieces in order, one per frame, never in the task that queued them', () => {
    const ran: string[] = [];
    inTurn(() => ran.push('a'));
    inTurn(() => ran.push('b'));
    inTurn(() => ran.push('c'));
    expect(ran).toEqual([]);
    frame();
    expect(ran).toEqual(['a']);
    frame();
    expect(ran).toEqual(['a', 'b']);
    frame();
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('skips a cancelled piece', () => {
    const ran: string[] = [];
    inTurn(() => ran.push('a'));
    const cancel = inTurn(() => ran.push('b'));
    inTurn(() => ran.push('c'));
    cancel();
    frame();
    frame();
    frame();
    expect(ran).toEqual(['a', 'c']);
  });

  it('still runs when no frame comes (a hidden page)', async () => {
    let done = false;
    inTurn(() => (done = true));
    await vi.advanceTimersByTimeAsync(50);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(done).toBe(true);
  });
});

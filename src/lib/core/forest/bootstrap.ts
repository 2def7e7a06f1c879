/** Per-tree bootstrap draws. Shared by training and OOB scoring, which regenerates them. */
import type { Rng } from '../random.ts';

/**
 * Draws n row indices with replacement into counts (how often each row was drawn). These are
 * the first n draws of a tree's stream, so OOB scoring can replay them from the seed alone.
 */
export function bootstrapCounts(rng: Rng, n: number, counts: Int32Array): void {
  counts.fill(0, 0, n);
  for (let k = 0; k < n; k++) counts[rng.int(n)]++;
}

/**
 * Candidate ranking (vetting task): every unresolved row of a table - archive CANDIDATE, TOI PC
 * and APC, or a row without any label - scored by P(planet) and sorted, most likely planet
 * first. Ties are broken by object id, then row, so a ranking is reproducible.
 */
import type { CanonicalTable } from '../missions/index.ts';
import type { ModelFile } from '../model/index.ts';
import { predictWithModel } from './predict.ts';

export interface RankedCandidate {
  /** 1 = most likely a planet. */
  rank: number;
  /** Row index in the table. */
  row: number;
  /** Line number in the source file. */
  line: number;
  objectId: string;
  hostId: string;
  mission: string;
  /** Label cell as written ('CANDIDATE', 'PC', 'APC' or ''). */
  rawLabel: string;
  /** P(planet) under the model. */
  pPlanet: number;
}

/** Rows the vetting task has not decided: no PLANET / FALSE_POSITIVE label. */
export function unresolvedRows(table: CanonicalTable): number[] {
  const out: number[] = [];
  for (let i = 0; i < table.objectId.length; i++) if (table.labelVetting[i] === null) out.push(i);
  return out;
}

/**
 * Ranks `rows` of `table` by the probability of class `positive` in `proba` (row-major,
 * aligned with `rows`, K classes per row).
 */
export function rankRows(
  table: CanonicalTable,
  rows: readonly number[],
  proba: Float64Array,
  K: number,
  positive: number
): RankedCandidate[] {
  const list = rows.map((row, k) => ({
    rank: 0,
    row,
    line: table.rowNumber[row],
    objectId: table.objectId[row],
    hostId: table.hostId[row],
    mission: table.mission[row],
    rawLabel: table.rawLabel[row],
    pPlanet: proba[k * K + positive]
  }));
  return orderByPlanet(list);
}

/** Sorts candidates by P(planet), then object id, then row, and numbers their ranks from 1. */
export function orderByPlanet(list: RankedCandidate[]): RankedCandidate[] {
  list.sort(
    (a, b) =>
      b.pPlanet - a.pPlanet ||
      (a.objectId < b.objectId ? -1 : a.objectId > b.objectId ? 1 : 0) ||
      a.row - b.row
  );
  list.forEach((c, i) => (c.rank = i + 1));
  return list;
}

/**
 * Scores and ranks the unresolved rows of `table` with a vetting model (throws for a model
 * without a positive class, e.g. a disposition model).
 */
export function rankCandidates(model: ModelFile, table: CanonicalTable): RankedCandidate[] {
  const positive =
    model.meta.positiveClass === null ? -1 : model.meta.classes.indexOf(model.meta.positiveClass);
  if (positive < 0) {
    throw new Error(
      `rankCandidates: model "${model.meta.name}" (${model.meta.task} task) has no positive class to rank by; use a vetting model`
    );
  }
  const rows = unresolvedRows(table);
  const pred = predictWithModel(model, table);
  const K = model.forest.nClasses;
  const proba = new Float64Array(rows.length * K);
  rows.forEach((r, k) => {
    for (let c = 0; c < K; c++) proba[k * K + c] = pred.proba[r * K + c];
  });
  return rankRows(table, rows, proba, K, positive);
}

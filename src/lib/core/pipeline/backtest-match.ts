/**
 * Backtests, step one: what happened later to the objects that were open in an older table.
 * Each unresolved row of an older table (TOI PC / APC / blank, KOI CANDIDATE: no vetting label)
 * is looked up by object id among the newer tables of its mission: resolved (planet or false
 * positive, with the label it got), still open, gone with a new id (a newer object of the same
 * host star with the same period within 1%, whose id the older table does not have), or gone.
 */
import type { Mission, CanonicalTable, VettingLabel } from '../missions/index.ts';

export type LaterOutcome = 'planet' | 'false-positive' | 'open' | 'changed-id' | 'vanished';

export interface OpenObject {
  /** Index of the older input and row in its table. */
  input: number;
  row: number;
  mission: Mission;
  objectId: string;
  hostId: string;
  /** Label cell in the older table ('PC', 'APC', 'CANDIDATE' or ''). */
  labelThen: string;
  outcome: LaterOutcome;
  /** Label cell in the newer table (the matched object, or the renamed one); '' when gone. */
  labelLater: string;
  /** The newer object's id when it changed id. */
  laterId: string | null;
}

export interface MatchSummary {
  /** Every open-then object of the given missions, in input then row order. */
  objects: OpenObject[];
  /** Per mission: counts of each outcome and of label transitions ("PC -> CP"). */
  byMission: {
    [mission: string]: {
      openThen: number;
      outcomes: Record<LaterOutcome, number>;
      transitions: Record<string, number>;
      /** Newer objects whose id the older tables do not have (new discoveries or new ids). */
      newLater: number;
    };
  };
}

/** Relative period difference under which a renamed object on the same host counts as the same. */
export const RENAME_PERIOD_TOLERANCE = 0.01;

function periodColumn(t: CanonicalTable): Float32Array | null {
  const j = t.features.indexOf('period_days');
  return j >= 0 ? t.columns[j] : null;
}

function outcomeOf(label: VettingLabel | null): LaterOutcome {
  if (label === 'PLANET') return 'planet';
  if (label === 'FALSE_POSITIVE') return 'false-positive';
  return 'open';
}

/** Matches the open rows of `older` (only rows of `missions`) against `later`. */
export function matchOpenObjects(
  older: readonly CanonicalTable[],
  later: readonly CanonicalTable[],
  missions: readonly Mission[]
): MatchSummary {
  const key = (m: string, id: string) => `${m}\u0000${id}`;
  const laterRows = new Map<string, { t: CanonicalTable; row: number }>();
  const laterByHost = new Map<string, { t: CanonicalTable; row: number }[]>();
  for (const t of later) {
    for (let i = 0; i < t.objectId.length; i++) {
      const m = t.mission[i];
      if (!(missions as string[]).includes(m)) continue;
      const k = key(m, t.objectId[i]);
      if (!laterRows.has(k)) laterRows.set(k, { t, row: i });
      const h = key(m, t.hostId[i]);
      if (!laterByHost.has(h)) laterByHost.set(h, []);
      laterByHost.get(h)!.push({ t, row: i });
    }
  }
  const olderIds = new Set<string>();
  for (const t of older) {
    for (let i = 0; i < t.objectId.length; i++) olderIds.add(key(t.mission[i], t.objectId[i]));
  }

  const objects: OpenObject[] = [];
  const byMission: MatchSummary['byMission'] = {};
  for (const m of missions) {
    byMission[m] = {
      openThen: 0,
      outcomes: { planet: 0, 'false-positive': 0, open: 0, 'changed-id': 0, vanished: 0 },
      transitions: {},
      newLater: 0
    };
  }
  const renamedTo = new Set<string>();
  older.forEach((t, input) => {
    const period = periodColumn(t);
    for (let row = 0; row < t.objectId.length; row++) {
      const m = t.mission[row];
      if (!(missions as string[]).includes(m) || t.labelVetting[row] !== null) continue;
      const mission = m as Mission;
      const found = laterRows.get(key(m, t.objectId[row]));
      let outcome: LaterOutcome;
      let labelLater = '';
      let laterId: string | null = null;
      if (found) {
        outcome = outcomeOf(found.t.labelVetting[found.row]);
        labelLater = found.t.rawLabel[found.row];
      } else {
        // A newer object on the same star, with about the same period, under an id the older
        // tables never had: the same object renamed.
        const p = period ? period[row] : NaN;
        const renamed = (laterByHost.get(key(m, t.hostId[row])) ?? []).find(({ t: lt, row: r }) => {
          if (olderIds.has(key(m, lt.objectId[r])) || renamedTo.has(key(m, lt.objectId[r])))
            return false;
          const lp = periodColumn(lt)?.[r] ?? NaN;
          return (
            Number.isFinite(p) &&
            Number.isFinite(lp) &&
            Math.abs(lp - p) <= RENAME_PERIOD_TOLERANCE * p
          );
        });
        if (renamed) {
          outcome = 'changed-id';
          laterId = renamed.t.objectId[renamed.row];
          labelLater = renamed.t.rawLabel[renamed.row];
          renamedTo.add(key(m, laterId));
        } else {
          outcome = 'vanished';
        }
      }
      const s = byMission[mission];
      s.openThen++;
      s.outcomes[outcome]++;
      const tr = `${t.rawLabel[row] || '(blank)'} -> ${
        outcome === 'vanished' ? '(gone)' : labelLater || '(blank)'
      }${outcome === 'changed-id' ? ' (new id)' : ''}`;
      s.transitions[tr] = (s.transitions[tr] ?? 0) + 1;
      objects.push({
        input,
        row,
        mission,
        objectId: t.objectId[row],
        hostId: t.hostId[row],
        labelThen: t.rawLabel[row],
        outcome,
        labelLater,
        laterId
      });
    }
  });
  for (const k of laterRows.keys()) {
    const m = k.split('\u0000')[0];
    if (byMission[m] && !olderIds.has(k) && !renamedTo.has(k)) byMission[m].newLater++;
  }
  return { objects, byMission };
}

import type { Mission } from '../features.ts';
import type { LabelMap } from '../labels.ts';

/** One archive column feeding one feature. */
export interface NumericSource {
  /** Feature name in the registry (features.ts). */
  feature: string;
  /** Source column, lower-case. */
  column: string;
  /** Multiply on import (K2 depth: percent -> ppm = 1e4). Applies to the uncertainties too. */
  scale?: number;
  /** err1/err2 columns; the sigma goes to `<feature>_err` as mean(|err1|, |err2|). */
  err?: readonly [string, string];
}

/** Why a row is not kept, decided from one column (K2: default_flag). */
export interface RowFilter {
  column: string;
  /** null = keep; otherwise the reason code and a short detail. */
  decide(value: string): { reason: string; detail: string } | null;
  /** Said in the report when the file lacks the filter column (all rows are then kept). */
  whenAbsent: string;
}

/** How one archive table maps onto the canonical table. */
export interface MissionAdapter {
  kind: Mission;
  mission: Mission;
  title: string;
  /** All of these must be in the header for the file to be this table. */
  signature: readonly string[];
  objectId: { column: string; prefix: string };
  /** Host star id; prefixed by mission so ids never collide across missions. */
  hostId: { column: string; prefix: string };
  label: { column: string; map: LabelMap };
  numeric: readonly NumericSource[];
  rowFilter?: RowFilter;
}

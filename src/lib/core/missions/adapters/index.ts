import { K2_ADAPTER } from './k2.ts';
import { KOI_ADAPTER } from './koi.ts';
import { TOI_ADAPTER } from './toi.ts';
import type { MissionAdapter } from './types.ts';

/** Archive adapters in detection order. */
export const MISSION_ADAPTERS: readonly MissionAdapter[] = [KOI_ADAPTER, K2_ADAPTER, TOI_ADAPTER];

export { K2_ADAPTER, KOI_ADAPTER, TOI_ADAPTER };
export type { MissionAdapter, NumericSource, RowFilter } from './types.ts';

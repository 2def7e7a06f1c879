// Record shapes kept in IndexedDB. Everything here must survive structured cloning, so values
// are plain data only (no class instances, functions or Svelte $state proxies).

/** A JSON value: what reports and plan settings are made of. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Numbers for a quick look on the Models page; non-finite values are stored as null. */
export type MetricsSummary = Record<string, number | null>;

/** What the Models page lists: everything about a model except its file. */
export interface ModelSummary {
  id: string;
  name: string;
  task: string;
  classes: string[];
  /** Mission names, in training order. */
  stages: string[];
  /** ISO 8601 time. */
  createdAt: string;
  sizeBytes: number;
  metrics: MetricsSummary;
  source: 'trained' | 'imported';
}

/** A model with its file (the bytes of the `.exoforest` model file). */
export interface ModelRecord extends ModelSummary {
  bytes: Uint8Array;
}

/** Input to addModel: id and createdAt are generated when absent; sizeBytes comes from bytes. */
export type NewModel = Omit<ModelRecord, 'id' | 'createdAt' | 'sizeBytes'> & {
  id?: string;
  createdAt?: string;
};

/** What the Datasets page lists: everything about a dataset except its table. */
export interface DatasetSummary {
  id: string;
  name: string;
  /** Mission or file kind (from core/missions), e.g. 'koi', 'k2', 'toi'. */
  kind: string;
  createdAt: string;
  /** When the table was downloaded from the archive (ISO), when known. */
  downloadDate: string | null;
  fingerprint: string;
  rowCount: number;
  labelCounts: Record<string, number>;
  report: Json;
}

/** A dataset with its table. The table is any plain data (columns as Float32Array clone fine). */
export interface DatasetRecord<T = unknown> extends DatasetSummary {
  table: T;
}

export type NewDataset<T = unknown> = Omit<DatasetRecord<T>, 'id' | 'createdAt'> & {
  id?: string;
  createdAt?: string;
};

/** One training run: the plan it followed and the report it produced. */
export interface RunRecord {
  id: string;
  createdAt: string;
  plan: Json;
  report: Json;
  /** The model this run produced, if it was kept. */
  modelId?: string;
}

export type NewRun = Omit<RunRecord, 'id' | 'createdAt'> & { id?: string; createdAt?: string };

/** Small app settings, one record per key. Add keys here. */
export interface Settings {
  activeModelId: string;
}

export type SettingKey = keyof Settings;

/** The heavy halves, stored apart so summary listings never load them. */
export interface ModelBlob {
  id: string;
  bytes: Uint8Array;
}

export interface DatasetTable {
  id: string;
  table: unknown;
}

export interface SettingRecord<K extends SettingKey = SettingKey> {
  key: K;
  value: Settings[K];
}

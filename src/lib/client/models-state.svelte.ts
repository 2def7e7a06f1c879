/**
 * The Models page's state: the list (shipped model + stored ones), the active choice, rename,
 * delete with undo, import (validated before anything is stored), export, share, the open model
 * card and how much storage the site uses. Every change re-reads the list from the store, so
 * what the page shows is what is stored.
 */
import { inspectModel, type ModelOverview } from './classifier.ts';
import { isPersisted, storageUsage, storeMessage } from './db.ts';
import { canShareFile, saveFile, shareFile } from './files.ts';
import { metricRows, topImportances, type ImportanceItem, type MetricRow } from './model-card.ts';
import {
  allModels,
  importModel,
  modelBytes,
  modelFile,
  remove,
  rename,
  setActive,
  undoRemove,
  type ModelEntry,
  type RemovedModel
} from './models.ts';

export interface ModelCardView {
  entry: ModelEntry;
  overview: ModelOverview;
  metrics: MetricRow[];
  importances: { kind: string; items: ImportanceItem[] }[];
}

export interface StorageView {
  usedBytes: number;
  quotaBytes: number;
  persisted: boolean;
}

export class ModelsState {
  entries = $state<ModelEntry[]>([]);
  loading = $state(true);
  /** Saved models cannot be used (IndexedDB unavailable or closed). */
  storeError = $state('');
  /** The outcome of the last action, for a status line. */
  status = $state('');
  error = $state('');
  importing = $state(false);
  /** The last deleted model, until undone or dismissed. */
  undo = $state.raw<RemovedModel | null>(null);
  card = $state.raw<ModelCardView | null>(null);
  cardLoading = $state(false);
  storage = $state<StorageView | null>(null);
  /** Whether this browser can share model files with other apps. */
  canShare = $state(false);

  async refresh(): Promise<void> {
    try {
      const { entries, storeError } = await allModels();
      this.entries = entries;
      this.storeError = storeError ?? '';
    } catch (e) {
      this.error = storeMessage(e);
    } finally {
      this.loading = false;
    }
    void this.refreshStorage();
  }

  async refreshStorage(): Promise<void> {
    const [usage, persisted] = await Promise.all([storageUsage(), isPersisted()]);
    this.storage = usage && { ...usage, persisted };
    this.canShare = canShareFile(new File([new Uint8Array(1)], 'model.exoforest'));
  }

  /** Runs a change, shows its outcome, re-reads the list. */
  private async act(run: () => Promise<string>): Promise<void> {
    this.error = '';
    this.status = '';
    try {
      this.status = await run();
    } catch (e) {
      this.error = storeMessage(e);
    }
    await this.refresh();
  }

  activate(entry: ModelEntry): Promise<void> {
    return this.act(async () => {
      await setActive(entry.id);
      return `"${entry.name}" is now the active model: the Classify page uses it.`;
    });
  }

  rename(entry: ModelEntry, name: string): Promise<void> {
    return this.act(async () => {
      await rename(entry.id, name);
      return `Renamed "${entry.name}" to "${name.trim()}".`;
    });
  }

  remove(entry: ModelEntry): Promise<void> {
    return this.act(async () => {
      this.undo = await remove(entry.id);
      if (this.card?.entry.id === entry.id) this.card = null;
      return '';
    });
  }

  undoRemove(): Promise<void> {
    const removed = this.undo;
    if (!removed) return Promise.resolve();
    return this.act(async () => {
      await undoRemove(removed);
      this.undo = null;
      return `Restored "${removed.model.name}".`;
    });
  }

  dismissUndo(): void {
    this.undo = null;
  }

  /** Imports model files one by one; a bad file is refused with the reader's message. */
  async importFiles(files: File[]): Promise<void> {
    this.importing = true;
    this.error = '';
    this.status = '';
    const done: string[] = [];
    const refused: string[] = [];
    try {
      for (const file of files) {
        const out = await importModel(file, file.name);
        if (out.ok) done.push(`"${out.entry.name}"`);
        else refused.push(out.message);
      }
    } catch (e) {
      refused.push(storeMessage(e));
    } finally {
      this.importing = false;
    }
    this.status = done.length ? `Imported ${done.join(', ')}.` : '';
    this.error = refused.join(' ');
    await this.refresh();
  }

  async view(entry: ModelEntry): Promise<void> {
    this.cardLoading = true;
    this.error = '';
    try {
      const out = await inspectModel(await modelBytes(entry.id));
      if (!out.ok) throw new Error(`"${entry.name}" cannot be read: ${out.error.message}`);
      this.card = {
        entry,
        overview: out.overview,
        metrics: metricRows(out.overview.meta.metrics),
        importances: topImportances(out.overview.meta.importances)
      };
    } catch (e) {
      this.error = storeMessage(e);
    } finally {
      this.cardLoading = false;
    }
  }

  closeCard(): void {
    this.card = null;
  }

  async exportFile(entry: ModelEntry): Promise<void> {
    try {
      const file = await modelFile(entry.id, entry.name);
      saveFile(file, file.name);
    } catch (e) {
      this.error = storeMessage(e);
    }
  }

  async share(entry: ModelEntry): Promise<void> {
    try {
      const file = await modelFile(entry.id, entry.name);
      if (await shareFile(file, entry.name)) this.status = `Shared "${entry.name}".`;
    } catch (e) {
      this.error = storeMessage(e);
    }
  }
}

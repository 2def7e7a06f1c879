/**
 * The Classify page's state, kept while the app is open (navigating to Models and back keeps
 * the results): which model scores, the classified files, the job in progress, the table's
 * filter and sort, the selected row and its explanation. Work happens in the classify worker
 * (classifier.ts); this class only starts jobs and holds what they return.
 */
import * as classifier from './classifier.ts';
import { JobCancelled, type ClassifiedFile, type RowExplanation } from './classifier.ts';
import { derivedName, saveFile } from './files.ts';
import { activeModel } from './models.ts';
import {
  defaultFilter,
  filterRows,
  labelTotals,
  periodRadiusSeries,
  resultSet,
  scoreHistogram,
  type ResultSet,
  rowView,
  sortRows,
  type ResultFilter,
  type RowView,
  type SortDirection,
  type SortKey
} from './results.ts';
import { nextTask } from './next-task.ts';

/** A CSV to classify: a picked or dropped File, or text (pasted, or the one-object form). */
export interface Source {
  source: Blob | string;
  name: string;
}

export interface ModelInUse {
  key: string;
  name: string;
  fingerprint: string;
  task: string;
  /** Set when the stored active model could not be used. */
  warning: string | null;
}

export interface JobState {
  /** What is happening, e.g. "Reading toi.csv (2 of 3)". */
  label: string;
  phase: 'model' | 'reading' | 'classifying';
  /** Fraction done in [0, 1], or null when it cannot be measured. */
  fraction: number | null;
}

export interface FileProblem {
  name: string;
  message: string;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class ClassifyPageState {
  model = $state<ModelInUse | null>(null);
  modelError = $state('');
  /** Classified files; raw state: their row columns are large typed arrays. */
  files = $state.raw<ClassifiedFile[]>([]);
  problems = $state<FileProblem[]>([]);
  job = $state<JobState | null>(null);
  /** Notice after a cancelled job. */
  notice = $state('');
  /** Wall time of the last classification job, from start to results (ms). */
  lastJobMs = $state<number | null>(null);

  /** Replaced, never mutated: raw state, read once per row by the filter. */
  filter = $state.raw<ResultFilter>(defaultFilter());
  /** Ranked on load: unresolved candidates by P(positive class) first, then the other rows. */
  sortKey = $state<SortKey>('rank');
  sortDirection = $state<SortDirection>('ascending');

  selected = $state<number | null>(null);
  explanation = $state.raw<RowExplanation | null>(null);
  explaining = $state(false);
  explainError = $state('');

  /**
   * Every file's rows under one index; set with `files` (see show()), so a large set is built
   * in a task before the one that renders it.
   */
  set = $state.raw<ResultSet | null>(null);
  readonly rows = $derived.by(() => {
    if (!this.set) return [];
    const kept = filterRows(this.set, this.filter);
    return this.sortKey === 'input'
      ? kept
      : sortRows(this.set, kept, this.sortKey, this.sortDirection);
  });
  /** Rows per predicted class over every file. */
  readonly totals = $derived(this.set ? labelTotals(this.set) : {});
  /** Chart data for the rows the table shows. */
  readonly scatter = $derived(this.set ? periodRadiusSeries(this.set, this.rows) : []);
  readonly unplotted = $derived(
    this.rows.length - this.scatter.reduce((n, s) => n + s.points.length, 0)
  );
  readonly histogram = $derived(this.set ? scoreHistogram(this.set, this.rows) : null);
  readonly selectedRow = $derived<RowView | null>(
    this.set && this.selected !== null && this.selected < this.set.total
      ? rowView(this.set, this.selected)
      : null
  );

  // Not shown anywhere, so not reactive: a plain Map.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private sources = new Map<number, Source>();
  private nextId = 1;
  /** Changes when a job starts and ends, so late progress from a finished job is ignored. */
  private jobToken = 0;
  private syncing: Promise<void> | null = null;

  get busy(): boolean {
    return this.job !== null;
  }

  /** Uses the active model (stored choice, else the shipped one); rescores loaded files if it changed. */
  syncModel(): Promise<void> {
    this.syncing ??= this.doSyncModel().finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async doSyncModel(): Promise<void> {
    const choice = await activeModel();
    if (this.model?.key === choice.key && classifier.loadedModelKey() === choice.key) return;
    classifier.useModel(choice);
    this.job = { label: 'Loading the model…', phase: 'model', fraction: null };
    try {
      const out = await classifier.loadModel();
      if (!out.ok) {
        this.model = null;
        this.modelError = `The active model cannot be used: ${out.error.message} Choose another on the Models page.`;
        return;
      }
      const { meta } = out.overview;
      const changed = this.model !== null && this.model.fingerprint !== out.overview.fingerprint;
      this.model = {
        key: choice.key,
        name: meta.name,
        fingerprint: out.overview.fingerprint,
        task: meta.task,
        warning: choice.warning
      };
      this.modelError = '';
      if (changed && this.files.length > 0) await this.rescoreAll();
    } catch (e) {
      if (!(e instanceof JobCancelled)) this.modelError = errorMessage(e);
    } finally {
      this.job = null;
    }
  }

  /** Classifies CSVs one after another; results are added to the table. */
  async classify(sources: Source[]): Promise<void> {
    if (this.busy || sources.length === 0) return;
    this.notice = '';
    this.problems = [];
    const started = performance.now();
    const token = ++this.jobToken;
    try {
      await this.syncModel();
      if (!this.model) return;
      for (const [i, src] of sources.entries()) {
        if (this.isLoaded(src)) {
          this.notice = `${src.name} is already in the results (same name and size): it was not added twice.`;
          continue;
        }
        const of = sources.length > 1 ? ` (${i + 1} of ${sources.length})` : '';
        this.job = { label: `Reading ${src.name}${of}`, phase: 'reading', fraction: 0 };
        const id = this.nextId++;
        const out = await classifier.classify(id, src.source, src.name, (phase, done, total) => {
          // Progress messages travel on their own port and may arrive after the result.
          if (this.jobToken !== token) return;
          const verb = phase === 'reading' ? 'Reading' : 'Classifying';
          this.job = {
            label: `${verb} ${src.name}${of}`,
            phase,
            fraction: phase === 'reading' && total > 0 ? done / total : null
          };
        });
        // Receiving the result (a large message), combining it with the other files, and
        // rendering it run as separate tasks.
        await nextTask();
        if (out.ok) {
          this.sources.set(id, src);
          const before = this.files;
          const files = [...before, out.file];
          const set = resultSet(files);
          await nextTask();
          if (this.files === before) this.show(files, set);
          else this.show([...this.files, out.file]);
        } else {
          this.problems = [...this.problems, { name: src.name, message: out.error.message }];
        }
      }
      this.lastJobMs = performance.now() - started;
    } catch (e) {
      if (e instanceof JobCancelled) this.notice = 'Cancelled. Files finished before it are kept.';
      else this.problems = [...this.problems, { name: '', message: errorMessage(e) }];
    } finally {
      this.jobToken++;
      this.job = null;
    }
  }

  /** A file of the same name and size is already classified (a second copy would count twice). */
  private isLoaded(src: Source): boolean {
    const size = typeof src.source === 'string' ? new Blob([src.source]).size : src.source.size;
    return this.files.some((f) => f.name === src.name && f.report.bytes === size);
  }

  /** Stops the running job (terminates the worker). */
  cancel(): void {
    classifier.cancel();
  }

  /** The worker must hold file `id` (a cancel restarts it empty): read it again if not. */
  private async ensureHeld(id: number): Promise<void> {
    if (await classifier.holds(id)) return;
    const src = this.sources.get(id);
    if (!src) throw new Error('This file is no longer available; load it again.');
    const out = await classifier.classify(id, src.source, src.name);
    if (!out.ok) throw new Error(out.error.message);
  }

  private async rescoreAll(): Promise<void> {
    const next: ClassifiedFile[] = [];
    for (const [i, file] of this.files.entries()) {
      this.job = {
        label: `Scoring ${file.name} with the new model (${i + 1} of ${this.files.length})`,
        phase: 'classifying',
        fraction: null
      };
      const src = this.sources.get(file.id)!;
      const out = (await classifier.holds(file.id))
        ? await classifier.rescore(file.id)
        : await classifier.classify(file.id, src.source, src.name);
      if (out.ok) next.push(out.file);
    }
    this.show(next);
    this.clearSelection();
  }

  /** Shows why row `g` got its probabilities. */
  async select(g: number): Promise<void> {
    this.selected = g;
    this.explanation = null;
    this.explainError = '';
    const row = this.selectedRow;
    if (!row || row.tableIndex < 0 || row.label === null) return;
    this.explaining = true;
    try {
      await this.ensureHeld(row.fileId);
      const e = await classifier.explain(row.fileId, row.tableIndex);
      if (this.selected === g) this.explanation = e;
    } catch (e) {
      if (!(e instanceof JobCancelled)) this.explainError = errorMessage(e);
    } finally {
      this.explaining = false;
    }
  }

  clearSelection(): void {
    this.selected = null;
    this.explanation = null;
    this.explainError = '';
  }

  /** Downloads a file's results: the same CSV `exoforest classify FILE` writes. */
  async download(id: number): Promise<void> {
    const file = this.files.find((f) => f.id === id);
    if (!file) return;
    try {
      await this.ensureHeld(id);
      saveFile(await classifier.resultsCsv(id), derivedName(file.name, '-classified', 'csv'));
    } catch (e) {
      if (!(e instanceof JobCancelled)) {
        this.problems = [...this.problems, { name: file.name, message: errorMessage(e) }];
      }
    }
  }

  remove(id: number): void {
    classifier.forget(id);
    this.sources.delete(id);
    this.show(this.files.filter((f) => f.id !== id));
    this.clearSelection();
  }

  clear(): void {
    for (const f of this.files) classifier.forget(f.id);
    this.sources.clear();
    this.show([]);
    this.problems = [];
    this.notice = '';
    this.filter = defaultFilter();
    this.clearSelection();
  }

  /** Shows `files`; `set` is their result set when the caller already built it. */
  private show(files: ClassifiedFile[], set: ResultSet | null = resultSet(files)): void {
    this.files = files;
    this.set = set;
  }

  sortBy(key: SortKey): void {
    if (this.sortKey === key) {
      this.sortDirection = this.sortDirection === 'ascending' ? 'descending' : 'ascending';
    } else {
      this.sortKey = key;
      this.sortDirection = key === 'score' ? 'descending' : 'ascending';
    }
  }

  /** Unresolved candidates only (or every row again), most likely planet first. */
  rankCandidates(on: boolean): void {
    this.filter = { ...this.filter, candidatesOnly: on };
    if (on) {
      this.sortKey = 'rank';
      this.sortDirection = 'ascending';
    }
  }
}

export const classifyPage = new ClassifyPageState();

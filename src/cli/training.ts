/**
 * What `train` and `eval` share: loading the archive tables, choosing one table per mission,
 * building the plan from the pipeline's defaultPlan, running trainStaged with progress on
 * stderr, and the JSON report.
 */
import path from 'node:path';
import { MISSIONS, type Mission, type TableKind } from '../lib/core/missions/index.ts';
import {
  defaultPlan,
  PlanError,
  TrainingCancelled,
  trainStaged,
  validatePlan,
  type StagePlan,
  type Task,
  type TrainingInput,
  type TrainingPlan,
  type TrainingResult,
  TrainingDataError
} from '../lib/core/pipeline/index.ts';
import { CliError } from './errors.ts';
import { loadTable, type LoadedTable } from './files.ts';
import { err, progressLine } from './io.ts';
import { printLoadWarnings } from './warnings.ts';

export const MISSION_NAMES: Record<Mission, string> = { koi: 'KOI', k2: 'K2', toi: 'TESS TOI' };
const TABLE_HINT: Record<Mission, string> = {
  koi: 'the Kepler KOI cumulative table (e.g. cumulative_2025.10.04_07.34.55.csv)',
  k2: 'the K2 Planets and Candidates table (k2pandc, default or custom columns, e.g. k2.csv)',
  toi: 'the TESS TOI table (e.g. TOI_2025.10.04_07.29.48.csv)'
};

/** Loads each file in turn, saying on stderr what it found. */
export async function loadInputs(files: string[], option: string): Promise<LoadedTable[]> {
  const out: LoadedTable[] = [];
  for (const file of files) {
    const t = await loadTable(file, option);
    const r = t.report;
    const aside = r.setAside.total > 0 ? `, ${r.setAside.total} set aside` : '';
    err(
      `read ${path.basename(file)}: ${r.title}, ${r.rowsRead} rows (${r.rowsKept} kept${aside}; ` +
        `${r.rowsUsable.vetting} with a vetting label), downloaded ${r.downloadDate ?? 'unknown'}`
    );
    printLoadWarnings(path.basename(file), r);
    out.push(t);
  }
  return out;
}

function isMission(kind: TableKind): kind is Mission {
  return (MISSIONS as readonly string[]).includes(kind);
}

/**
 * One table per mission. Two downloads of the same archive table (e.g. the K2 default and
 * custom column sets, which hold the same 4,004 rows) would count every object twice, so only
 * one is kept: the one with more feature columns filled, then more kept rows, then the first
 * given. Canonical CSVs are always kept. Returns the chosen tables and what was decided.
 */
export function chooseTables(tables: LoadedTable[]): { chosen: LoadedTable[]; notes: string[] } {
  const notes: string[] = [];
  const byKind = new Map<string, LoadedTable[]>();
  for (const t of tables) {
    const k = t.report.kind;
    if (!byKind.has(k)) byKind.set(k, []);
    byKind.get(k)!.push(t);
  }
  const drop = new Set<LoadedTable>();
  for (const [kind, list] of byKind) {
    if (!isMission(kind as TableKind) || list.length < 2) continue;
    const score = (t: LoadedTable) => [t.report.featuresPresent.length, t.report.rowsKept];
    const best = list.reduce((a, b) => {
      const [fa, ra] = score(a);
      const [fb, rb] = score(b);
      return fb > fa || (fb === fa && rb > ra) ? b : a;
    });
    for (const t of list) if (t !== best) drop.add(t);
    const extra = best.report.featuresPresent.filter((f) =>
      list.some((t) => t !== best && !t.report.featuresPresent.includes(f))
    );
    notes.push(
      `${list.length} ${MISSION_NAMES[kind as Mission]} tables were given (${list
        .map(
          (t) =>
            `${path.basename(t.file)}: ${t.report.featuresPresent.length} features, ${t.report.rowsKept} rows kept`
        )
        .join(
          '; '
        )}). They describe the same objects, so only one is used: ${path.basename(best.file)}` +
        (extra.length > 0
          ? `, which has more feature columns (${extra.slice(0, 6).join(', ')}${extra.length > 6 ? ', ...' : ''}).`
          : '.') +
        ' Give one --data per mission to choose yourself.'
    );
  }
  return { chosen: tables.filter((t) => !drop.has(t)), notes };
}

/** Missions with at least one row among the tables. */
export function missionsWithData(tables: LoadedTable[]): Set<Mission> {
  const out = new Set<Mission>();
  for (const t of tables) for (const m of new Set(t.table.mission)) if (m !== 'unknown') out.add(m);
  return out;
}

/** Parses "koi,k2,toi" into missions, in order. */
export function parseStages(text: string): Mission[] {
  const names = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const alias: Record<string, Mission> = {
    koi: 'koi',
    kepler: 'koi',
    k2: 'k2',
    toi: 'toi',
    tess: 'toi'
  };
  if (names.length === 0) {
    throw new CliError(
      '--stages is empty; give mission names in training order, e.g. --stages koi,k2,toi.'
    );
  }
  const out: Mission[] = [];
  for (const n of names) {
    const m = alias[n];
    if (!m) {
      throw new CliError(
        `--stages: unknown mission "${n}"; use koi, k2 and toi (in training order), e.g. --stages koi,k2,toi.`
      );
    }
    if (out.includes(m))
      throw new CliError(`--stages: "${n}" is listed twice; each mission may have one stage.`);
    out.push(m);
  }
  return out;
}

export interface PlanChoices {
  task: Task;
  /** Explicit stage order (--stages), or undefined for the default order restricted to the data. */
  stages?: Mission[];
  trees?: number;
  seed?: number;
  holdout?: number;
  /** A plan read from --plan (validated), used instead of defaultPlan(task). */
  base?: TrainingPlan;
  /** false: --no-refit (keep the evaluated forest); undefined: the plan's own setting. */
  refit?: false;
}

/**
 * The plan: defaultPlan(task) (or --plan), stages reordered / restricted, then --trees, --seed
 * and --holdout. The first stage never replays or refits (nothing came before it); a stage moved
 * from first to later takes the replay setting the default gives later stages.
 */
export function buildPlan(
  choices: PlanChoices,
  tables: LoadedTable[]
): { plan: TrainingPlan; notes: string[] } {
  const notes: string[] = [];
  const base = structuredClone(choices.base ?? defaultPlan(choices.task));
  base.task = choices.task;
  const have = missionsWithData(tables);
  const given = tables.map((t) => `${path.basename(t.file)} (${t.report.title})`).join(', ');
  let order: Mission[];
  if (choices.stages) {
    order = choices.stages;
    for (const m of order) {
      if (!have.has(m)) {
        throw new CliError(
          `the stage "${m}" has no data: none of the --data files holds ${MISSION_NAMES[m]} rows (given: ${given}). ` +
            `Add --data with ${TABLE_HINT[m]}, or leave ${m} out of --stages.`
        );
      }
    }
  } else {
    const defaults = base.stages.map((s) => s.mission);
    order = defaults.filter((m) => have.has(m));
    const absent = defaults.filter((m) => !have.has(m));
    if (order.length === 0) {
      throw new CliError(
        `none of the --data files holds KOI, K2 or TESS rows (given: ${given}). Give the archive tables, e.g. --data cumulative.csv --data k2.csv --data TOI.csv.`
      );
    }
    if (absent.length > 0) {
      notes.push(
        `no ${absent.map((m) => MISSION_NAMES[m]).join(' or ')} table given: training the stages ${order.join(', ')}.`
      );
    }
  }
  const unused = [...have].filter((m) => !order.includes(m));
  if (unused.length > 0) {
    notes.push(
      `${unused.map((m) => MISSION_NAMES[m]).join(' and ')} rows are not used: no stage for them in --stages.`
    );
  }
  const laterReplay = base.stages.find((s, i) => i > 0 && s.replay !== null)?.replay ?? null;
  const template = (m: Mission): StagePlan =>
    structuredClone(
      base.stages.find((s) => s.mission === m) ?? base.stages[base.stages.length - 1]
    );
  base.stages = order.map((m, i) => {
    const st = { ...template(m), mission: m };
    if (i === 0) {
      st.replay = null;
      st.refit = null;
    } else if (base.stages[0]?.mission === m && st.replay === null) {
      st.replay = laterReplay ? { ...laterReplay } : null;
    }
    if (choices.trees !== undefined) st.trees = choices.trees;
    return st;
  });
  if (choices.seed !== undefined) base.seed = choices.seed;
  if (choices.holdout !== undefined) base.holdout = choices.holdout;
  if (choices.refit === false) base.refitOnAllRows = false;
  const problems = validatePlan(base);
  if (problems.length > 0) throw new CliError(new PlanError(problems).message);
  return { plan: base, notes };
}

/** Runs trainStaged with a progress line on stderr; pipeline input errors become CliErrors. */
export async function runTraining(
  tables: LoadedTable[],
  plan: TrainingPlan,
  opts: { quiet?: boolean } = {}
): Promise<TrainingResult> {
  const inputs: TrainingInput[] = tables.map((t) => ({
    table: t.table,
    name: path.basename(t.file),
    report: t.report
  }));
  const bar = progressLine();
  const started = Date.now();
  try {
    const result = await trainStaged(inputs, plan, {
      onProgress: opts.quiet
        ? undefined
        : (p) => {
            const pct = p.treesTotal > 0 ? Math.floor((100 * p.treesDone) / p.treesTotal) : 0;
            bar.update(
              `[${String(pct).padStart(3)}%] ${p.phase}: ${p.message}`,
              p.phase + (p.stage ?? '')
            );
          }
    });
    bar.done();
    if (!opts.quiet) err(`trained in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (e) {
    bar.done();
    if (e instanceof PlanError) throw new CliError(e.message);
    if (e instanceof TrainingCancelled) throw new CliError('training was cancelled.', 130);
    if (e instanceof TrainingDataError) throw new CliError(e.detail);
    throw e;
  }
}

/** JSON with typed arrays as arrays and non-finite numbers as null. */
export function toJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_k, v) => {
        if (ArrayBuffer.isView(v) && !(v instanceof DataView))
          return Array.from(v as unknown as ArrayLike<number>);
        if (typeof v === 'number' && !Number.isFinite(v)) return null;
        return v;
      },
      2
    ) + '\n'
  );
}

/** What the JSON report says about each input table. */
export function describeInputs(tables: LoadedTable[], used: LoadedTable[]) {
  return tables.map((t) => ({
    file: path.basename(t.file),
    kind: t.report.kind,
    title: t.report.title,
    downloadDate: t.report.downloadDate,
    bytes: t.report.bytes,
    rowsRead: t.report.rowsRead,
    rowsKept: t.report.rowsKept,
    rowsUsable: t.report.rowsUsable,
    setAside: t.report.setAside.byReason,
    featuresPresent: t.report.featuresPresent,
    featuresMissing: t.report.featuresMissing,
    used: used.includes(t)
  }));
}

/** The report JSON: inputs, plan, per-mission data, hold-out evaluation, importances, top candidates. */
export function reportJson(
  command: string,
  tables: LoadedTable[],
  used: LoadedTable[],
  result: TrainingResult,
  extra: Record<string, unknown> = {}
): string {
  return toJson({
    tool: 'exoforest',
    command,
    createdAt: new Date().toISOString(),
    inputs: describeInputs(tables, used),
    plan: result.plan,
    features: result.features,
    missions: result.missions,
    report: result.report,
    featureSelection: result.featureSelection,
    importances: result.importances,
    groupWeights: result.staged.groupWeights,
    refit: result.refit,
    calibration: result.calibration,
    candidates: result.candidates
      ? { total: result.candidates.length, top: result.candidates.slice(0, 25) }
      : null,
    timingsMs: result.timings,
    ...extra
  });
}

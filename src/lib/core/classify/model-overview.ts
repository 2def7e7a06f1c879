/** What the app shows about a model: its metadata, sizes, fingerprint and the CLI's text card. */
import { describeModel, type ModelFile, type ModelMeta } from '../model/index.ts';

export interface ModelOverview {
  meta: ModelMeta;
  nTrees: number;
  nNodes: number;
  fingerprint: string;
  treeWeights: { per: 'stage' | 'tree'; byMission: Record<string, number[]> } | null;
  /** Exactly what `exoforest inspect` prints. */
  text: string;
}

export function modelOverview(file: ModelFile, fingerprint: string): ModelOverview {
  const { forest, treeWeights } = file;
  const nTrees = forest.treeStart.length - 1;
  return {
    meta: file.meta,
    nTrees,
    nNodes: forest.treeStart[nTrees],
    fingerprint,
    treeWeights: treeWeights && {
      per: treeWeights.per,
      byMission: Object.fromEntries(
        Object.entries(treeWeights.byMission).map(([m, w]) => [m, Array.from(w)])
      )
    },
    text: describeModel(file)
  };
}

/** Public API of the gradient-boosted learner. */
export type {
  BoostedModel,
  BoostFitOptions,
  BoostFitResult,
  BoostParams,
  ValidationSet
} from './types';
export { DEFAULT_BOOST_PARAMS, resolveBoostParams } from './params';
export { fitBoosted, shouldStop } from './fit';
export { predictRaw, predictBoostedProba, predictBoosted, boostedTreeCount } from './predict';
export { probaFromRaw, meanLoss } from './loss';
export { gainImportance, boostedContributions, type BoostedContributions } from './explain';

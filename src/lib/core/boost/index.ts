/** Public API of the gradient-boosted learner. */
export type {
  BoostedModel,
  BoostFitOptions,
  BoostFitResult,
  BoostParams,
  ValidationSet
} from './types.ts';
export { DEFAULT_BOOST_PARAMS, resolveBoostParams } from './params.ts';
export { fitBoosted, shouldStop } from './fit.ts';
export { predictRaw, predictBoostedProba, predictBoosted, boostedTreeCount } from './predict.ts';
export { probaFromRaw, meanLoss } from './loss.ts';
export { gainImportance, boostedContributions, type BoostedContributions } from './explain.ts';
export { validateBoostedModel } from './validate.ts';

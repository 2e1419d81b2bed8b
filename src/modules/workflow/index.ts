export {
  BundleDefinition,
  Condition,
  Answers,
  type AnswerValue,
  type BundleItem,
  type DenialRule,
  type Limit,
  type Question,
  type Stage,
  type StageItem,
  type SourceRef,
} from './contract.js';
export {
  checkAnswers,
  effectiveLimit,
  evaluate,
  jointForm,
  jointMaterials,
  prefilledFields,
  resultPackage,
  select,
  splitForm,
  validateBundle,
  type BundleContext,
  type ChosenItem,
  type JointField,
  type JointMaterial,
  type PackagedResult,
  type Problem,
  type Selection,
} from './rules.js';
export {
  apply as applyBundleEvent,
  start as startBundle,
  EmptySelectionError,
  type BundleEvent,
  type BundleOutcome,
  type BundleState,
  type ChildState,
  type Effect,
  type Transition,
} from './engine.js';
export { readSeedBundles, BUNDLE_DATA_DIR } from './seed-files.js';
export { default as bundleRoutes } from './routes.js';
export {
  seedBundles,
  installBundleHooks,
  verifyBundleEvents,
  getBundleCase,
  listPublishedBundles,
  type BundleChainReport,
  type BundleCaseDetail,
  type SeedBundlesReport,
} from './service.js';
export { workflowErrors } from './errors.js';
export { register as registerWorkflowCli } from './cli.js';
export { bundleEventsAfter, bundleEventsOf, bundleProfiles, type BundleFeedEvent, type BundleFeedPosition, type BundleProfile } from './feed.js';
export { bundleForRating, type BundleForRating } from './reads.js';

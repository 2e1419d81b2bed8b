export { default as inspectionRoutes } from './routes.js';
export { registerInspectionCli } from './cli.js';
export { verifyDraw, commitDraw, revealDraw, recordResult, publishResults, publicResults, importSubjects } from './service.js';
export { drawFromPool, SeededRandom, DEFAULT_QUOTAS, type DrawPool } from './rules.js';
export { inspectionErrors } from './errors.js';
export { drawLog } from './events.js';

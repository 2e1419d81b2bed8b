export { default as routingRoutes, CALLBACK_DESCRIPTION } from './routes.js';
export { installRoutingHooks, startRouting, requeuePending, deliver, DISPATCH_QUEUE, type RoutingWorker, type DispatchOptions } from './dispatch.js';
export { verifyLog, logMessage, type LogReport } from './log.js';
export { register as registerRoutingCli } from './cli.js';
export { routingErrors } from './errors.js';

/**
 * The event log every module's hash-chained events use (DESIGN: platform/event-log). docs/architecture.md
 * shows how a module declares its tables and appends.
 */
export { canonicalJson } from './canonical.js';
export { GENESIS_HASH, eventHash, verifyChain, checkChainHead, type EventBody, type StoredEvent, type ChainBreak } from './chain.js';
export { eventColumns, chainHeadColumns, newChainHead } from './columns.js';
export {
  defineEventLog,
  eventLogs,
  verifyAllChains,
  type EventLog,
  type EventLogSpec,
  type EventInput,
  type ChainHead,
  type ChainProblem,
  type KindReport,
} from './log.js';
export { walkChains } from './walk.js';

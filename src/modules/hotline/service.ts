/** The hotline's service functions, by phase: intake, answer/dispatch, close/回访, reading, figures, settings. */
export { listCalls, receiveCalls, receiveOrder, registerTelephonySystem, signingString, verifyTelephony, SIGNATURE_WINDOW_MS } from './intake.js';
export { answer, assistReply, decideExtension, dispatch, duplicates, merge, reply, requestExtension, returnOrder, supervise } from './dispatch.js';
export { close, followUp } from './close.js';
export { attachment, getOrder, listCards, listOrders, listSubjects } from './read.js';
export { figures } from './figures.js';
export { importOrders } from './importer.js';
export { createKbEntry, getKbEntry, searchKb, seedKbFromCatalog } from './kb.js';
export { getSettings, updateSettings } from './settings.js';
export { type HotlineEnv } from './orders.js';

export { default as hotlineRoutes } from './routes.js';
export { seedHotline } from './seed.js';
export {
  answer, close, dispatch, figures, followUp, getOrder, importOrders, listCards, listOrders, receiveCalls, receiveOrder, reply, returnOrder, signingString,
  type HotlineEnv,
} from './service.js';
export { CATEGORIES, DEFAULT_LIMITS, rates, type Category } from './rules.js';
export { hotlineErrors } from './errors.js';
export { hotlineSupervisionFeed } from './supervision-feed.js';

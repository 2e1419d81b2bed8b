export { default as hallRoutes } from './routes.js';
export { seedDemoHall } from './seed.js';
export { getHall, listHalls, ticketOfCase } from './service.js';
export { hallErrors } from './errors.js';

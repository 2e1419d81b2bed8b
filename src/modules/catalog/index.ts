export {
  getPublishedVersion,
  getPublishedItemByCode,
  versionForNewApplication,
  searchItems,
  listItems,
  getGuide,
  catalogStatistics,
  exportItems,
  seedCatalog,
  licenceTypes,
  type PublishedItemVersion,
  type ItemFilter,
  type StatsGroup,
  type SeedCatalogReport,
} from './service.js';
export { catalogStats, indexTokens, queryTokens, schemaErrorText, statsPercentages, type CatalogStats } from './rules.js';
export type { ServiceItem, Step, MaterialRequirement, FormSchema, FormField, SpecialProcedure } from './contract.js';
export { catalogErrors } from './errors.js';
export { default as catalogRoutes } from './routes.js';
export { register as registerCatalogCli } from './cli.js';

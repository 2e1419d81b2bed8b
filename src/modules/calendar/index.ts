/**
 * The calendar module's public surface. Other modules load a region's WorkCalendar once and compute with
 * the pure functions; no module does date arithmetic of its own.
 *
 *   const cal = await loadWorkCalendar(db, case.regionCode);
 *   const { due: dueAt, provisional } = due(cal, acceptedAt, item.promisedLimit, { pauses });
 *   const c = card(cal, { start: acceptedAt, limitDays, pauses }, now, item.cardThresholds);
 */
export {
  card,
  cardFromInstants,
  yellowLeadDays,
  dayInfo,
  due,
  dueMs,
  elapsed,
  formatInstant,
  isWorkday,
  localDate,
  missingYears,
  parseInstant,
  remaining,
  DEFAULT_CARD_THRESHOLDS,
  DEFAULT_OFFICE_HOURS,
  WorkCalendar,
  type CardColor,
  type CardResult,
  type CardThresholds,
  type Clock,
  type DayEntry,
  type DayInfo,
  type DayKind,
  type DueResult,
  type ElapsedResult,
  type OfficePeriod,
  type Pause,
  type RemainingResult,
  type WorkingTime,
} from './rules.js';
export {
  computeDue,
  getDayInfo,
  getOfficeHours,
  invalidateCalendarCache,
  listMissingYears,
  loadWorkCalendar,
  recomputeOpenCaseDues,
  seedCalendar,
  setDueRecomputer,
  type CalendarChange,
  type DueRecomputer,
} from './service.js';
export { NATIONAL_REGION } from './seed.js';
export { calendarErrors } from './errors.js';
export { register as registerCalendarCli } from './cli.js';
export { default as calendarRoutes } from './routes.js';

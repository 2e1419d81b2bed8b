/**
 * Supervision's background work on pg-boss, in the pattern of the cases module's sweep: every node asks on
 * an interval, a singleton key lets one run per period, and the work reads domain state (the cursor, the
 * archive), so nothing is lost while all nodes were down.
 *  - stats-refresh: brings the rollups up to the event logs.
 *  - monthly-report: on the first working day of a month (or the first run after it) generates last
 *    month's 每月考核通报 for every province and city that has none yet.
 */
import type { DbHandle } from '../../platform/db.js';
import type { Caller } from '../../platform/http.js';
import { createBoss, isWorkday, listRegions, loadWorkCalendar, localDate, type WorkCalendar } from './deps.js';
import { previousMonth } from './ranking.js';
import { closeRenderPool } from './report/pool.js';
import { generateReport, listReports, reportRegions } from './report/service.js';
import { refreshRollups } from './rollup.js';

const REFRESH_QUEUE = 'stats-refresh';
const REPORT_QUEUE = 'monthly-report';

/** True from the month's first working day on (Asia/Shanghai dates, calendar module). */
export function onOrAfterFirstWorkingDay(cal: WorkCalendar, day: string): boolean {
  const first = `${day.slice(0, 8)}01`;
  for (let d = first; d <= day; d = localDate(Date.parse(`${d}T00:00:00+08:00`) + 86_400_000)) if (isWorkday(cal, d)) return true;
  return false;
}

function systemCaller(regionCode: string): Caller {
  return { id: '00000000-0000-0000-0000-000000000000', kind: 'staff', displayName: '系统', roles: ['supervisor'], regionCode, departmentId: null, sessionId: '' };
}

/** Generates last month's report for each region that lacks it; returns the regions done. */
export async function runMonthlyReports(dbh: DbHandle, now: Date): Promise<string[]> {
  const day = localDate(now);
  const cal = await loadWorkCalendar(dbh.db);
  if (!onOrAfterFirstWorkingDay(cal, day)) return [];
  const month = previousMonth(day.slice(0, 7));
  const done: string[] = [];
  for (const code of reportRegions((await listRegions(dbh.db)).map((r) => r.code))) {
    const caller = systemCaller(code);
    if ((await listReports(dbh.db, caller, code)).some((r) => r.period === month)) continue;
    await generateReport(dbh.db, caller, { regionCode: code, month }, now, null);
    done.push(code);
  }
  return done;
}

export async function startSupervisionJobs(dbh: DbHandle, opts: { databaseUrl?: string; refreshEverySeconds?: number; reportEverySeconds?: number; now?: () => Date } = {}) {
  const boss = await createBoss(dbh, opts.databaseUrl);
  const now = opts.now ?? (() => new Date());
  await boss.createQueue(REFRESH_QUEUE, { name: REFRESH_QUEUE, retryLimit: 3, retryDelay: 10 });
  await boss.createQueue(REPORT_QUEUE, { name: REPORT_QUEUE, retryLimit: 5, retryDelay: 600 });
  await boss.work(REFRESH_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    await refreshRollups(dbh.db);
  });
  await boss.work(REPORT_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    await runMonthlyReports(dbh, now());
  });
  const refreshPeriod = opts.refreshEverySeconds ?? 10;
  const reportPeriod = opts.reportEverySeconds ?? 3600;
  const ask = (queue: string, seconds: number) => () => void boss.send(queue, {}, { singletonKey: queue, singletonSeconds: seconds }).catch(() => undefined);
  const timers = [
    [REFRESH_QUEUE, refreshPeriod],
    [REPORT_QUEUE, reportPeriod],
  ].map(([q, s]) => {
    const fn = ask(q as string, s as number);
    fn();
    const t = setInterval(fn, (s as number) * 1000);
    t.unref();
    return t;
  });
  return {
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
      await closeRenderPool();
    },
  };
}

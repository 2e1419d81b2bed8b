/** Close and 回访: the desk closes a replied order; 回访 records satisfaction, and 不满意 may reopen the order once. */
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { closing } from './dispatch.js';
import { clockInstants, NO_DEPARTMENT, rollupKey, settingsFor, transition, type HotlineEnv } from './orders.js';
import { isOperator } from './policy.js';
import { MAX_REOPENS, type FollowUpResult } from './rules.js';

export async function close(db: Db, env: HotlineEnv, caller: Caller, id: string, input: { note?: string }) {
  return transition(db, env, caller, id, 'close', async ({ tx, row, now }) => {
    const c = closing(row, now, row.departmentId);
    const settings = await settingsFor(tx, row.regionCode);
    const followUpDueAt = (await clockInstants(tx, row.regionCode, now, settings.followUpDays)).dueAt;
    return { toState: 'closed', patch: { ...c.patch, followUpDueAt, extension: null }, payload: { onTime: c.onTime, note: input.note ?? null }, rollups: [c.rollup] };
  });
}

/**
 * 回访 by the desk (phone) or by the citizen on the portal. With `reopen` and 不满意, the order goes back to its
 * department with a fresh clock (once): its closure leaves the rollup until it is closed again.
 */
export async function followUp(db: Db, env: HotlineEnv, caller: Caller, id: string, input: { result: FollowUpResult; comment?: string; reopen?: boolean }) {
  return transition(db, env, caller, id, 'followUp', async ({ tx, row, now, cf }) => {
    if (input.reopen && input.result !== 'unsatisfied') throw new AppError('HOTLINE_REOPEN_NEEDS_UNSATISFIED');
    if (input.reopen && row.reopenCount >= MAX_REOPENS) throw new AppError('HOTLINE_REOPEN_LIMIT');
    const late = !!row.followUpDueAt && now.getTime() > row.followUpDueAt.getTime();
    const by = isOperator(cf, row) ? ('operator' as const) : ('citizen' as const);
    const dept = row.closedDepartmentId ?? NO_DEPARTMENT;
    const visit = { key: rollupKey(row, now, dept), delta: { [input.result]: 1 } };
    const record = { result: input.result, comment: input.comment ?? null, at: now.toISOString(), by, late };
    if (!input.reopen) return { toState: 'closed', patch: { followUp: record }, payload: { result: input.result, by, late }, rollups: [visit] };
    // The reopened round goes to the department that closed it, or back to the desk when the desk answered.
    const settings = await settingsFor(tx, row.regionCode);
    const limitDays = settings.limits[row.category];
    const clock = await clockInstants(tx, row.regionCode, now, limitDays);
    const undo = { key: { ...rollupKey(row, now, dept), month: row.closedMonth! }, delta: { closed: -1, closedOnTime: row.closedOnTime ? -1 : 0 } };
    return {
      toState: row.closedDepartmentId ? 'dispatched' : 'received',
      action: 'reopen',
      patch: {
        followUp: null, reopenCount: row.reopenCount + 1, departmentId: row.closedDepartmentId, closedAt: null, closedOnTime: null, closedMonth: null,
        closedDepartmentId: null, followUpDueAt: null, clockStart: now, limitDays, extendedDays: 0, dueAt: clock.dueAt, yellowAt: clock.yellowAt,
      },
      payload: { result: input.result, by, late, comment: input.comment ?? null, departmentId: row.closedDepartmentId },
      rollups: [visit, undo],
    };
  });
}

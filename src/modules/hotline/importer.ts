/**
 * 历史工单导入: orders of a previous hotline system (or a year's fixture) in batches, each batch one transaction.
 * Every order gets its 'import' event and its place in the rollups exactly as if it had gone through the desk:
 * received in its month, dispatched to its department, closed (on time against the calendar due) and visited.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db.js';
import { GENESIS_HASH } from '../../platform/event-log/index.js';
import { hotlineLog } from './events.js';
import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import type { ImportOrder } from './contract.js';
import { DEFAULT_CARD_THRESHOLDS, due, getDepartmentByCode, getRegion, loadWorkCalendar, type WorkCalendar, yellowLeadDays } from './deps.js';
import { bumpRollups, rollupKey, settingsFor, type RollupDelta, type RollupKey } from './orders.js';
import { regionPrefix, type Settings } from './rules.js';
import { hotlineEvents, hotlineOrders, hotlineSubjects } from './schema.js';

export async function importOrders(db: Db, caller: Caller, input: { orders: ImportOrder[] }) {
  if (!(caller.roles.includes('supervisor') || caller.roles.includes('admin')) || !caller.regionCode) throw new AppError('FORBIDDEN');
  const home = regionPrefix(caller.regionCode);
  const subjects = new Set((await db.select({ code: hotlineSubjects.code }).from(hotlineSubjects)).map((s) => s.code));
  const regions = new Map<string, { settings: Settings; cal: WorkCalendar }>();
  const departments = new Map<string, string>();
  const problems: { index: number; field: string; message: string }[] = [];
  for (const [index, o] of input.orders.entries()) {
    if (!o.regionCode.startsWith(home)) problems.push({ index, field: 'regionCode', message: 'outside your region' });
    else if (!regions.has(o.regionCode)) {
      if (await getRegion(db, o.regionCode).catch(() => null)) regions.set(o.regionCode, { settings: await settingsFor(db, o.regionCode), cal: await loadWorkCalendar(db, o.regionCode) });
      else problems.push({ index, field: 'regionCode', message: 'unknown region' });
    }
    if (!subjects.has(o.subjectCode)) problems.push({ index, field: 'subjectCode', message: 'unknown subject' });
    if (o.departmentCode && !departments.has(o.departmentCode)) {
      const d = await getDepartmentByCode(db, o.departmentCode).catch(() => null);
      if (d) departments.set(o.departmentCode, d.id);
      else problems.push({ index, field: 'departmentCode', message: 'unknown department' });
    }
    if (o.closedAt && Date.parse(o.closedAt) < Date.parse(o.receivedAt)) problems.push({ index, field: 'closedAt', message: 'before receivedAt' });
    if (o.followUp && !o.closedAt) problems.push({ index, field: 'followUp', message: 'only a closed order has a 回访' });
    if (problems.length >= 20) break;
  }
  if (problems.length) throw new AppError('HOTLINE_IMPORT_INVALID', { problems });

  const rows = input.orders.map((o) => {
    const { settings, cal } = regions.get(o.regionCode)!;
    const received = new Date(o.receivedAt);
    const limitDays = o.limitDays ?? settings.limits[o.category];
    const dueAt = due(cal, received, limitDays).due;
    const closedAt = o.closedAt ? new Date(o.closedAt) : null;
    const departmentId = o.departmentCode ? departments.get(o.departmentCode)! : null;
    const lead = yellowLeadDays(limitDays, DEFAULT_CARD_THRESHOLDS) * cal.dayMs;
    const yellowAt = closedAt ? null : new Date(Math.max(cal.instantAt(Math.max(0, cal.workingMs(dueAt.getTime()) - lead)), received.getTime()));
    const onTime = closedAt ? closedAt.getTime() <= dueAt.getTime() : null;
    return {
      regionCode: o.regionCode, number: `I${o.externalId}`.slice(0, 24), channel: o.channel, category: o.category, subjectCode: o.subjectCode,
      state: (closedAt ? 'closed' : departmentId ? 'dispatched' : 'received') as 'closed' | 'dispatched' | 'received',
      title: o.title, description: o.title, departmentId, limitDays, clockStart: received, dueAt, yellowAt, receivedAt: received,
      closedAt, closedOnTime: onTime, closedMonth: closedAt ? rollupKey({ ...o }, closedAt, null).month : null, closedDepartmentId: closedAt ? departmentId : null,
      followUp: o.followUp && closedAt ? { result: o.followUp, comment: null, at: closedAt.toISOString(), by: 'operator' as const, late: false } : null,
    };
  }).map((r) => {
    // The single 'import' event is hashed here so the order row is written with its chain head in one insert.
    const id = randomUUID();
    const payload = JSON.parse(JSON.stringify({ closedAt: r.closedAt?.toISOString() ?? null, onTime: r.closedOnTime, followUp: r.followUp?.result ?? null })) as Record<string, unknown>;
    const event = { ownerId: id, seq: 1, at: r.receivedAt, actorId: caller.id, role: 'supervisor', action: 'import', fromState: null, toState: r.state, payload };
    const hash = hotlineLog.hashOf(GENESIS_HASH, { ...event, prevHash: GENESIS_HASH, hash: '' });
    return { row: { ...r, id, version: 1, lastHash: hash }, event: { regionCode: r.regionCode, orderId: id, seq: 1, at: r.receivedAt, actorId: caller.id, actorName: caller.displayName, role: 'supervisor', action: 'import', fromState: null, toState: r.state, payload, prevHash: GENESIS_HASH, hash } };
  });

  return db.transaction(async (tx) => {
    const inserted: { id: string; number: string }[] = [];
    for (let i = 0; i < rows.length; i += 1000) {
      inserted.push(...(await tx.insert(hotlineOrders).values(rows.slice(i, i + 1000).map((r) => r.row)).onConflictDoNothing().returning({ id: hotlineOrders.id, number: hotlineOrders.number })));
    }
    const byNumber = new Map(rows.map((r) => [r.row.number, r.row]));
    const byId = new Map<string, (typeof rows)[number]["event"]>(rows.map((r) => [r.row.id, r.event]));
    const events = inserted.map(({ id }) => byId.get(id)!);
    for (let i = 0; i < events.length; i += 1000) await tx.insert(hotlineEvents).values(events.slice(i, i + 1000));
    const rollups: { key: RollupKey; delta: RollupDelta }[] = [];
    for (const { number } of inserted) {
      const r = byNumber.get(number)!;
      rollups.push({ key: rollupKey(r, r.receivedAt, null), delta: { received: 1 } });
      if (r.departmentId) rollups.push({ key: rollupKey(r, r.receivedAt, r.departmentId), delta: { dispatched: 1 } });
      if (r.closedAt) rollups.push({ key: rollupKey(r, r.closedAt, r.departmentId), delta: { closed: 1, closedOnTime: r.closedOnTime ? 1 : 0 } });
      if (r.followUp) rollups.push({ key: rollupKey(r, r.closedAt!, r.departmentId), delta: { [r.followUp.result]: 1 } });
    }
    await bumpRollups(tx, rollups);
    return { imported: inserted.length, existing: rows.length - inserted.length };
  });
}

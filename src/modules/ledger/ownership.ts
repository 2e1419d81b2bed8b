/**
 * Ownership clauses: who leads (牵头), who is responsible (责任/负责/配合), and by when, in the forms the seeds use:
 *   (牵头单位:X;责任单位:Y;完成时限:Z)   labelled, ";" or "," between fields
 *   (X牵头,Y按职责分工负责)                  verb suffixes, optionally with a deadline clause first
 *   (X负责) (X负责建设) (责任部门:X负责对接)
 *   〔牵头单位:X,责任单位:Y〕                 tortoise-shell brackets (folded to "(" by the parser)
 * and block lines ("牵头单位:X" on a line of its own) handled by the parser with `labelledField`.
 */
import { findDeadlines } from './deadlines.js';
import { splitTopLevel, trimChars } from './text.js';
import { splitUnits } from './units.js';

export interface Ownership {
  lead: string[];
  responsible: string[];
  deadlines: string[];
  /** At least one unit was named (a group with only a date is a deadline, not ownership). */
  hasUnits: boolean;
}

const LEAD_LABELS = ['牵头单位', '牵头部门'];
const RESPONSIBLE_LABELS = ['责任单位', '责任部门', '参加单位', '配合单位', '参与单位', '协办单位'];
const TIME_LABELS = ['完成时限', '完成时间', '时间节点', '实施时限', '时间安排'];
const ALL_LABELS = [...LEAD_LABELS, ...RESPONSIBLE_LABELS, ...TIME_LABELS];
const LABEL_RE = new RegExp(`(${ALL_LABELS.join('|')})\\s*:`, 'g');

export type FieldKind = 'lead' | 'responsible' | 'deadline';

export function labelKind(label: string): FieldKind {
  if (LEAD_LABELS.includes(label)) return 'lead';
  if (RESPONSIBLE_LABELS.includes(label)) return 'responsible';
  return 'deadline';
}

/** "牵头单位:省商务厅(口岸办)" on its own line → { kind, value }. */
export function labelledField(line: string): { kind: FieldKind; value: string } | null {
  const m = new RegExp(`^(${ALL_LABELS.join('|')})\\s*:\\s*(.*)$`).exec(line);
  if (!m) return null;
  return { kind: labelKind(m[1]!), value: m[2]!.trim() };
}

/** Trailing punctuation of a clause. */
const trimTrail = (s: string) => trimChars(s, '。;,', 'end');
/** What a responsible unit is asked to do, which is not part of its name. */
const DUTY_SUFFIX = /(?:负责建设|负责对接|负责实施|负责)$/;

function addUnits(into: string[], text: string) {
  for (const u of splitUnits(text.replace(DUTY_SUFFIX, ''))) if (!into.includes(u)) into.push(u);
}

/** "省政务办负责信息共享,省住建厅、省公安厅配合,各市人民政府": the roles are not part of the names. */
function withoutRoles(value: string): string {
  return splitTopLevel(value, ',')
    .map((c) => c.trim().replace(/(?:负责[\u4e00-\u9fff]{0,8}|配合|参与)$/, ''))
    .join(',');
}

function labelled(content: string): Ownership | null {
  const marks = [...content.matchAll(LABEL_RE)];
  if (marks.length === 0 || content.slice(0, marks[0]!.index).trim() !== '') return null;
  const own: Ownership = { lead: [], responsible: [], deadlines: [], hasUnits: false };
  marks.forEach((m, i) => {
    const end = i + 1 < marks.length ? marks[i + 1]!.index : content.length;
    const value = trimTrail(content.slice(m.index + m[0].length, end)).trim();
    const kind = labelKind(m[1]!);
    if (kind === 'deadline') {
      if (value) own.deadlines.push(value);
    } else addUnits(kind === 'lead' ? own.lead : own.responsible, withoutRoles(value));
  });
  own.hasUnits = own.lead.length + own.responsible.length > 0;
  return own;
}

const LEAD_CLAUSE = /^(.+?)(?:共同牵头|牵头负责|牵头)$/;
const RESP_CLAUSE =
  /^(.+?)(?:按照职责分工负责|按职责分工负责|按职责分工配合|按照职责分工配合|按职责负责|分工负责|等部门负责|负责建设|负责对接|负责实施|负责|配合|积极参与|参与)$/;
const DEADLINE_CLAUSE = /^(.*?)(?:前完成|完成|前)?$/;

const DATE_ONLY = /^[\d\s年月日至到\-—~底前上中下旬末完成以之]+$/;

function isDeadlineClause(clause: string): string | null {
  if (DATE_ONLY.test(clause) && /\d\s*月|底|前/.test(clause)) return clause.replace(/完成$/, '').trim();
  const found = findDeadlines(clause.startsWith('(') ? clause : `(${clause}`);
  if (found.length !== 1) return null;
  const rest = clause.replace(found[0]!.raw, '').replace(DEADLINE_CLAUSE, '$1').trim();
  return rest === '' ? found[0]!.raw : null;
}

function verbs(content: string): Ownership | null {
  const clauses = splitTopLevel(trimTrail(content), ',;').map((c) => trimTrail(c).trim()).filter((c) => c);
  if (clauses.length === 0) return null;
  const own: Ownership = { lead: [], responsible: [], deadlines: [], hasUnits: false };
  for (const clause of clauses) {
    const deadline = isDeadlineClause(clause);
    if (deadline) {
      own.deadlines.push(deadline);
      continue;
    }
    if (clause.includes('。') || clause.length > 160) return null;
    const lead = LEAD_CLAUSE.exec(clause);
    if (lead) {
      addUnits(own.lead, lead[1]!);
      continue;
    }
    const resp = RESP_CLAUSE.exec(clause);
    if (resp) {
      addUnits(own.responsible, resp[1]!);
      continue;
    }
    return null;
  }
  own.hasUnits = own.lead.length + own.responsible.length > 0;
  return own;
}

/**
 * Read the content of one bracket group as an ownership clause. Returns null for ordinary brackets
 * ("(含交通运输、公积金)", "(CCC认证)").
 */
export function parseOwnership(content: string): Ownership | null {
  const c = content.trim();
  if (c === '') return null;
  return labelled(c) ?? verbs(c);
}

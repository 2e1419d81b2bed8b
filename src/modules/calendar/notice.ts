/**
 * Reads the 国务院办公厅 holiday notice (《国务院办公厅关于YYYY年部分节假日安排的通知》) into days.
 *
 * The items follow a fixed wording (2017, 2025 and 2026 notices):
 *   一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
 *   二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
 *   一、元旦：1月1日（周三）放假1天，不调休。
 * Full-width and half-width punctuation are both accepted; `周X` and `星期X` both name the weekday, and
 * a weekday that does not match the date makes the line unreadable rather than silently wrong.
 * Every line is accounted for: used as an item, reported as a problem (it looks like a schedule but
 * could not be read), or listed as ignored (title, salutation, closing text). Never throws.
 */
import { runWork } from '../../platform/workers/pool.js';
import { parseDate, type DayEntry } from './rules.js';

export interface NoticeProblem {
  /** 1-based line number in the pasted text (0: the notice as a whole). */
  line: number;
  text: string;
  zh: string;
  en: string;
}

export interface NoticeItem {
  line: number;
  /** Festival names of the item, e.g. ['国庆节', '中秋节']. */
  names: string[];
  holidays: string[];
  adjustedWorkdays: string[];
}

export interface NoticeParse {
  year: number;
  /** The year named in the title, when there is a title. */
  titleYear: number | null;
  items: NoticeItem[];
  /** All days of the notice, sorted by date: holidays and adjusted workdays. */
  days: DayEntry[];
  holidays: string[];
  adjustedWorkdays: string[];
  problems: NoticeProblem[];
  ignored: Array<{ line: number; text: string }>;
}

const MAX_TEXT = 100_000;
const MAX_BLOCK_DAYS = 31;
const CN_DIGITS = '一二三四五六七八九十';
const ITEM_HEADER = new RegExp(`([${CN_DIGITS}]{1,3})、([\\u4e00-\\u9fff、]{1,20}?)[:：]`, 'g');
const DATE_TOKEN = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^()]*)\))?/g;
const WEEKDAY = /(?:周|星期)([一二三四五六日天])/;
const WEEKDAY_INDEX: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const DAY_MS = 86_400_000;

interface DateToken {
  day: number;
  /** Index in the sentence just after the token. */
  end: number;
  start: number;
}

class LineError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

function fail(zh: string, en: string): never {
  throw new LineError(zh, en);
}

function dateString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Dates of a sentence. A date without a year is in the notice year, except that dates before a
 * wrap from December to January (元旦 "12月31日至1月2日") are in the year before; a date without a
 * month takes the previous date's month (至3日).
 */
function readDates(sentence: string, year: number): DateToken[] {
  const raw: Array<{ y: number | null; mo: number; d: number; note: string | undefined; text: string; start: number; end: number }> = [];
  let month: number | null = null;
  for (const m of sentence.matchAll(DATE_TOKEN)) {
    if (m[2]) month = Number(m[2]);
    if (month === null) fail(`日期缺少月份:"${m[0]}"`, `date without a month: "${m[0]}"`);
    raw.push({ y: m[1] ? Number(m[1]) : null, mo: month, d: Number(m[3]), note: m[4], text: m[0], start: m.index, end: m.index + m[0].length });
  }
  const wrap = raw.findIndex((t, i) => i > 0 && t.y === null && t.mo < raw[i - 1]!.mo);
  return raw.map((t, i) => {
    const y = t.y ?? (wrap > 0 && i < wrap ? year - 1 : year);
    const iso = `${String(y).padStart(4, '0')}-${String(t.mo).padStart(2, '0')}-${String(t.d).padStart(2, '0')}`;
    const day = parseDate(iso);
    if (day === null) fail(`日期无效:"${t.text}"`, `not a valid date: "${t.text}"`);
    const wd = t.note === undefined ? null : WEEKDAY.exec(t.note);
    if (wd && WEEKDAY_INDEX[wd[1]!] !== weekday(day)) fail(`${iso} 不是${wd[0]}`, `${iso} is not ${wd[0]} as the notice says`);
    return { day, start: t.start, end: t.end };
  });
}

function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekend(day: number): boolean {
  const wd = weekday(day);
  return wd === 0 || wd === 6;
}

/** The 放假 sentence: a single date or `A至B`, optionally `共N天`. */
function readHolidaySentence(sentence: string, year: number): number[] {
  const dates = readDates(sentence, year);
  if (dates.length === 0) fail('放假句中没有日期', 'no date in the holiday sentence');
  const first = dates[0]!;
  let last = first;
  const between = dates[1] ? sentence.slice(first.end, dates[1].start) : '';
  if (dates[1] && /^\s*(?:至|到|-|—|~)\s*$/.test(between)) {
    last = dates[1];
  } else if (dates.length > 1 && !/补休/.test(sentence)) {
    fail('放假句中有多个日期但没有"至"', 'several dates in the holiday sentence without "至"');
  }
  if (last.day < first.day) fail('放假结束日期早于开始日期', 'the holiday ends before it starts');
  if (last.day - first.day + 1 > MAX_BLOCK_DAYS) fail('放假天数过多', 'holiday block too long');
  const days: number[] = [];
  for (let d = first.day; d <= last.day; d++) days.push(d);
  for (const extra of dates.slice(last === first ? 1 : 2)) days.push(extra.day);
  const total = /共(\d{1,2})天/.exec(sentence);
  if (total && Number(total[1]) !== days.length) {
    fail(`写明共${total[1]}天,但日期范围是${days.length}天`, `says ${total[1]} days but the dates span ${days.length}`);
  }
  const single = /放假(\d{1,2})天/.exec(sentence);
  if (single && !total && Number(single[1]) !== days.length) {
    fail(`写明放假${single[1]}天,但日期是${days.length}天`, `says ${single[1]} days off but names ${days.length}`);
  }
  return days;
}

interface ItemDays {
  holidays: number[];
  workdays: number[];
  /** Text after the item's schedule (closing sentences of a notice pasted as one paragraph). */
  rest: string;
}

function readItem(body: string, year: number): ItemDays {
  const sentences = body
    .split(/(?<=[。;；])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const holidays: number[] = [];
  const workdays: number[] = [];
  let sawHoliday = false;
  for (let i = 0; i < sentences.length; i++) {
    const sentence = sentences[i]!.replace(/[。;；]$/, '');
    if (/上班/.test(sentence) && !/放假/.test(sentence)) {
      const dates = readDates(sentence, year);
      if (dates.length === 0) fail('上班句中没有日期', 'no date in the workday sentence');
      for (const d of dates) {
        if (!isWeekend(d.day)) fail(`调休上班日 ${dateString(d.day)} 不是周末`, `adjusted workday ${dateString(d.day)} is not a weekend day`);
        workdays.push(d.day);
      }
    } else if (/放假|休息|补休/.test(sentence)) {
      if (sawHoliday && !/补休/.test(sentence)) fail('一个事项中有两个放假句', 'two holiday sentences in one item');
      holidays.push(...(/放假|休息/.test(sentence) ? readHolidaySentence(sentence, year) : readDates(sentence, year).map((d) => d.day)));
      sawHoliday = true;
    } else if (sawHoliday) {
      return { holidays, workdays, rest: sentences.slice(i).join('') };
    } else if (/\d{1,2}日/.test(sentence)) {
      fail(`无法识别:"${sentence}"`, `cannot read: "${sentence}"`);
    }
  }
  if (!sawHoliday) fail('事项中没有放假安排', 'the item has no holiday dates');
  return { holidays, workdays, rest: '' };
}

/** Splits a line at each item header so a notice pasted as one paragraph still reads item by item. */
function segments(line: string): Array<{ header: RegExpExecArray | null; text: string }> {
  const heads = [...line.matchAll(ITEM_HEADER)].filter((m) => m.index === 0 || /[。:\s]/.test(line[m.index - 1]!));
  if (heads.length === 0) return [{ header: null, text: line }];
  const out: Array<{ header: RegExpExecArray | null; text: string }> = [];
  if (heads[0]!.index > 0) out.push({ header: null, text: line.slice(0, heads[0]!.index) });
  heads.forEach((h, i) => {
    const end = i + 1 < heads.length ? heads[i + 1]!.index : line.length;
    out.push({ header: h as RegExpExecArray, text: line.slice(h.index, end) });
  });
  return out;
}

function looksLikeSchedule(text: string): boolean {
  return /\d{1,2}月\d{1,2}日(?:\([^()]*\))?(?:(?:至|到)(?:\d{1,2}月)?\d{1,2}日(?:\([^()]*\))?)?(?:放假|上班|补休)/.test(text);
}

export function parseNotice(text: unknown, year: number): NoticeParse {
  const result: NoticeParse = {
    year,
    titleYear: null,
    items: [],
    days: [],
    holidays: [],
    adjustedWorkdays: [],
    problems: [],
    ignored: [],
  };
  const whole = (zh: string, en: string) => result.problems.push({ line: 0, text: '', zh, en });
  if (!Number.isInteger(year) || year < 1970 || year > 2199) {
    whole(`年份无效:${String(year)}`, `invalid year: ${String(year)}`);
    return result;
  }
  if (typeof text !== 'string' || text.trim() === '') {
    whole('通知内容为空', 'the notice text is empty');
    return result;
  }
  if (text.length > MAX_TEXT) {
    whole(`通知内容过长(超过 ${MAX_TEXT} 字符)`, `the notice text is longer than ${MAX_TEXT} characters`);
    return result;
  }
  const lines = text.normalize('NFKC').split(/\r\n|\r|\n|\u2028|\u2029/);
  const kinds = new Map<number, { kind: 'holiday' | 'adjusted_workday'; name: string; line: number }>();
  lines.forEach((raw, idx) => {
    const lineNo = idx + 1;
    const line = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
    if (line === '') return;
    const title = /关于(\d{4})年部分节假日安排的通知/.exec(line);
    if (title) result.titleYear = Number(title[1]);
    for (const seg of segments(line)) {
      const segText = seg.text.trim();
      if (segText === '') continue;
      if (!seg.header) {
        if (looksLikeSchedule(segText) && !title) {
          result.problems.push({ line: lineNo, text: segText, zh: '像是放假安排,但不是"一、节日:…"的格式', en: 'looks like a schedule but is not an item "一、节日：…"' });
        } else result.ignored.push({ line: lineNo, text: segText });
        continue;
      }
      const names = seg.header[2]!.split('、').filter((n) => n.length > 0);
      try {
        const { holidays, workdays, rest } = readItem(segText.slice(seg.header[0].length), year);
        if (rest) result.ignored.push({ line: lineNo, text: rest });
        const name = names.join('、');
        for (const d of holidays) {
          const prev = kinds.get(d);
          if (prev && prev.kind !== 'holiday') fail(`${dateString(d)} 既放假又上班`, `${dateString(d)} is both a holiday and a workday`);
        }
        for (const d of workdays) {
          if (kinds.get(d)?.kind === 'holiday' || holidays.includes(d)) {
            fail(`${dateString(d)} 既放假又上班`, `${dateString(d)} is both a holiday and a workday`);
          }
        }
        for (const d of holidays) kinds.set(d, { kind: 'holiday', name, line: lineNo });
        for (const d of workdays) kinds.set(d, { kind: 'adjusted_workday', name, line: lineNo });
        result.items.push({ line: lineNo, names, holidays: holidays.map(dateString), adjustedWorkdays: workdays.map(dateString) });
      } catch (e) {
        const err = e instanceof LineError ? e : new LineError('无法识别', 'cannot read');
        result.problems.push({ line: lineNo, text: segText, zh: err.zh, en: err.en });
      }
    }
  });
  if (result.titleYear !== null && result.titleYear !== year) {
    whole(`这是${result.titleYear}年的通知,不是${year}年`, `this is the notice for ${result.titleYear}, not ${year}`);
  }
  if (result.items.length === 0) whole('没有找到任何放假安排', 'no holiday item found');
  const sorted = [...kinds.entries()].sort((a, b) => a[0] - b[0]);
  result.days = sorted.map(([d, v]) => ({ date: dateString(d), kind: v.kind, name: v.name }));
  result.holidays = result.days.filter((d) => d.kind === 'holiday').map((d) => d.date);
  result.adjustedWorkdays = result.days.filter((d) => d.kind === 'adjusted_workday').map((d) => d.date);
  return result;
}

/** parseNotice in the worker pool, like every parse of pasted or uploaded text (issue 21). */
export function parseNoticeInPool(text: unknown, year: number): Promise<NoticeParse> {
  return runWork<NoticeParse>(new URL(import.meta.url), 'parseNotice', [text, year]);
}

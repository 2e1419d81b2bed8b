/**
 * Quantitative targets written into task text: "压缩至3个工作日内", "达到90%以上", "不超过6次", "压缩10%".
 * Each becomes metric, comparator, value and unit so progress reports can be checked against it.
 */

export type Comparator = '<=' | '<' | '>=' | '>' | '=' | 'reduce_by' | 'increase_by';

export interface Target {
  metric: string;
  comparator: Comparator;
  value: number;
  unit: string;
  /** The words of the document the target was read from. */
  raw: string;
}

const UNITS = [
  '个工作日', '工作日', '个小时', '小时', '分钟', '个月', '天', '日', '个环节', '环节', '个百分点', '%',
  '千伏安', '千瓦', '万元', '亿元', '元', '项', '件', '种', '次', '户', '家', '所', '个', '倍', '人', '份', '张', '条', '批', '米', 'BP',
];

/** Longest first so "压缩至" wins over "压缩", "不超过" over "超过". */
const CUES: Array<[string, Comparator | 'reach' | 'reduce' | 'increase']> = [
  ['压缩至', '<='], ['压缩到', '<='], ['压减至', '<='], ['压减到', '<='], ['压降至', '<='], ['缩短至', '<='], ['缩短到', '<='],
  ['减少至', '<='], ['减少到', '<='], ['降低至', '<='], ['降低到', '<='], ['降至', '<='], ['减至', '<='], ['控制在', '<='],
  ['不得超过', '<='], ['不超过', '<='], ['不高于', '<='], ['不多于', '<='], ['不大于', '<='],
  ['不低于', '>='], ['不少于', '>='], ['提高到', '>='], ['提高至', '>='], ['提升至', '>='], ['提升到', '>='], ['扩展至', '>='],
  ['增至', '>='], ['增加到', '>='], ['增加至', '>='],
  ['超过', '>'], ['高于', '>'], ['低于', '<'], ['超', '>'],
  ['达到', 'reach'], ['达', 'reach'],
  ['压缩', 'reduce'], ['压减', 'reduce'], ['减少', 'reduce'], ['降低', 'reduce'], ['缩短', 'reduce'], ['精简', 'reduce'],
  ['提高', 'increase'], ['提升', 'increase'], ['增长', 'increase'], ['增加', 'increase'], ['新增', 'increase'],
];

const NUM = '(\\d+(?:\\.\\d+)?)';
const UNIT_RE = `(${UNITS.join('|')})`;
const SUFFIX = '(以上|以内|之内|以下|内)?';
const CUE_RE = `(${CUES.map(([c]) => c).join('|')})?`;
/** Cue, first value, optional list of further values ("90%、70%"), closing suffix. */
// `(?!(?<=\d)\d)`: no attempt starts inside a run of digits. Such an attempt fails wherever the attempt at the run's
// first digit failed (no unit begins with a digit), but V8 would make it, re-reading the rest of the run each time:
// quadratic on a long run.
const TARGET = new RegExp(`(?!(?<=\\d)\\d)${CUE_RE}${NUM}\\s*${UNIT_RE}((?:、\\d+(?:\\.\\d+)?\\s*(?:${UNITS.join('|')}))*)${SUFFIX}`, 'g');
const LIST_ITEM = new RegExp(`${NUM}\\s*${UNIT_RE}`, 'g');

const BOUNDARY = /[,。;:!?()\n]/;
const LEADING = /^(?:、|并|且|要|将|把|使|让|推动|实现|确保|力争|争取|全面|进一步|逐步|其中|全年|同时|分别|平均|基本)+/;
const TRAILING = /(?:分别|均|平均|再|同比|累计|要|将|可|以|时间|时长)$/;

/**
 * How far a metric's name is looked for around its value. The longest in the seeds is 89 characters; without a bound
 * a text of many values and no punctuation makes every target's metric the whole text before it (quadratic output).
 */
const METRIC_REACH = 200;

function metricBefore(text: string, at: number): string {
  let start = at;
  const stop = Math.max(0, at - METRIC_REACH);
  while (start > stop && !BOUNDARY.test(text[start - 1]!)) start--;
  let metric = text.slice(start, at).trim();
  for (let i = 0; i < 3; i++) metric = metric.replace(LEADING, '').replace(TRAILING, '').trim();
  return metric;
}

function metricAfter(text: string, from: number): string {
  let end = from;
  const stop = Math.min(text.length, from + METRIC_REACH);
  while (end < stop && !BOUNDARY.test(text[end]!) && text[end] !== '、') end++;
  return text.slice(from, end).trim();
}

function comparatorFor(cue: string | undefined, suffix: string | undefined, unit: string): Comparator | null {
  const kind = cue ? CUES.find(([c]) => c === cue)![1] : null;
  const upper = suffix === '以内' || suffix === '之内' || suffix === '内' || suffix === '以下';
  const lower = suffix === '以上';
  if (kind === 'reach') return lower ? '>=' : upper ? '<=' : '=';
  if (kind === 'reduce') return upper ? '<=' : 'reduce_by';
  if (kind === 'increase') return lower ? '>=' : 'increase_by';
  if (kind) return kind;
  if (lower) return '>=';
  if (upper) return '<=';
  return unit === '%' ? '=' : null;
}

/** The digits belong to a date, a code or a name ("2023年", "12345热线", "“1050”标准"), not a quantity. */
function partOfOther(text: string, index: number, end: number): boolean {
  const before = text[index - 1];
  const after = text[end];
  if (before !== undefined && /[\d.“"]/.test(before)) return true;
  if (after !== undefined && /[年月\d”"]/.test(after)) return true;
  return false;
}

export function findTargets(text: string): Target[] {
  const out: Target[] = [];
  for (const m of text.matchAll(TARGET)) {
    const [whole, cue, firstValue, firstUnit, more, suffix] = m;
    const numberAt = m.index + (cue?.length ?? 0);
    const firstEnd = numberAt + firstValue!.length + firstUnit!.length;
    if (partOfOther(text, numberAt, firstEnd)) continue;
    const comparator = comparatorFor(cue, suffix, firstUnit!);
    if (!comparator) continue;
    let metric = metricBefore(text, m.index);
    if (metric === '') metric = metricAfter(text, m.index + whole.length);
    const values: Array<[string, string]> = [[firstValue!, firstUnit!]];
    if (more) for (const v of more.matchAll(LIST_ITEM)) values.push([v[1]!, v[2]!]);
    for (const [value, unit] of values) {
      out.push({ metric, comparator, value: Number(value), unit, raw: `${metric}${whole}` });
    }
  }
  return out;
}

/**
 * The figures of one 每月考核通报, gathered from the rollups and the other modules into plain data that the
 * renderers (docx, PDF, xlsx, in a worker) turn into documents. Sections follow seed 001: the catalog's
 * shares, the cases, 一件事, 红黄牌, 好差评, 12345 and 双随机; a section whose module is absent says so.
 */
import type { Db } from '../../../platform/db.js';
import type { Caller } from '../../../platform/http.js';
import { cardCounts, catalogStatistics, listDepartments } from '../deps.js';
import { previousMonth, ranking, type Ranking } from '../ranking.js';
import { supervisionSources, type HotlineFigures, type InspectionFigures, type RatingFigures } from '../sources.js';
import { bundleFigures, figuresOf, groupKey, namesFor, regionName, regionOfPrefix, spanOf, sumRollups, type BundleFigures, type Figures } from '../stats.js';

export const SECTIONS = {
  overview: '一、总体情况',
  catalog: '二、政务服务事项情况',
  cases: '三、办件办理情况',
  bundles: '四、“一件事一次办”情况',
  cards: '五、红黄牌预警情况',
  ratings: '六、“好差评”情况',
  hotline: '七、12345热线情况',
  inspection: '八、“双随机、一公开”监管情况',
  ranking: '九、考核排名',
  next: '十、下步工作要求',
} as const;

export const ABSENT = '本平台尚未接入该模块,本节暂无数据。';

export interface ReportData {
  regionCode: string;
  regionName: string;
  month: string;
  number: string;
  title: string;
  generatedAt: string;
  total: Figures;
  previous: Figures;
  catalog: { itemCount: number; immediateShare: number | null; onlineShare: number | null; atMostOnceShare: number | null; zeroVisitShare: number | null };
  regions: { code: string; name: string; figures: Figures }[];
  departments: { id: string; name: string; figures: Figures }[];
  bundles: BundleFigures & { byBundle: { code: string; name: string; figures: BundleFigures }[] };
  cards: { red: number; yellow: number };
  ratings: RatingFigures | null;
  hotline: HotlineFigures | null;
  inspection: InspectionFigures | null;
  ranking: Ranking;
}

export function reportTitle(regionName: string, month: string): string {
  const [y, m] = month.split('-');
  return `${regionName}政务服务效能${y}年${Number(m)}月考核通报`;
}

/** 文号: 〔year〕 and the month as the issue number, e.g. 咸宁政务通〔2026〕11号. */
export function reportNumber(regionName: string, month: string): string {
  const [y, m] = month.split('-');
  return `${regionName.replace(/(省|市|区|县)$/, '')}政务通〔${y}〕${Number(m)}号`;
}

export async function gatherReport(db: Db, caller: Caller, region: string, month: string, now: Date): Promise<ReportData> {
  const span = spanOf(month);
  const [total] = await sumRollups(db, region, span, {}, null);
  const [previous] = await sumRollups(db, region, spanOf(previousMonth(month)), {}, null);
  const regionRows = await sumRollups(db, region, span, {}, groupKey('region', region));
  const regionNames = await namesFor(db, 'region', region, regionRows.map((r) => r.key!));
  const deptRows = await sumRollups(db, region, span, {}, groupKey('department', region));
  const deps = await listDepartments(db, { within: region });
  const deptFigures = new Map(deptRows.map((r) => [r.key!, figuresOf(r.sums)]));
  const cat = (await catalogStatistics(db, { within: region })).total;
  const { ratings, hotline, inspection } = supervisionSources();
  const [y, m] = month.split('-').map(Number) as [number, number];
  const sourceSpan = { within: region, from: new Date(Date.UTC(y, m - 1, 1) - 8 * 3_600_000), to: new Date(Date.UTC(y, m, 1) - 8 * 3_600_000) };
  const name = await regionName(db, region);
  return {
    regionCode: region,
    regionName: name,
    month,
    number: reportNumber(name, month),
    title: reportTitle(name, month),
    generatedAt: now.toISOString(),
    total: figuresOf(total?.sums ?? {}),
    previous: figuresOf(previous?.sums ?? {}),
    catalog: { itemCount: cat.itemCount, immediateShare: cat.immediateShare, onlineShare: cat.onlineShare, atMostOnceShare: cat.atMostOnceShare, zeroVisitShare: cat.zeroVisitShare },
    regions: regionRows.map((r) => ({ code: regionOfPrefix(r.key!), name: regionNames.get(r.key!) ?? r.key!, figures: figuresOf(r.sums) })).sort((a, b) => a.code.localeCompare(b.code)),
    departments: deps.map((d) => ({ id: d.id, name: d.name, figures: deptFigures.get(d.id) ?? figuresOf({}) })),
    bundles: await bundleFigures(db, region, span),
    cards: await cardCounts(db, region, now),
    ratings: ratings ? await ratings.total(db, sourceSpan) : null,
    hotline: hotline ? await hotline.total(db, sourceSpan) : null,
    inspection: inspection ? await inspection.total(db, sourceSpan) : null,
    ranking: await ranking(db, caller, { regionCode: region, month, of: 'department' }, now),
  };
}

export const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
export const num = (x: number | null) => (x === null ? '—' : String(x));

/** The paragraphs of each section, shared by the docx and the PDF so both say the same. */
export function sectionText(d: ReportData): Record<keyof typeof SECTIONS, string[]> {
  const t = d.total;
  const [, m] = d.month.split('-');
  const change = t.applications - d.previous.applications;
  return {
    overview: [
      `${Number(m)}月,全${d.regionName.slice(-1)}共受理申请 ${t.applications} 件(较上月${change >= 0 ? '增加' : '减少'} ${Math.abs(change)} 件),受理 ${t.accepted} 件,办结 ${t.concluded} 件,按期办结率 ${pct(t.onTimeRate)},超期办结 ${t.overdue} 件、累计超期 ${t.overdueDays} 个工作日;网办率 ${pct(t.onlineRate)}。`,
    ],
    catalog: [
      `全${d.regionName.slice(-1)}已发布政务服务事项 ${d.catalog.itemCount} 项,即办件占比 ${pct(d.catalog.immediateShare)},可网办事项占比 ${pct(d.catalog.onlineShare)},“最多跑一次”事项占比 ${pct(d.catalog.atMostOnceShare)},“一次不用跑”事项占比 ${pct(d.catalog.zeroVisitShare)}。`,
    ],
    cases: [
      `即办件占申请量 ${pct(t.immediateShare)};“一次办成”率 ${pct(t.onceDoneRate)};“零跑腿”率 ${pct(t.zeroVisitRate)},“最多跑一次”率 ${pct(t.atMostOnceRate)};容缺受理 ${t.deficiency} 件,告知承诺办结 ${t.pledged} 件;平均用时 ${num(t.avgUsedDays)} 个工作日(承诺时限平均 ${num(t.avgLimitDays)} 个工作日);不予受理 ${t.rejected} 件,撤回 ${t.withdrawn} 件。各地情况见下表和图。`,
    ],
    bundles: [`“一件事一次办”申请 ${d.bundles.applications} 件,办结 ${d.bundles.concluded} 件,按期办结率 ${pct(d.bundles.onTimeRate)}。`],
    cards: [`截至通报生成时,在办件中红牌(超期)${d.cards.red} 件、黄牌(临近到期)${d.cards.yellow} 件,请相关部门限期整改。`],
    ratings: [d.ratings ? `收到评价 ${d.ratings.rated} 条,好评率 ${pct(d.ratings.goodRate)},差评整改率 ${pct(d.ratings.rectifiedRate)}。` : ABSENT],
    hotline: [d.hotline ? `12345热线工单 ${d.hotline.orders} 件,办结 ${d.hotline.closed} 件,按时办结率 ${pct(d.hotline.onTimeRate)},群众满意率 ${pct(d.hotline.satisfactionRate)}。` : ABSENT],
    inspection: [d.inspection ? `开展抽查 ${d.inspection.draws} 次,抽取检查对象 ${d.inspection.subjects} 户,发现问题 ${d.inspection.problemsFound} 个,公示结果 ${d.inspection.published} 条。` : ABSENT],
    ranking: [
      `按权重计分:${d.ranking.weights.map((w) => `${PART_NAMES[w.part]} ${w.weight}${w.applied ? '' : '(未计入:模块未接入)'}`).join(',')}。未接入模块的权重不计入,得分按已计入部分折算为百分制。`,
    ],
    next: ['各地各部门要对照本通报,逐项分析超期、红黄牌和差评原因,按期整改;整改情况纳入下月考核。'],
  };
}

export const PART_NAMES: Record<string, string> = { onTime: '按期办结率', goodRating: '好评率', rectification: '差评整改率', online: '网办率', hotlineSatisfaction: '12345满意率' };

/** The table columns of the regions and departments tables. */
export const FIGURE_COLUMNS: [string, (f: Figures) => string][] = [
  ['申请', (f) => String(f.applications)],
  ['受理', (f) => String(f.accepted)],
  ['办结', (f) => String(f.concluded)],
  ['按期办结率', (f) => pct(f.onTimeRate)],
  ['超期', (f) => String(f.overdue)],
  ['网办率', (f) => pct(f.onlineRate)],
  ['一次办成率', (f) => pct(f.onceDoneRate)],
];

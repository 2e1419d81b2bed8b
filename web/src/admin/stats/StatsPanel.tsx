import { Card, Checkbox, Empty, Select, Table } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import type { Static } from 'typebox';
import type { StatsView } from '../../../../src/modules/catalog/contract.js';
import { api, useLoad } from '../../api.js';
import { ErrorState, PageLoading } from '../../components/status.js';
import { useI18n, type MessageKey } from '../../i18n.js';
import { departmentLabel, useOrgScope } from '../shared.js';

const CHART_GROUPS = 12;
const StatsChart = lazy(() => import('./StatsChart.js'));

const GROUPS = ['region', 'department', 'level'] as const;
type Group = (typeof GROUPS)[number];
const LEVELS = ['national', 'province', 'city', 'county', 'township', 'village'] as const;

/** The answer of /api/v1/catalog/stats: shares from 0 to 1, null when a group is empty. */
type Stats = Static<typeof StatsView>;
type Figures = Stats['total'];

/** A share as a percentage with two decimals, the way the reports print it (0.573925 → 57.39). */
export const percent = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 100);
const shown = (v: number | null) => (v === null ? '—' : `${percent(v)}%`);

const RATES: { key: 'online' | 'fullOnline' | 'immediate' | 'atMostOnce' | 'zeroVisit'; label: MessageKey; color: string }[] = [
  { key: 'online', label: 'stats.online', color: '#1d4ed8' },
  { key: 'fullOnline', label: 'stats.fullOnline', color: '#2e7d32' },
  { key: 'immediate', label: 'stats.immediate', color: '#a15c00' },
  { key: 'atMostOnce', label: 'stats.atMostOnce', color: '#7c3aed' },
  { key: 'zeroVisit', label: 'stats.zeroVisit', color: '#0f766e' },
];

type Row = Figures & { key: string; label: string };

/** 事项统计: counts and rates of the published items per region, department or level, as a table and a chart. */
export default function StatsPanel() {
  const { t, lang } = useI18n();
  const org = useOrgScope();
  const [groupBy, setGroupBy] = useState<Group>('department');
  const [within, setWithin] = useState<string | undefined>();
  const [audience, setAudience] = useState<string | undefined>();
  const [level, setLevel] = useState<string | undefined>();
  const [fullOnline, setFullOnline] = useState(false);
  // The answer keeps the grouping it was asked for, so its keys are never read as another grouping's while a new one loads.
  const stats = useLoad(
    async (signal) => ({
      groupBy,
      ...(await api.get<Stats>('/api/v1/catalog/stats', { signal, query: { groupBy, within, audience, level, fullOnline: fullOnline || undefined } })),
    }),
    [groupBy, within, audience, level, fullOnline],
  );
  const regionName = useMemo(() => new Map((org.data?.regions ?? []).map((r) => [r.code, r.name])), [org.data]);
  const deptName = useMemo(() => new Map((org.data?.departments ?? []).map((d) => [d.code, departmentLabel(d, lang)])), [org.data, lang]);
  const rows: Row[] = useMemo(() => {
    const by = stats.data?.groupBy;
    const labelOf = (key: string) =>
      by === 'region' ? regionName.get(key) ?? key : by === 'department' ? deptName.get(key) ?? key : t(`catalog.level.${key}` as MessageKey);
    return (stats.data?.groups ?? []).map((g) => ({ ...g.stats, key: g.key, label: labelOf(g.key) }));
  }, [stats.data, regionName, deptName, t]);
  const total: Row | null = stats.data ? { ...stats.data.total, key: '', label: t('stats.total') } : null;
  // Five bars a group: past a dozen groups the chart outgrows the screen, so it draws the groups with the most
  // items and says so; the table keeps every group.
  const charted = useMemo(() => (rows.length <= CHART_GROUPS ? rows : [...rows].sort((a, b) => b.itemCount - a.itemCount).slice(0, CHART_GROUPS)), [rows]);
  const series = useMemo(() => RATES.map((r) => ({ name: t(r.label), color: r.color, values: charted.map((g) => percent(g[`${r.key}Share`])) })), [charted, t]);
  const groupNames = useMemo(() => charted.map((r) => r.label), [charted]);
  const rate = (key: (typeof RATES)[number]['key'], label: MessageKey) => ({
    title: t(label),
    key,
    render: (_: unknown, r: Row) => <span data-testid={`stats-${r.key || 'total'}-${key}`}>{t('stats.countShare', { n: r[`${key}Count`], p: shown(r[`${key}Share`]) })}</span>,
  });

  return (
    <section aria-labelledby="stats-title" data-testid="catalog-stats">
      <h2 id="stats-title" className="tb-section-title">{t('stats.title')}</h2>
      <p>{t('stats.intro')}</p>
      <div className="tb-toolbar">
        <label htmlFor="stats-group">{t('stats.groupBy')}</label>
        <Select id="stats-group" style={{ minWidth: 140 }} value={groupBy} onChange={setGroupBy} options={GROUPS.map((g) => ({ value: g, label: t(`stats.group.${g}`) }))} />
        <label htmlFor="stats-within">{t('stats.within')}</label>
        <Select id="stats-within" style={{ minWidth: 180 }} allowClear placeholder={t('stats.all')} value={within} onChange={setWithin} showSearch={{ optionFilterProp: 'label' }}
          options={(org.data?.regions ?? []).map((r) => ({ value: r.code, label: `${r.name}(${r.code})` }))} />
        <label htmlFor="stats-audience">{t('stats.audience')}</label>
        <Select id="stats-audience" style={{ minWidth: 120 }} allowClear placeholder={t('stats.all')} value={audience} onChange={setAudience}
          options={(['person', 'enterprise'] as const).map((a) => ({ value: a, label: t(`catalog.audience.${a}`) }))} />
        <label htmlFor="stats-level">{t('stats.level')}</label>
        <Select id="stats-level" style={{ minWidth: 120 }} allowClear placeholder={t('stats.all')} value={level} onChange={setLevel}
          options={LEVELS.map((l) => ({ value: l, label: t(`catalog.level.${l}`) }))} />
        <Checkbox checked={fullOnline} onChange={(e) => setFullOnline(e.target.checked)}>{t('stats.fullOnlineOnly')}</Checkbox>
      </div>
      {stats.error ? (
        <ErrorState error={stats.error} onRetry={stats.reload} />
      ) : !stats.data ? (
        <PageLoading />
      ) : rows.length === 0 ? (
        <Empty description={t('stats.none')} />
      ) : (
        <>
          <Card size="small" title={<h3 className="tb-card-title">{t('stats.chart')}</h3>} style={{ marginBottom: 16 }}>
            <Suspense fallback={<PageLoading />}>
              <StatsChart groups={groupNames} series={series} summary={t('stats.chartSummary')} />
            </Suspense>
            {charted.length < rows.length && <p className="tb-result-code" style={{ marginTop: 8 }} data-testid="stats-chart-top">{t('stats.chartTop', { n: charted.length, total: rows.length })}</p>}
          </Card>
          <Table<Row>
            data-testid="stats-table"
            size="small"
            rowKey={(r) => r.key || 'total'}
            loading={stats.loading}
            dataSource={total ? [...rows, total] : rows}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: t('stats.group'), key: 'label', render: (_, r) => (r.key ? <>{r.label}<div className="tb-result-code">{r.key}</div></> : <strong>{r.label}</strong>) },
              { title: t('stats.items'), key: 'itemCount', render: (_, r) => <span data-testid={`stats-${r.key || 'total'}-items`}>{r.itemCount}</span> },
              ...RATES.map((x) => rate(x.key, x.label)),
              {
                title: t('stats.compression'),
                key: 'compression',
                render: (_, r) => <span data-testid={`stats-${r.key || 'total'}-compression`}>{shown(r.averageCompression)}<div className="tb-result-meta">{t('stats.compressionBase', { n: r.compressionBase })}</div></span>,
              },
            ]}
          />
        </>
      )}
    </section>
  );
}

import { Breadcrumb, Button, Card, Col, Row, Segmented, Select, Statistic, Table } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, useLoad } from '../api.js';
import { BarChart } from '../components/BarChart.js';
import { ErrorState } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { useSession } from '../session.js';
import { pct, recentMonths, thisMonth, type Figures as F, type StatsResult } from './figures.js';

type GroupBy = 'region' | 'department' | 'item' | 'channel' | 'period';
const GROUPS: GroupBy[] = ['region', 'department', 'item', 'channel', 'period'];

/** /supervise/figures: case statistics with drill-down from the supervisor's region to counties and below. */
export default function Figures() {
  const { t } = useI18n();
  const { user } = useSession();
  const [period, setPeriod] = useState(thisMonth());
  const [groupBy, setGroupBy] = useState<GroupBy>('region');
  const [trail, setTrail] = useState<{ code: string; name: string }[]>([]);
  const regionCode = trail.length ? trail[trail.length - 1]!.code : (user?.regionCode ?? undefined);
  const data = useLoad((signal) => api.get<StatsResult>('/api/v1/supervision/statistics', { signal, query: { period, groupBy, regionCode } }), [period, groupBy, regionCode]);
  const s = data.data;
  const periods = useMemo(() => [...new Set([thisMonth().slice(0, 4), ...recentMonths()])], []);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('sv.f.applications'), t('sv.f.concluded')], textStyle: { color: '#1f2937' } },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: (s?.groups ?? []).map((g) => g.name), axisLabel: { color: '#374151', interval: 0, width: 90, overflow: 'truncate' } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#374151' } },
      series: [
        { name: t('sv.f.applications'), type: 'bar', data: (s?.groups ?? []).map((g) => g.figures.applications), itemStyle: { color: '#1677ff' } },
        { name: t('sv.f.concluded'), type: 'bar', data: (s?.groups ?? []).map((g) => g.figures.concluded), itemStyle: { color: '#237804', decal: { symbol: 'rect' } } },
      ],
    }),
    [s, t],
  );
  const stat = (key: MessageKey, value: string | number, testId: string) => (
    <Col xs={12} sm={8} md={6} key={key}>
      <Card size="small"><Statistic title={t(key)} value={value} valueRender={() => <span data-testid={testId}>{value}</span>} /></Card>
    </Col>
  );
  const total: F | undefined = s?.total;
  return (
    <>
      <h1 className="tb-page-title">{t('sv.figures.title')}</h1>
      <p><Link to="/supervise">{t('sv.back')}</Link></p>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', marginBottom: 12 }}>
        <label>
          {t('sv.period')}{' '}
          <Select aria-label={t('sv.period')} value={period} onChange={setPeriod} style={{ width: 130 }} options={periods.map((p) => ({ value: p, label: p.length === 4 ? `${p} ${t('sv.year')}` : p }))} />
        </label>
        <span>{t('sv.groupBy')}</span>
        <Segmented<GroupBy> aria-label={t('sv.groupBy')} value={groupBy} onChange={setGroupBy} options={GROUPS.map((g) => ({ value: g, label: t(`sv.group.${g}` as MessageKey) }))} />
      </div>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <Button type="link" size="small" onClick={() => setTrail([])}>{s && !trail.length ? t('sv.region', { name: s.regionName }) : t('sv.up')}</Button> },
          ...trail.map((x, i) => ({ title: <Button type="link" size="small" onClick={() => setTrail(trail.slice(0, i + 1))}>{x.name}</Button> })),
        ]}
      />
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : null}
      {total ? (
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="sv-totals">
          {stat('sv.f.applications', total.applications, 'sv-applications')}
          {stat('sv.f.accepted', total.accepted, 'sv-accepted')}
          {stat('sv.f.concluded', total.concluded, 'sv-concluded')}
          {stat('sv.f.onTimeRate', pct(total.onTimeRate), 'sv-on-time')}
          {stat('sv.f.overdue', total.overdue, 'sv-overdue')}
          {stat('sv.f.overdueDays', total.overdueDays, 'sv-overdue-days')}
          {stat('sv.f.avgUsed', `${total.avgUsedDays ?? '—'} / ${total.avgLimitDays ?? '—'}`, 'sv-avg')}
          {stat('sv.f.onlineRate', pct(total.onlineRate), 'sv-online')}
          {stat('sv.f.immediateShare', pct(total.immediateShare), 'sv-immediate')}
          {stat('sv.f.onceDoneRate', pct(total.onceDoneRate), 'sv-once')}
          {stat('sv.f.zeroVisitRate', pct(total.zeroVisitRate), 'sv-zero-visit')}
          {stat('sv.f.atMostOnceRate', pct(total.atMostOnceRate), 'sv-one-visit')}
          {stat('sv.f.deficiency', total.deficiency, 'sv-deficiency')}
          {stat('sv.f.pledged', total.pledged, 'sv-pledged')}
          {stat('sv.f.bundles', `${s!.bundles.applications} / ${s!.bundles.concluded} / ${pct(s!.bundles.onTimeRate)}`, 'sv-bundles')}
        </Row>
      ) : null}
      <Card title={<h2 className="tb-card-title">{t('sv.chart')}</h2>} style={{ marginBottom: 16 }}>
        <BarChart option={option} summary={t('sv.chart')} height={260} testId="sv-chart" />
      </Card>
      <Table
        rowKey="key"
        size="small"
        loading={data.loading}
        dataSource={s?.groups}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          {
            title: t('sv.name'),
            key: 'name',
            render: (_, g) => (g.drill && groupBy === 'region' ? <Button type="link" size="small" onClick={() => setTrail([...trail, { code: g.drill!, name: g.name }])} aria-label={`${t('sv.drill')}:${g.name}`}>{g.name}</Button> : g.name),
          },
          { title: t('sv.f.applications'), key: 'a', render: (_, g) => g.figures.applications },
          { title: t('sv.f.concluded'), key: 'c', render: (_, g) => g.figures.concluded },
          { title: t('sv.f.onTimeRate'), key: 'o', render: (_, g) => pct(g.figures.onTimeRate) },
          { title: t('sv.f.overdue'), key: 'd', render: (_, g) => g.figures.overdue },
          { title: t('sv.f.onlineRate'), key: 'n', render: (_, g) => pct(g.figures.onlineRate) },
          { title: t('sv.f.onceDoneRate'), key: 'x', render: (_, g) => pct(g.figures.onceDoneRate) },
        ]}
      />
    </>
  );
}

import { Button, Card, Empty, Select, Table, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router';
import { api, useLoad } from '../api.js';
import { listBundleCards, type BundleCardRow } from '../cases/bundleApi.js';
import { BundleView } from '../cases/BundleView.js';
import type { CardRow } from '../cases/caseApi.js';
import { CardMark, formatTime, useCodeLabel } from '../cases/parts.js';
import { StaffCase } from '../cases/StaffCase.js';
import { ErrorState } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import type { Department, Region } from '../types.js';
import { CardsChart, type CardBar } from './CardsChart.js';

interface Data {
  cards: CardRow[];
  regions: Region[];
  departments: Department[];
}

function tally(rows: CardRow[], keyOf: (r: CardRow) => string, nameOf: (k: string) => string): (CardBar & { key: string })[] {
  const m = new Map<string, CardBar & { key: string }>();
  for (const r of rows) {
    const k = keyOf(r);
    const bar = m.get(k) ?? { key: k, label: nameOf(k), red: 0, yellow: 0 };
    bar[r.card === 'red' ? 'red' : 'yellow'] += 1;
    m.set(k, bar);
  }
  return [...m.values()].sort((a, b) => b.red - a.red || b.yellow - a.yellow);
}

/** 红黄牌: the cards of the supervisor's region and below, by region and by department, and the lists behind them. */
function Overview() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const label = useCodeLabel();
  const within = user?.regionCode ?? undefined;
  const data = useLoad<Data>(async (signal) => {
    const [cards, regions, departments] = await Promise.all([
      api.get<CardRow[]>('/api/v1/cases/cards', { signal, query: { regionCode: within, limit: 500 } }),
      api.get<Region[]>('/api/v1/regions', { signal, query: { within } }),
      api.get<Department[]>('/api/v1/departments', { signal, query: { within } }),
    ]);
    return { cards, regions, departments };
  }, [within]);
  const [region, setRegion] = useState<string | undefined>();
  const [department, setDepartment] = useState<string | undefined>();
  const [list, setList] = useState<'red' | 'yellow'>('red');
  const names = useMemo(() => {
    const r = new Map((data.data?.regions ?? []).map((x) => [x.code, x.name]));
    const d = new Map((data.data?.departments ?? []).map((x) => [x.id, (lang === 'en' && x.nameEn) || x.name]));
    return { region: (k: string) => r.get(k) ?? k, department: (k: string) => d.get(k) ?? k };
  }, [data.data, lang]);
  const rows = (data.data?.cards ?? []).filter((c) => (!region || c.regionCode === region) && (!department || (c.currentStepDepartmentId ?? c.departmentId) === department));
  const byRegion = useMemo(() => tally(rows, (r) => r.regionCode, names.region), [rows, names]);
  const byDepartment = useMemo(() => tally(rows, (r) => r.currentStepDepartmentId ?? r.departmentId, names.department), [rows, names]);
  const legend = { red: t('cs.card.red'), yellow: t('cs.card.yellow') };
  const red = rows.filter((r) => r.card === 'red').length;
  const yellow = rows.length - red;

  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  const groupTable = (bars: (CardBar & { key: string })[], title: string, pick: (k: string) => void) => (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      scroll={{ x: true }}
      dataSource={bars}
      columns={[
        { title, key: 'label', render: (_, b) => <Button type="link" onClick={() => pick(b.key)} style={{ padding: 0, textDecoration: 'underline' }}>{b.label}</Button> },
        { title: t('cs.card.red'), dataIndex: 'red' },
        { title: t('cs.card.yellow'), dataIndex: 'yellow' },
      ]}
    />
  );
  return (
    <>
      <p className="tb-result-code"><Link to="/supervise">{t('cs.cards.backSupervise')}</Link></p>
      <h1 className="tb-page-title">{t('cs.cards.title')}</h1>
      <Card style={{ marginBottom: 16 }}>
        <div className="tb-toolbar">
          <label htmlFor="cards-region">{t('cs.cards.region')}</label>
          <Select id="cards-region" allowClear style={{ minWidth: 200 }} placeholder={t('common.all')} value={region} onChange={setRegion} options={(data.data?.regions ?? []).map((r) => ({ value: r.code, label: r.name }))} />
          <label htmlFor="cards-department">{t('cs.cards.department')}</label>
          <Select id="cards-department" allowClear showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 240 }} placeholder={t('common.all')} value={department} onChange={setDepartment} options={(data.data?.departments ?? []).map((d) => ({ value: d.id, label: names.department(d.id) }))} />
          <Button onClick={data.reload}>{t('cs.refresh')}</Button>
        </div>
        <p data-testid="cards-summary">{t('cs.cards.summary', { red, yellow })}</p>
      </Card>
      <div className="tb-cards" style={{ marginBottom: 16 }}>
        <Card title={<h2 className="tb-card-title">{t('cs.cards.byRegion')}</h2>}>
          {byRegion.length ? <CardsChart bars={byRegion} names={legend} summary={t('cs.cards.chartSummary', { red, yellow })} /> : <Empty description={t('cs.cards.none')} />}
          {groupTable(byRegion, t('cs.cards.region'), setRegion)}
        </Card>
        <Card title={<h2 className="tb-card-title">{t('cs.cards.byDepartment')}</h2>}>
          {byDepartment.length ? <CardsChart bars={byDepartment} names={legend} summary={t('cs.cards.chartSummary', { red, yellow })} /> : <Empty description={t('cs.cards.none')} />}
          {groupTable(byDepartment, t('cs.cards.department'), setDepartment)}
        </Card>
      </div>
      <Card title={<h2 className="tb-card-title">{t('cs.cards.lists')}</h2>}>
        <Tabs
          activeKey={list}
          onChange={(k) => setList(k as 'red' | 'yellow')}
          items={[
            { key: 'red', label: t('cs.cards.overdue', { n: red }) },
            { key: 'yellow', label: t('cs.cards.dueSoon', { n: yellow }) },
          ]}
        />
        <Table<CardRow>
          size="small"
          rowKey="id"
          loading={data.loading}
          dataSource={rows.filter((r) => r.card === list)}
          scroll={{ x: true }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('cs.cards.none')} /> }}
          data-testid="cards-list"
          columns={[
            { title: t('cs.clock.card'), key: 'card', render: (_, r) => <CardMark card={r.card} /> },
            { title: t('cs.number'), key: 'number', render: (_, r) => <Link to={`/supervise/cards/case/${r.id}`}>{r.number}</Link> },
            { title: t('cs.item'), dataIndex: 'itemName' },
            { title: t('cs.cards.region'), key: 'region', render: (_, r) => names.region(r.regionCode) },
            { title: t('cs.cards.department'), key: 'dept', render: (_, r) => names.department(r.currentStepDepartmentId ?? r.departmentId) },
            { title: t('cs.state'), key: 'state', render: (_, r) => label('cs.state', r.state) },
            { title: t('cs.clock.due'), key: 'due', render: (_, r) => formatTime(r.dueAt, lang) },
          ]}
        />
      </Card>
      <BundleCards within={within} regionName={names.region} />
    </>
  );
}

/**
 * 联办件: a 一件事's own clock runs from 一窗受理 to its last stage, over all its items, so a bundle can be late while
 * each item is on time. Loaded on its own, so that a failure here leaves the case cards standing.
 */
function BundleCards({ within, regionName }: { within: string | undefined; regionName: (code: string) => string }) {
  const { t, lang } = useI18n();
  const data = useLoad((signal) => listBundleCards(within, signal), [within]);
  return (
    <Card title={<h2 className="tb-card-title">{t('cs.cards.bundles')}</h2>} style={{ marginTop: 16 }}>
      {data.error ? (
        <ErrorState error={data.error} onRetry={data.reload} />
      ) : (
        <Table<BundleCardRow>
          size="small"
          rowKey="id"
          loading={data.loading}
          dataSource={data.data ?? []}
          scroll={{ x: true }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('cs.cards.bundlesNone')} /> }}
          data-testid="bundle-cards-list"
          columns={[
            { title: t('cs.clock.card'), key: 'card', render: (_, r) => <CardMark card={r.card} /> },
            { title: t('cs.number'), key: 'number', render: (_, r) => <Link to={`/supervise/cards/bundle/${r.id}`}>{r.number}</Link> },
            { title: t('cs.cards.bundle'), key: 'name', render: (_, r) => (lang === 'en' ? r.nameEn : r.name) },
            { title: t('cs.cards.region'), key: 'region', render: (_, r) => regionName(r.regionCode) },
            { title: t('cs.applicant'), dataIndex: 'applicantName' },
            { title: t('cs.clock.due'), key: 'due', render: (_, r) => formatTime(r.dueAt, lang) },
            {
              title: t('cs.clock.remaining'),
              key: 'left',
              render: (_, r) => (r.remainingWorkingDays < 0 ? t('cs.cards.overdueBy', { n: -r.remainingWorkingDays }) : r.card === 'red' ? t('cs.cards.justOverdue') : t('cs.clock.days', { n: r.remainingWorkingDays })),
            },
          ]}
        />
      )}
    </Card>
  );
}

function CardBundle() {
  const { id = '' } = useParams();
  return <BundleView id={id} caseLink={(caseId) => `/supervise/cards/case/${caseId}`} back="/supervise/cards" backLabel="cs.cards.back" />;
}

function CardCase() {
  const { id = '' } = useParams();
  return <StaffCase id={id} backTo="/supervise/cards" backLabel="cs.cards.back" bundleLink={(b) => `/supervise/cards/bundle/${b}`} />;
}

export default function Cards() {
  return (
    <Routes>
      <Route path="case/:id" element={<CardCase />} />
      <Route path="bundle/:id" element={<CardBundle />} />
      <Route path="*" element={<Overview />} />
    </Routes>
  );
}

import { Form, Input, Select, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { figures, halls, today, waiting, type Figures as FigureSet } from './api.js';

type Row = FigureSet['byType'][number];

const duration = (s: number | null, t: (k: MessageKey, v?: Record<string, string | number>) => string) => (s === null ? '—' : t('hall.fig.minutes', { n: (s / 60).toFixed(1) }));

/** Supervision of the halls (`/supervise/hall`): waiting and service time by type, window and hour, and who waits too long now. */
export default function HallFigures() {
  const { t } = useI18n();
  const list = useLoad((signal) => halls(signal), []);
  const [hallId, setHallId] = useState<string | undefined>();
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState(today());
  useEffect(() => {
    if (!hallId && list.data?.[0]) setHallId(list.data[0].id);
  }, [hallId, list.data]);
  const figs = useLoad((signal) => (hallId ? figures({ hallId, from, to }, signal) : Promise.resolve(null)), [hallId, from, to]);
  const wait = useLoad((signal) => (hallId ? waiting(hallId, signal) : Promise.resolve(null)), [hallId]);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageLoading />;
  const columns = [
    { title: t('hall.fig.key'), dataIndex: 'label', key: 'label' },
    { title: t('hall.fig.tickets'), dataIndex: 'tickets', key: 'tickets' },
    { title: t('hall.fig.served'), dataIndex: 'served', key: 'served' },
    { title: t('hall.fig.noShows'), dataIndex: 'noShows', key: 'noShows' },
    { title: t('hall.fig.avgWait'), key: 'wait', render: (r: Row) => duration(r.avgWaitSeconds, t) },
    { title: t('hall.fig.avgService'), key: 'service', render: (r: Row) => duration(r.avgServiceSeconds, t) },
  ];
  const table = (title: MessageKey, rows: Row[], testId: string) => (
    <section style={{ marginBottom: 24 }}>
      <h2 style={{ fontSize: 16 }}>{t(title)}</h2>
      <Table size="small" rowKey="key" pagination={false} columns={columns} dataSource={rows} data-testid={testId} />
    </section>
  );
  return (
    <>
      <h1 className="tb-page-title">{t('hall.fig.title')}</h1>
      <Form layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item label={t('hall.fig.hall')} htmlFor="hall-fig-hall">
          <Select id="hall-fig-hall" style={{ minWidth: 240 }} value={hallId} onChange={setHallId} options={list.data.map((h) => ({ value: h.id, label: h.name }))} />
        </Form.Item>
        <Form.Item label={t('hall.fig.period')} htmlFor="hall-fig-from">
          <Input id="hall-fig-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label="–" htmlFor="hall-fig-to" colon={false}>
          <Input id="hall-fig-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 160 }} aria-label={t('hall.fig.period')} />
        </Form.Item>
      </Form>
      {figs.error ? <ErrorState error={figs.error} onRetry={figs.reload} /> : figs.data && (
        <>
          {table('hall.fig.byType', [figs.data.total, ...figs.data.byType], 'hall-fig-type')}
          {table('hall.fig.byWindow', figs.data.byWindow, 'hall-fig-window')}
          {table('hall.fig.byHour', figs.data.byHour, 'hall-fig-hour')}
        </>
      )}
      {wait.data && (
        <section>
          <h2 style={{ fontSize: 16 }}>{t('hall.fig.waitingNow', { y: wait.data.yellowMinutes, r: wait.data.redMinutes })}</h2>
          <Table size="small" rowKey="id" pagination={false} dataSource={wait.data.tickets} locale={{ emptyText: t('hall.fig.none') }} data-testid="hall-waiting"
            columns={[
              { title: t('hall.display.number'), dataIndex: 'number', key: 'number' },
              { title: t('hall.desk.serves'), dataIndex: 'typeName', key: 'typeName' },
              { title: t('hall.fig.waited'), key: 'waited', render: (r: { waitedMinutes: number }) => t('hall.fig.minutes', { n: r.waitedMinutes }) },
              { title: '', key: 'card', render: (r: { card: 'green' | 'yellow' | 'red' }) => <Tag color={r.card === 'red' ? 'error' : r.card === 'yellow' ? 'warning' : 'success'}>{t(`hall.fig.card.${r.card}`)}</Tag> },
            ]} />
        </section>
      )}
    </>
  );
}

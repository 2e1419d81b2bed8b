import { App as AntApp, Button, Card, Descriptions, Select, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage, useLoad } from '../api.js';
import { ErrorState } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { pct, recentMonths, type BundleFigures, type Figures } from './figures.js';

interface Archived {
  id: string;
  period: string;
  version: number;
  number: string;
  title: string;
  generatedAt: string;
}
interface ReportView extends Archived {
  figures: { total: Figures; bundles: BundleFigures; cards: { red: number; yellow: number } };
}

function KeyFigures({ month }: { month: string }) {
  const { t } = useI18n();
  const r = useLoad((signal) => api.get<ReportView>(`/api/v1/supervision/reports/${month}`, { signal }), [month]);
  if (r.error) return <ErrorState error={r.error} onRetry={r.reload} />;
  if (!r.data) return null;
  const f = r.data.figures.total;
  return (
    <Card title={<h2 className="tb-card-title">{t('sv.reports.figures')}:{r.data.title}</h2>} style={{ marginTop: 16 }}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} data-testid="sv-report-figures">
        <Descriptions.Item label={t('sv.reports.number')}>{r.data.number}</Descriptions.Item>
        <Descriptions.Item label={t('sv.f.applications')}>{f.applications}</Descriptions.Item>
        <Descriptions.Item label={t('sv.f.concluded')}>{f.concluded}</Descriptions.Item>
        <Descriptions.Item label={t('sv.f.onTimeRate')}>{pct(f.onTimeRate)}</Descriptions.Item>
        <Descriptions.Item label={t('sv.f.onlineRate')}>{pct(f.onlineRate)}</Descriptions.Item>
        <Descriptions.Item label={t('sv.f.onceDoneRate')}>{pct(f.onceDoneRate)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** /supervise/reports: generate a month's 考核通报 and download the archived ones. */
export default function Reports() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const months = recentMonths();
  const [month, setMonth] = useState(months[0]!);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const [generated, setGenerated] = useState(0);
  const list = useLoad((signal) => api.get<Archived[]>('/api/v1/supervision/reports', { signal }), []);
  const generate = async () => {
    setBusy(true);
    try {
      // Rendering a report takes a while on a busy server: the request waits longer than the default.
      await api.post('/api/v1/supervision/reports', { month }, { timeoutMs: 300_000 });
      list.reload();
      setShown(month);
      setGenerated((n) => n + 1);
    } catch (e) {
      message.error(errorMessage(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1 className="tb-page-title">{t('sv.reports.title')}</h1>
      <p><Link to="/supervise">{t('sv.back')}</Link></p>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', marginBottom: 16 }}>
        <label>{t('sv.month')} <Select aria-label={t('sv.month')} value={month} onChange={setMonth} style={{ width: 120 }} options={months.map((m) => ({ value: m, label: m }))} /></label>
        <Button type="primary" onClick={generate} loading={busy}>{busy ? t('sv.reports.generating') : t('sv.reports.generate')}</Button>
      </div>
      <h2 className="tb-card-title">{t('sv.reports.archive')}</h2>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      <Table<Archived>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data}
        locale={{ emptyText: t('sv.reports.none') }}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('sv.month'), dataIndex: 'period' },
          { title: t('sv.name'), dataIndex: 'title' },
          { title: t('sv.reports.number'), dataIndex: 'number' },
          { title: t('sv.reports.generatedAt'), key: 'at', render: (_, r) => new Date(r.generatedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') },
          {
            title: t('sv.reports.download'),
            key: 'dl',
            render: (_, r) => (
              <span style={{ display: 'inline-flex', gap: 8 }}>
                {(['docx', 'pdf', 'xlsx'] as const).map((f) => (
                  <a key={f} href={`/api/v1/supervision/reports/${r.period}/${f}`} download aria-label={`${r.title} ${f.toUpperCase()}`}>{f.toUpperCase()}</a>
                ))}
                <Button size="small" onClick={() => setShown(r.period)}>{t('sv.reports.show')}</Button>
              </span>
            ),
          },
        ]}
      />
      {shown ? <KeyFigures key={`${shown}:${generated}`} month={shown} /> : null}
    </>
  );
}

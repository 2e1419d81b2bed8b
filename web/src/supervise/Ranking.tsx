import { App as AntApp, Button, Card, Form, InputNumber, Segmented, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage, useLoad } from '../api.js';
import { ErrorState } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { useSession } from '../session.js';
import { pct, recentMonths, thisMonth } from './figures.js';

const PARTS = ['onTime', 'goodRating', 'rectification', 'online', 'hotlineSatisfaction'] as const;
type Part = (typeof PARTS)[number];

interface PartScore {
  part: Part;
  weight: number;
  value: number | null;
  points: number | null;
  applied: boolean;
  reason: 'module_absent' | 'no_data' | 'zero_weight' | null;
}
interface Unit {
  key: string;
  name: string;
  score: number | null;
  rank: number | null;
  previousRank: number | null;
  parts: PartScore[];
}
interface RankingView {
  month: string;
  previousMonth: string;
  weights: { part: Part; weight: number; applied: boolean; reason: PartScore['reason'] }[];
  units: Unit[];
}

function Weights({ onSaved }: { onSaved: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const current = useLoad((signal) => api.get<{ weights: Record<Part, number> }>('/api/v1/supervision/ranking/weights', { signal }), []);
  const [saving, setSaving] = useState(false);
  if (!current.data) return null;
  return (
    <Card title={<h2 className="tb-card-title">{t('sv.weights.title')}</h2>} style={{ marginBottom: 16 }}>
      <Form
        layout="inline"
        initialValues={current.data.weights}
        onFinish={async (v: Record<Part, number>) => {
          setSaving(true);
          try {
            await api.put('/api/v1/supervision/ranking/weights', v);
            message.success(t('sv.weights.saved'));
            onSaved();
          } catch (e) {
            message.error(errorMessage(e, lang));
          } finally {
            setSaving(false);
          }
        }}
      >
        {PARTS.map((p) => (
          <Form.Item key={p} name={p} label={t(`sv.part.${p}` as MessageKey)} rules={[{ required: true }]}>
            <InputNumber min={0} max={100} style={{ width: 80 }} />
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" loading={saving}>{t('sv.weights.save')}</Button>
      </Form>
      <p style={{ marginTop: 8 }}>{t('sv.weights.note')}</p>
    </Card>
  );
}

/** /supervise/ranking: departments or regions ranked for a month, each score taken apart into its parts. */
export default function Ranking() {
  const { t } = useI18n();
  const { user } = useSession();
  const [month, setMonth] = useState(thisMonth());
  const [of, setOf] = useState<'department' | 'region'>('department');
  const data = useLoad((signal) => api.get<RankingView>('/api/v1/supervision/ranking', { signal, query: { month, of } }), [month, of]);
  return (
    <>
      <h1 className="tb-page-title">{t('sv.ranking.title')}</h1>
      <p><Link to="/supervise">{t('sv.back')}</Link></p>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', marginBottom: 12 }}>
        <label>{t('sv.month')} <Select aria-label={t('sv.month')} value={month} onChange={setMonth} style={{ width: 120 }} options={recentMonths().map((m) => ({ value: m, label: m }))} /></label>
        <span>{t('sv.ranking.of')}</span>
        <Segmented aria-label={t('sv.ranking.of')} value={of} onChange={(v) => setOf(v as 'department' | 'region')} options={[{ value: 'department', label: t('sv.ranking.departments') }, { value: 'region', label: t('sv.ranking.regions') }]} />
      </div>
      {user?.roles.includes('admin') ? <Weights onSaved={data.reload} /> : null}
      {data.data ? (
        <p>
          {data.data.weights.map((w) => (
            <Tag key={w.part} color={w.applied ? 'blue' : 'default'}>{t(`sv.part.${w.part}` as MessageKey)} {w.weight}{w.applied ? '' : ` · ${t(`sv.reason.${w.reason ?? 'zero_weight'}` as MessageKey)}`}</Tag>
          ))}
        </p>
      ) : null}
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : null}
      <Table<Unit>
        rowKey="key"
        size="small"
        loading={data.loading}
        dataSource={data.data?.units}
        pagination={{ pageSize: 30, hideOnSinglePage: true }}
        scroll={{ x: true }}
        expandable={{
          expandedRowRender: (u) => (
            <Table<PartScore>
              rowKey="part"
              size="small"
              pagination={false}
              dataSource={u.parts}
              aria-label={t('sv.parts')}
              columns={[
                { title: t('sv.parts'), key: 'p', render: (_, p) => t(`sv.part.${p.part}` as MessageKey) },
                { title: t('sv.weight'), dataIndex: 'weight' },
                { title: t('sv.value'), key: 'v', render: (_, p) => (p.applied ? pct(p.value) : t(`sv.reason.${p.reason!}` as MessageKey)) },
                { title: t('sv.points'), key: 's', render: (_, p) => (p.points === null ? '—' : p.points.toFixed(2)) },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('sv.rank'), key: 'rank', render: (_, u) => u.rank ?? '—' },
          { title: t('sv.name'), dataIndex: 'name' },
          { title: t('sv.score'), key: 'score', render: (_, u) => (u.score === null ? t('sv.noData') : u.score.toFixed(2)) },
          { title: t('sv.previousRank'), key: 'prev', render: (_, u) => u.previousRank ?? '—' },
        ]}
      />
    </>
  );
}

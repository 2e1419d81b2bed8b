import { Alert, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, useLoad } from '../api.js';
import { formatTime } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import { getDraw, listInspectors, publishDraw, revealDraw, type Draw, type Plan, type Task } from './api.js';
import { FormError, OutcomeTag, classLabel } from './parts.js';

/**
 * One draw: before the reveal only the commitment (seed hash, pool hash) is shown; after it the seed, the objects and
 * their inspectors, and the command anyone runs to recompute the list from the published seed.
 */
export default function DrawPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { hasRole } = useSession();
  const manager = hasRole('supervisor', 'admin', 'approver');
  const [draw, setDraw] = useState<Draw | null>(null);
  const loaded = useLoad(async (signal) => {
    const d = await getDraw(id, signal);
    setDraw(d);
    // The plan names the region, whose inspectors give the drawn ids their names; an inspector only sees ids.
    const plan = manager ? await api.get<Plan>(`/api/v1/inspection/plans/${encodeURIComponent(d.planId)}`, { signal }).catch(() => null) : null;
    const inspectors = plan ? await listInspectors(plan.regionCode, signal).catch(() => []) : [];
    return new Map(inspectors.map((i) => [i.id, `${i.name}(${i.certificateNo})`]));
  }, [id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const act = async (run: () => Promise<Draw>) => {
    setBusy(true);
    setError(null);
    try {
      setDraw(await run());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (loaded.error) return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  if (!draw || !loaded.data) return <PageLoading />;
  const names = loaded.data;
  const drawn = draw.state === 'drawn';
  const publishable = draw.tasks.some((x) => x.outcome && !x.publishedAt);
  return (
    <>
      <h1 className="tb-page-title">{t('in.draw.title')}:{draw.planName}({draw.year})</h1>
      {manager && <p><Link to="/inspection">{t('in.nav.desk')}</Link></p>}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions column={1} size="small" data-testid="in-draw" data-state={draw.state}>
          <Descriptions.Item label={t('in.draw.title')}>
            <Tag data-testid="in-draw-state">{t(`in.draw.state.${draw.state}` as 'in.draw.state.drawn')}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('in.draw.seedHash')}><code data-testid="in-seed-hash" style={{ wordBreak: 'break-all' }}>{draw.seedHash}</code></Descriptions.Item>
          <Descriptions.Item label={t('in.draw.poolHash')}><code style={{ wordBreak: 'break-all' }}>{draw.poolHash}</code></Descriptions.Item>
          <Descriptions.Item label={t('in.draw.committedAt')}>{formatTime(draw.committedAt, lang)}</Descriptions.Item>
          {drawn && <Descriptions.Item label={t('in.draw.seed')}><code data-testid="in-seed" style={{ wordBreak: 'break-all' }}>{draw.seed}</code></Descriptions.Item>}
          {drawn && <Descriptions.Item label={t('in.draw.drawnAt')}>{formatTime(draw.drawnAt, lang)}</Descriptions.Item>}
        </Descriptions>
        {!drawn && <Alert type="info" showIcon title={t('in.draw.beforeReveal')} style={{ marginTop: 12 }} />}
        {error ? <FormError error={error} /> : null}
        <Space style={{ marginTop: 12 }} wrap>
          {!drawn && manager && <Button type="primary" loading={busy} onClick={() => void act(() => revealDraw(draw.id))} data-testid="in-reveal">{t('in.draw.reveal')}</Button>}
          {drawn && manager && <Button type="primary" disabled={!publishable} loading={busy} onClick={() => void act(() => publishDraw(draw.id))} data-testid="in-publish">{t('in.draw.publish')}</Button>}
        </Space>
      </Card>
      {drawn && (
        <>
          <div className="tb-table-scroll">
            <Table<Task>
              data-testid="in-tasks"
              size="small"
              rowKey="creditCode"
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              dataSource={draw.tasks}
              onRow={(r) => ({ 'data-credit-code': r.creditCode, 'data-outcome': r.outcome ?? '', 'data-published': r.publishedAt ? 'yes' : 'no' } as React.HTMLAttributes<HTMLElement>)}
              columns={[
                { title: '#', dataIndex: 'position', key: 'pos', render: (p: number) => p + 1 },
                { title: t('in.creditCode'), dataIndex: 'creditCode', key: 'cc' },
                { title: t('in.task.subject'), dataIndex: 'subjectName', key: 'name' },
                { title: t('in.task.class'), key: 'cls', render: (_, r) => t(classLabel(r.objectClass)) },
                { title: t('in.task.inspectors'), key: 'ins', render: (_, r) => r.inspectorIds.map((i) => names.get(i) ?? i.slice(0, 8)).join('、') },
                { title: t('in.task.outcome'), key: 'out', render: (_, r) => <OutcomeTag outcome={r.outcome} /> },
                { title: t('in.task.publishDue'), key: 'due', render: (_, r) => (r.publishedAt ? <Tag>{t('in.draw.published')}</Tag> : r.overdue ? <Tag>{t('in.task.overdue')}</Tag> : formatTime(r.publishDueAt, lang)) },
              ]}
            />
          </div>
          <Card size="small" title={<h2 className="tb-card-title">{t('in.draw.verifyTitle')}</h2>} style={{ marginTop: 16 }}>
            <p>{t('in.draw.verifyBody')}</p>
            <Typography.Paragraph copyable={{ text: `tongban inspection verify-draw ${draw.id}` }}>
              <code data-testid="in-verify-command">tongban inspection verify-draw {draw.id}</code>
            </Typography.Paragraph>
          </Card>
        </>
      )}
    </>
  );
}

import { Button, Card, Empty, Form, Input, Table, Tabs } from 'antd';
import { useState } from 'react';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { api, useLoad } from '../api.js';
import { byUrgency, type CaseSummary } from '../cases/caseApi.js';
import { listBundleCases, type BundleCaseSummary } from '../cases/bundleApi.js';
import { BundleView } from '../cases/BundleView.js';
import { CardMark, formatTime, StateTag, useCodeLabel } from '../cases/parts.js';
import { StaffCase } from '../cases/StaffCase.js';
import { useServerErrors } from '../components/serverErrors.js';
import { ErrorState } from '../components/status.js';
import { Workspace } from '../components/Workspace.js';
import { useI18n } from '../i18n.js';
import type { User } from '../types.js';
import WindowFile from './WindowFile.js';

/** The queues of the hall: what waits for 预审 and 受理, for the applicant's correction, for 出件. */
const QUEUES = {
  intake: ['submitted'],
  correction: ['correction_requested', 'step_correction'],
  steps: ['in_steps', 'special_procedure'],
  handout: ['concluded_approved', 'concluded_denied'],
} as const;
type Queue = keyof typeof QUEUES | 'all' | 'bundles';

/** 联办件 of the hall: those waiting for 一窗受理 or 统一出件 first. */
function HallBundles() {
  const { t, lang } = useI18n();
  const label = useCodeLabel();
  const bundles = useLoad((signal) => listBundleCases(signal), []);
  if (bundles.error) return <ErrorState error={bundles.error} onRetry={bundles.reload} />;
  const rank = { submitted: 0, concluded: 1, running: 2, delivered: 3, withdrawn: 4 } as const;
  const rows = [...(bundles.data ?? [])].sort((a, b) => rank[a.status] - rank[b.status] || a.submittedAt.localeCompare(b.submittedAt));
  return (
    <Table<BundleCaseSummary>
      size="small"
      rowKey="id"
      loading={bundles.loading}
      dataSource={rows}
      scroll={{ x: true }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description={t('cs.none')} /> }}
      data-testid="hall-bundles"
      columns={[
        { title: t('cs.number'), key: 'number', render: (_, b) => <Link to={`/window/bundles/${b.id}`}>{b.number}</Link> },
        { title: t('cs.item'), dataIndex: 'name' },
        { title: t('cs.applicant'), dataIndex: 'applicantName' },
        { title: t('cs.state'), key: 'status', render: (_, b) => label('cs.bundle.status', b.status) },
        { title: t('cs.submittedAt'), key: 'at', render: (_, b) => formatTime(b.submittedAt, lang) },
      ]}
    />
  );
}

function HallCases() {
  const { t, lang } = useI18n();
  const [queue, setQueue] = useState<Queue>('intake');
  const cases = useLoad((signal) => api.get<CaseSummary[]>('/api/v1/cases', { signal, query: { limit: 200 } }), []);
  if (cases.error) return <ErrorState error={cases.error} onRetry={cases.reload} />;
  const rows = byUrgency((cases.data ?? []).filter((c) => queue === 'all' || (queue !== 'bundles' && (QUEUES[queue] as readonly string[]).includes(c.state))));
  return (
    <Card title={<h2 className="tb-card-title">{t('cs.win.hall')}</h2>} extra={<Button onClick={cases.reload}>{t('cs.refresh')}</Button>} style={{ marginBottom: 16 }}>
      <Tabs
        activeKey={queue}
        onChange={(k) => setQueue(k as Queue)}
        items={[...(['intake', 'correction', 'steps', 'handout', 'all'] as const).map((k) => ({ key: k, label: t(`cs.win.q.${k}`) })), { key: 'bundles', label: t('cs.bundle.queue') }]}
      />
      {queue === 'bundles' ? <HallBundles /> : <Table<CaseSummary>
        size="small"
        rowKey="id"
        loading={cases.loading}
        dataSource={rows}
        scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('cs.none')} /> }}
        data-testid="hall-cases"
        columns={[
          { title: t('cs.number'), key: 'number', render: (_, c) => <Link to={`/window/cases/${c.id}`}>{c.number}</Link> },
          { title: t('cs.item'), dataIndex: 'itemName' },
          { title: t('cs.applicant'), key: 'applicant', render: (_, c) => `${c.applicantName} (${c.applicantIdMasked})` },
          { title: t('cs.state'), key: 'state', render: (_, c) => <StateTag state={c.state} /> },
          { title: t('cs.clock.card'), key: 'card', render: (_, c) => <CardMark card={c.card} paused={c.paused} /> },
          { title: t('cs.clock.due'), key: 'due', render: (_, c) => formatTime(c.dueAt, lang) },
        ]}
      />}
    </Card>
  );
}

/** Finds a registered applicant by ID number or credit code; a walk-in without an account is filed by hand. */
function Lookup() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ identifier: string }>();
  const server = useServerErrors(form, ['identifier']);
  const [found, setFound] = useState<{ user: User; identifier: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const lookup = async ({ identifier }: { identifier: string }) => {
    setBusy(true);
    server.clear();
    setFound(null);
    try {
      const user = await api.get<User>('/api/v1/applicants/lookup', { query: { identifier: identifier.trim().toUpperCase() } });
      setFound({ user, identifier: identifier.trim().toUpperCase() });
    } catch (err) {
      server.fail(err);
    } finally {
      setBusy(false);
    }
  };
  const fileFor = (identifier: string, kind?: string, name?: string) => {
    const q = new URLSearchParams({ identifier, ...(kind ? { kind } : {}), ...(name ? { name } : {}) });
    navigate(`/window/file?${q.toString()}`);
  };
  const typed = Form.useWatch('identifier', form) ?? '';
  return (
    <Card title={<h2 className="tb-card-title">{t('cs.win.lookup')}</h2>} style={{ marginBottom: 16 }}>
      {server.alert}
      <Form form={form} layout="inline" name="lookup" onFinish={(v) => void lookup(v)} onValuesChange={server.onValuesChange}>
        <Form.Item name="identifier" label={t('cs.win.identifier')} rules={[{ required: true, message: t('common.required', { field: t('cs.win.identifier') }) }]}>
          <Input style={{ width: 260 }} autoComplete="off" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>{t('common.search')}</Button>
        </Form.Item>
      </Form>
      {found && (
        <div style={{ marginTop: 12 }} data-testid="lookup-result">
          <p>
            {t('cs.win.found', { name: found.user.displayName, kind: t(found.user.kind === 'enterprise' ? 'role.applicant_enterprise' : 'role.applicant_person') })}
            {' '}{found.user.idNumberMasked ?? found.user.creditCode ?? ''}
          </p>
          <Button type="primary" onClick={() => fileFor(found.identifier, found.user.kind, found.user.displayName)}>{t('cs.win.fileFor')}</Button>
        </div>
      )}
      {server.error?.code === 'USER_NOT_FOUND' && typed && (
        <p style={{ marginTop: 12 }}>
          {t('cs.win.notRegistered')} <Button onClick={() => fileFor(typed.trim().toUpperCase())}>{t('cs.win.fileWalkIn')}</Button>
        </p>
      )}
    </Card>
  );
}

function WindowHome() {
  return (
    <Workspace title="window.title">
      <Lookup />
      <HallCases />
    </Workspace>
  );
}

function WindowBundle() {
  const { id = '' } = useParams();
  return <BundleView id={id} caseLink={(caseId) => `/window/cases/${caseId}`} back="/window" backLabel="cs.win.back" />;
}

function WindowCase() {
  const { id = '' } = useParams();
  return <StaffCase id={id} backTo="/window" backLabel="cs.win.back" bundleLink={(b) => `/window/bundles/${b}`} />;
}

/** 综合窗口: find the applicant, file for them, 预审 and 受理 with printable notices, hand out results. */
export default function WindowDesk() {
  return (
    <Routes>
      <Route index element={<WindowHome />} />
      <Route path="file" element={<WindowFile />} />
      <Route path="cases/:id" element={<WindowCase />} />
      <Route path="bundles/:id" element={<WindowBundle />} />
      <Route path="*" element={<WindowHome />} />
    </Routes>
  );
}

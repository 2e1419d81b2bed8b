import { App as AntApp, Alert, Button, Card, Input, InputNumber, Modal, Segmented, Space, Table, Tabs, Tag } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorMessage, urlWithQuery, useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { useSession } from '../session.js';
import { ReportHistory } from '../ledger/ReportHistory.js';
import type { LedgerDispatch, LedgerEvaluation, LedgerOrder, LedgerTask } from '../types.js';

const LedgerImport = lazy(() => import('../admin/ledger/LedgerTab.js'));
const LedgerUnits = lazy(() => import('./ledgerUnits.js'));

const STATUSES = ['未启动', '推进中', '已完成', '逾期', '长期推进'] as const;
const STATUS_LABEL: Record<string, MessageKey> = { 未启动: 'ledger.st.notStarted', 推进中: 'ledger.st.inProgress', 已完成: 'ledger.st.done', 逾期: 'ledger.st.overdue', 长期推进: 'ledger.st.ongoing' };
const STATUS_CLASS: Record<string, string> = { 已完成: 'tb-tag-ok', 逾期: 'tb-tag-bad', 推进中: 'tb-tag-warn' };
const ORDER_LABEL: Record<string, MessageKey> = { open: 'ledger.order.open', answered: 'ledger.order.answered', closed: 'ledger.order.closed' };

const now = new Date();
const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
const thisQuarter = `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;

function Exports({ kind, query }: { kind: 'tasks' | 'dispatch' | 'orders' | 'evaluation'; query: Record<string, string | number | undefined> }) {
  const { t } = useI18n();
  return (
    <Space>
      {(['xlsx', 'docx'] as const).map((format) => (
        <a key={format} className="ant-btn" href={urlWithQuery('/api/v1/ledger/export', { kind, format, ...query })} download>
          {t(format === 'xlsx' ? 'ledger.exportXlsx' : 'ledger.exportDocx')}
        </a>
      ))}
    </Space>
  );
}

const Status = ({ status }: { status: string }) => {
  const { t } = useI18n();
  return <Tag className={STATUS_CLASS[status]}>{t(STATUS_LABEL[status] ?? 'ledger.st.notStarted')}</Tag>;
};
const units = (list: LedgerTask['leadUnits']) => list.map((u) => u.name).join('、');

/** A task's reports as the units filed them, shown under its row. */
function TaskHistory({ task }: { task: LedgerTask }) {
  const { t } = useI18n();
  const detail = useLoad((signal) => api.get<LedgerTask & { history: Parameters<typeof ReportHistory>[0]['history'] }>(`/api/v1/ledger/tasks/${task.id}`, { signal }), [task.id]);
  if (detail.error) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageLoading />;
  return (
    <section aria-label={t('lh.history', { n: detail.data.history.length })} data-testid="task-history">
      <h3 className="tb-card-title">{t('lh.history', { n: detail.data.history.length })}</h3>
      <ReportHistory task={detail.data} history={detail.data.history} />
    </section>
  );
}

function TaskTable({ tasks, loading }: { tasks: LedgerTask[]; loading?: boolean }) {
  const { t } = useI18n();
  return (
    <Table<LedgerTask>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={tasks}
      scroll={{ x: 900 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
      expandable={{ expandedRowRender: (r) => <TaskHistory task={r} />, rowExpandable: (r) => r.reports > 0 }}
      columns={[
        { title: t('ledger.no'), dataIndex: 'no', width: 70 },
        { title: t('ledger.text'), dataIndex: 'text', render: (v: string) => <span className="tb-clamp">{v}</span> },
        { title: t('ledger.leadUnits'), key: 'lead', render: (_, r) => units(r.leadUnits) || units(r.responsibleUnits) },
        { title: t('ledger.dueOn'), key: 'due', render: (_, r) => r.dueOn ?? (r.ongoing ? t('ledger.st.ongoing') : t('common.none')) },
        { title: t('ledger.status'), dataIndex: 'status', render: (s: string) => <Status status={s} /> },
        { title: t('ledger.reports'), dataIndex: 'reports' },
      ]}
    />
  );
}

function TasksTab() {
  const { t } = useI18n();
  const [status, setStatus] = useState<string>('all');
  const tasks = useLoad((signal) => api.get<LedgerTask[]>('/api/v1/ledger/tasks', { signal, query: { status: status === 'all' ? undefined : status } }), [status]);
  return (
    <>
      <div className="tb-toolbar">
        <span id="ledger-status-filter">{t('ledger.status')}</span>
        <Segmented aria-labelledby="ledger-status-filter" value={status} onChange={(v) => setStatus(String(v))} options={[{ value: 'all', label: t('common.all') }, ...STATUSES.map((s) => ({ value: s, label: t(STATUS_LABEL[s]!) }))]} />
        <Exports kind="tasks" query={{}} />
      </div>
      {tasks.error ? <ErrorState error={tasks.error} onRetry={tasks.reload} /> : <TaskTable tasks={tasks.data ?? []} loading={tasks.loading} />}
    </>
  );
}

function DispatchTab() {
  const { t } = useI18n();
  const [month, setMonth] = useState(thisMonth);
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const data = useLoad((signal) => (valid ? api.get<LedgerDispatch>('/api/v1/ledger/dispatch', { signal, query: { month } }) : Promise.resolve(undefined)), [month]);
  return (
    <>
      <div className="tb-toolbar">
        <label htmlFor="dispatch-month">{t('ledger.month')}</label>
        <Input id="dispatch-month" type="month" style={{ width: 180 }} value={month} onChange={(e) => setMonth(e.target.value)} />
        {valid && <Exports kind="dispatch" query={{ month }} />}
      </div>
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : data.data && (
        <div data-testid="dispatch">
          <h3 className="tb-card-title">{t('ledger.dispatch.missing', { n: data.data.missing.length })}</h3>
          <Table
            size="small"
            rowKey={(r) => `${r.taskId}-${r.unitId}`}
            dataSource={data.data.missing}
            scroll={{ x: true }}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t('ledger.no'), dataIndex: 'no' },
              { title: t('ledger.unit'), dataIndex: 'unitName' },
              { title: t('ledger.period'), dataIndex: 'period' },
              { title: t('ledger.text'), dataIndex: 'text', render: (v: string) => <span className="tb-clamp">{v}</span> },
            ]}
          />
          <h3 className="tb-card-title" style={{ marginTop: 16 }}>{t('ledger.dispatch.due', { n: data.data.dueThisMonth.length })}</h3>
          <TaskTable tasks={data.data.dueThisMonth} />
          <h3 className="tb-card-title" style={{ marginTop: 16 }}>{t('ledger.dispatch.overdue', { n: data.data.overdue.length })}</h3>
          <TaskTable tasks={data.data.overdue} />
        </div>
      )}
    </>
  );
}

function OrdersTab() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [quarter, setQuarter] = useState(thisQuarter);
  const [status, setStatus] = useState<string>('all');
  const [busy, setBusy] = useState(false);
  const [answering, setAnswering] = useState<LedgerOrder | null>(null);
  const [answer, setAnswer] = useState('');
  const valid = /^\d{4}-Q[1-4]$/.test(quarter);
  const orders = useLoad((signal) => (valid ? api.get<LedgerOrder[]>('/api/v1/ledger/orders', { signal, query: { quarter, status: status === 'all' ? undefined : status } }) : Promise.resolve([])), [quarter, status]);
  const act = async (fn: () => Promise<unknown>, done: MessageKey) => {
    setBusy(true);
    try {
      await fn();
      void message.success(t(done));
      orders.reload();
      return true;
    } catch (err) {
      void message.error(errorMessage(err, lang));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <div className="tb-toolbar">
        <label htmlFor="orders-quarter">{t('ledger.quarter')}</label>
        <Input id="orders-quarter" style={{ width: 120 }} value={quarter} onChange={(e) => setQuarter(e.target.value.toUpperCase())} placeholder="2026-Q4" />
        <span id="orders-status">{t('ledger.status')}</span>
        <Segmented aria-labelledby="orders-status" value={status} onChange={(v) => setStatus(String(v))} options={[{ value: 'all', label: t('common.all') }, ...Object.entries(ORDER_LABEL).map(([v, k]) => ({ value: v, label: t(k) }))]} />
        <Button type="primary" disabled={!valid} loading={busy} onClick={() => act(() => api.post('/api/v1/ledger/supervision', { quarter }), 'ledger.order.raised')}>{t('ledger.order.raise', { q: quarter })}</Button>
        {valid && <Exports kind="orders" query={{ quarter }} />}
      </div>
      {orders.error ? <ErrorState error={orders.error} onRetry={orders.reload} /> : (
        <Table<LedgerOrder>
          data-testid="orders"
          rowKey="id"
          size="small"
          loading={orders.loading}
          dataSource={orders.data ?? []}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
          columns={[
            { title: t('ledger.no'), dataIndex: 'taskNo' },
            { title: t('ledger.unit'), dataIndex: 'unitName' },
            { title: t('ledger.order.reason'), dataIndex: 'reason', render: (r: string) => t(r === 'overdue' ? 'ledger.st.overdue' : 'ledger.order.atRisk') },
            { title: t('ledger.order.dueOn'), dataIndex: 'dueOn' },
            { title: t('ledger.status'), key: 'st', render: (_, o) => <>{<Tag>{t(ORDER_LABEL[o.status]!)}</Tag>}{o.late && <Tag className="tb-tag-bad">{t('ledger.order.late')}</Tag>}</> },
            { title: t('ledger.order.answer'), dataIndex: 'answer', render: (a: string | null, o) => (a ? <span className="tb-clamp">{a}({o.answeredOn})</span> : t('common.none')) },
            {
              title: t('common.actions'),
              key: 'act',
              render: (_, o) => (
                <Space wrap>
                  {o.status === 'open' && <Button size="small" onClick={() => { setAnswering(o); setAnswer(''); }}>{t('ledger.order.record')}</Button>}
                  {o.status === 'answered' && (
                    <>
                      <Button size="small" onClick={() => act(() => api.post(`/api/v1/ledger/orders/${o.id}/close`, { accepted: true }), 'ledger.order.accepted')}>{t('ledger.order.accept')}</Button>
                      <Button size="small" danger onClick={() => act(() => api.post(`/api/v1/ledger/orders/${o.id}/close`, { accepted: false }), 'ledger.order.returned')}>{t('ledger.order.return')}</Button>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={!!answering}
        title={t('ledger.order.recordTitle', { no: answering?.taskNo ?? '', unit: answering?.unitName ?? '' })}
        onCancel={() => setAnswering(null)}
        okButtonProps={{ disabled: !answer.trim() }}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={async () => {
          if (answering && (await act(() => api.post(`/api/v1/ledger/orders/${answering.id}/answer`, { answer: answer.trim() }), 'common.saved'))) setAnswering(null);
        }}
      >
        <label htmlFor="order-answer">{t('ledger.order.answer')}</label>
        <Input.TextArea id="order-answer" rows={4} value={answer} onChange={(e) => setAnswer(e.target.value)} />
      </Modal>
    </>
  );
}

function EvaluationTab() {
  const { t, lang } = useI18n();
  const [year, setYear] = useState(now.getFullYear());
  const [result, setResult] = useState<LedgerEvaluation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.post<LedgerEvaluation>('/api/v1/ledger/evaluations', { year }));
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
  return (
    <>
      <div className="tb-toolbar">
        <label htmlFor="eval-year">{t('calendar.year')}</label>
        <InputNumber id="eval-year" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        <Button type="primary" onClick={run} loading={busy}>{t('ledger.eval.run')}</Button>
        <Exports kind="evaluation" query={{ year }} />
      </div>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      {result && (
        <Table
          data-testid="evaluation"
          size="small"
          rowKey="unitId"
          dataSource={result.units}
          scroll={{ x: 900 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('ledger.eval.rank'), dataIndex: 'rank' },
            { title: t('ledger.unit'), dataIndex: 'unitName' },
            { title: t('ledger.eval.score'), dataIndex: 'score', render: (v: number) => v.toFixed(1) },
            { title: t('ledger.eval.onTime'), dataIndex: 'onTimeRate', render: pct },
            { title: t('ledger.eval.reporting'), dataIndex: 'reportingRate', render: pct },
            { title: t('ledger.eval.targets'), dataIndex: 'targetsRate', render: pct },
          ]}
        />
      )}
    </>
  );
}

function ImportTab() {
  return (
    <Suspense fallback={<PageLoading />}>
      <LedgerImport base="/supervise/ledger/import" />
    </Suspense>
  );
}

function UnitsTab() {
  return (
    <Suspense fallback={<PageLoading />}>
      <LedgerUnits />
    </Suspense>
  );
}

const TABS: { key: string; label: MessageKey; Panel: React.ComponentType }[] = [
  { key: 'tasks', label: 'ledger.tab.tasks', Panel: TasksTab },
  { key: 'dispatch', label: 'ledger.tab.dispatch', Panel: DispatchTab },
  { key: 'orders', label: 'ledger.tab.orders', Panel: OrdersTab },
  { key: 'evaluation', label: 'ledger.tab.evaluation', Panel: EvaluationTab },
  { key: 'import', label: 'ledger.tab.import', Panel: ImportTab },
  { key: 'units', label: 'ledger.tab.units', Panel: UnitsTab },
];

/** /supervise/ledger/<tab>: the reform task ledger — tasks, 月调度, 季督办, 年评价. */
export default function LedgerDesk() {
  const { t } = useI18n();
  const { hasRole } = useSession();
  const navigate = useNavigate();
  const tab = useParams()['*']?.split('/')[0] || 'tasks';
  const active = TABS.some((x) => x.key === tab) ? tab : 'tasks';
  return (
    <>
      <h1 className="tb-page-title">{t('ledger.title')}</h1>
      <p className="tb-toolbar">
        <Link to="/supervise">{t('ledger.backToSupervise')}</Link>
        {hasRole('admin') && <Link to="/admin/ledger/import">{t('ledger.importLink')}</Link>}
      </p>
      <Card>
        <Tabs
          activeKey={active}
          onChange={(key) => navigate(`/supervise/ledger/${key}`)}
          destroyOnHidden
          items={TABS.map(({ key, label, Panel }) => ({ key, label: t(label), children: <Panel /> }))}
        />
      </Card>
    </>
  );
}

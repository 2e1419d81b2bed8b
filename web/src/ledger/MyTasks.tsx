import { App as AntApp, Alert, Button, Card, Checkbox, Descriptions, Empty, Input, InputNumber, List, Modal, Segmented, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router';
import type { Static } from 'typebox';
import type { MyLedgerView, TaskDetailView } from '../../../src/modules/ledger/contract.js';
import { api, asApiError, errorMessage, useLoad, type ApiError } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { useSession } from '../session.js';
import { ReportHistory } from './ReportHistory.js';

type MyLedger = Static<typeof MyLedgerView>;
type MyTask = MyLedger['tasks'][number];
type Order = MyLedger['orders'][number];
type TaskDetail = Static<typeof TaskDetailView>;

const STATUS_LABEL: Record<string, MessageKey> = { 未启动: 'ledger.st.notStarted', 推进中: 'ledger.st.inProgress', 已完成: 'ledger.st.done', 逾期: 'ledger.st.overdue', 长期推进: 'ledger.st.ongoing' };
const STATUS_CLASS: Record<string, string> = { 已完成: 'tb-tag-ok', 逾期: 'tb-tag-bad', 推进中: 'tb-tag-warn' };
const CADENCE_LABEL: Record<MyTask['cadence'], MessageKey> = { monthly: 'ledger.cadence.monthly', quarterly: 'ledger.cadence.quarterly', yearly: 'lu.cadence.yearly' };
const ORDER_LABEL: Record<string, MessageKey> = { open: 'ledger.order.open', answered: 'ledger.order.answered', closed: 'ledger.order.closed' };

const loadMine = (signal: AbortSignal) => api.get<MyLedger>('/api/v1/ledger/my', { signal });

function Status({ status }: { status: string }) {
  const { t } = useI18n();
  return <Tag className={STATUS_CLASS[status]}>{t(STATUS_LABEL[status] ?? 'ledger.st.notStarted')}</Tag>;
}

/** What this period asks of the caller's units: a report owed (with its last on-time day), or filed. */
function ReportState({ task }: { task: MyTask }) {
  const { t } = useI18n();
  if (!task.myUnits.some((u) => u.reporter)) return <span>{t('lu.notReporter')}</span>;
  if (task.owed.length === 0 && !task.currentFiled) return <span>{t('lu.nothingDue')}</span>;
  // Early in a period the previous one may still be owed while the current one is already filed: show both.
  return (
    <Space size={4} wrap>
      {task.owed.map((o) => (
        <Tag key={`${o.unitId}-${o.period}`} className="tb-tag-warn">
          {t('lu.owed', { period: o.period, dueBy: o.dueBy })}{task.myUnits.length > 1 ? ` · ${o.unitName}` : ''}
        </Tag>
      ))}
      {task.currentFiled && <Tag className="tb-tag-ok">{t('lu.filed', { period: task.currentPeriod })}</Tag>}
    </Space>
  );
}

function Roles({ task }: { task: MyTask }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap>
      {task.myUnits.map((u) => <Tag key={u.unitId}>{t(u.role === 'lead' ? 'lu.role.lead' : 'lu.role.responsible')} · {u.name}</Tag>)}
    </Space>
  );
}

function Due({ task }: { task: Pick<MyTask, 'dueOn' | 'ongoing'> }) {
  const { t } = useI18n();
  return <>{task.dueOn ?? (task.ongoing ? t('ledger.st.ongoing') : t('common.none'))}</>;
}

/** The 督办单 sent to the caller's units; an approver of the unit answers the open ones. */
function Orders({ orders, onChanged }: { orders: Order[]; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const { hasRole } = useSession();
  const { message } = AntApp.useApp();
  const [answering, setAnswering] = useState<Order | null>(null);
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!answering) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/v1/ledger/orders/${answering.id}/answer`, { answer: answer.trim() });
      void message.success(t('lu.order.sent'));
      setAnswering(null);
      onChanged();
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 className="tb-card-title">{t('lu.orders')}</h2>} style={{ marginBottom: 16 }} data-testid="my-orders">
      {orders.length === 0 ? <p style={{ margin: 0 }}>{t('lu.noOrders')}</p> : (
        <List
          dataSource={orders}
          renderItem={(o) => (
            <List.Item key={o.id} data-testid="my-order" style={{ display: 'block' }}>
              <p style={{ margin: 0 }}>
                <strong>{t('lu.task', { no: o.taskNo })}</strong>{' '}
                <Tag>{t(ORDER_LABEL[o.status]!)}</Tag>
                {o.late && <Tag className="tb-tag-bad">{t('ledger.order.late')}</Tag>}
                <Tag className={o.reason === 'overdue' ? 'tb-tag-bad' : 'tb-tag-warn'}>{t(o.reason === 'overdue' ? 'ledger.st.overdue' : 'ledger.order.atRisk')}</Tag>
              </p>
              <p className="tb-clamp" style={{ margin: '4px 0' }}>{o.taskText}</p>
              <p style={{ margin: 0 }}>{o.unitName} · {t('lu.order.issued')} {o.issuedOn} · {t('ledger.order.dueOn')} {o.dueOn}</p>
              {o.answer && <p style={{ margin: '4px 0 0' }}>{t('ledger.order.answer')}:{o.answer}({o.answeredOn})</p>}
              {o.status === 'open' && (hasRole('approver')
                ? <Button size="small" type="primary" style={{ marginTop: 8 }} onClick={() => { setAnswering(o); setAnswer(''); setError(null); }}>{t('lu.order.answerNow')}</Button>
                : <p style={{ margin: '4px 0 0' }}>{t('lu.order.approverOnly')}</p>)}
            </List.Item>
          )}
        />
      )}
      <Modal
        open={!!answering}
        title={t('lu.order.answerTitle', { no: answering?.taskNo ?? '' })}
        onCancel={() => setAnswering(null)}
        okButtonProps={{ disabled: !answer.trim() }}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={submit}
      >
        <p id="my-order-help">{t('lu.order.answerHelp')}</p>
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
        <label htmlFor="my-order-answer">{t('ledger.order.answer')}</label>
        <Input.TextArea id="my-order-answer" aria-describedby="my-order-help" rows={4} value={answer} onChange={(e) => setAnswer(e.target.value)} />
      </Modal>
    </Card>
  );
}

/** 我的任务: the tasks of the caller's units, what is owed this period, and their 督办单. */
function MyList() {
  const { t } = useI18n();
  const mine = useLoad(loadMine, []);
  const [filter, setFilter] = useState<'all' | 'owed'>('all');
  if (mine.error) return <ErrorState error={mine.error} onRetry={mine.reload} />;
  if (!mine.data) return <PageLoading />;
  const d = mine.data;
  const owedCount = d.tasks.filter((x) => x.owed.length > 0).length;
  const tasks = filter === 'owed' ? d.tasks.filter((x) => x.owed.length > 0) : d.tasks;
  return (
    <>
      <p>{t('lu.intro')}</p>
      {d.units.length === 0 ? (
        <Alert type="info" showIcon title={t('lu.noUnits')} />
      ) : (
        <>
          <p>
            {t('lu.units')}:{d.units.map((u) => <Tag key={u.id}>{u.name}</Tag>)}
          </p>
          <p data-testid="my-summary" role="status">{t('lu.summary', { n: d.tasks.length, owed: owedCount, orders: d.orders.filter((o) => o.status === 'open').length })}</p>
          <Orders orders={d.orders} onChanged={mine.reload} />
          <Card title={<h2 className="tb-card-title">{t('nav.ledgerMy')}</h2>}>
            <div className="tb-toolbar">
              <Segmented aria-label={t('nav.ledgerMy')} value={filter} onChange={(v) => setFilter(v as 'all' | 'owed')} options={[{ value: 'all', label: t('lu.filter.all') }, { value: 'owed', label: t('lu.filter.owed') }]} />
            </div>
            <List
              dataSource={tasks}
              locale={{ emptyText: <Empty description={t('common.none')} /> }}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              renderItem={(task) => (
                <List.Item key={task.id} style={{ display: 'block' }} data-testid="my-task">
                  <h3 className="tb-card-title" style={{ marginBottom: 4 }}>
                    <Link to={`/ledger/my/tasks/${task.id}`}>{t('lu.task', { no: task.no })}</Link> <Status status={task.status} />
                  </h3>
                  <p className="tb-clamp" style={{ margin: '0 0 8px' }}>{task.text}</p>
                  <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
                    <Descriptions.Item label={t('lu.myRole')}><Roles task={task} /></Descriptions.Item>
                    <Descriptions.Item label={t('ledger.dueOn')}><Due task={task} /></Descriptions.Item>
                    <Descriptions.Item label={t('lu.cadence')}>{t(CADENCE_LABEL[task.cadence])}</Descriptions.Item>
                    <Descriptions.Item label={t('lu.report')}><ReportState task={task} /></Descriptions.Item>
                  </Descriptions>
                </List.Item>
              )}
            />
          </Card>
        </>
      )}
    </>
  );
}

interface ReportForm {
  unitId: string;
  period: string;
  text: string;
  figures: Record<string, number | null>;
  attachmentName: string;
  attachmentUrl: string;
  completed: boolean;
}

/** The report a unit member files: text, the figures against the task's targets, a link to a document. */
function FileReport({ task, history, onFiled }: { task: MyTask; history: TaskDetail['history']; onFiled: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const reporters = task.myUnits.filter((u) => u.reporter);
  const periods = [...new Set([...task.owed.map((o) => o.period), task.currentPeriod])].sort();
  const initial = (): ReportForm => ({
    unitId: task.owed[0]?.unitId ?? reporters[0]?.unitId ?? '',
    period: task.owed[0]?.period ?? task.currentPeriod,
    text: '', figures: {}, attachmentName: '', attachmentUrl: '', completed: false,
  });
  const [form, setForm] = useState<ReportForm>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => setForm(initial()), [task.id]);
  if (reporters.length === 0 || task.status === '已完成') return null;
  // As the server rules: the lead unit's report closes the task; with no lead named, any owner's does.
  const canClose = task.leadUnits.length ? task.leadUnits.some((u) => u.unitId === form.unitId) : true;
  const replaces = history.some((h) => h.unitId === form.unitId && h.period === form.period);
  const submit = async () => {
    setError(null);
    setLocal(null);
    if (!form.text.trim()) return setLocal(t('lu.needText'));
    const name = form.attachmentName.trim();
    const url = form.attachmentUrl.trim();
    if (!!name !== !!url) return setLocal(t('lu.needBoth'));
    setBusy(true);
    try {
      await api.post(`/api/v1/ledger/tasks/${task.id}/reports`, {
        unitId: form.unitId,
        period: form.period,
        text: form.text.trim(),
        figures: Object.entries(form.figures).filter(([, v]) => v !== null && v !== undefined).map(([targetId, value]) => ({ targetId, value })),
        attachments: name ? [{ name, url }] : [],
        completed: canClose && form.completed,
      });
      void message.success(t('lu.submitted', { period: form.period }));
      setForm(initial());
      onFiled();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const set = (patch: Partial<ReportForm>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <Card title={<h2 className="tb-card-title">{t('lu.fileTitle')}</h2>} style={{ marginBottom: 16 }} data-testid="my-report-form">
      <div className="tb-ledger-field">
        <label htmlFor="report-unit">{t('lu.unit')}</label>
        <Select id="report-unit" style={{ width: '100%' }} value={form.unitId} onChange={(unitId) => set({ unitId })} options={reporters.map((u) => ({ value: u.unitId, label: u.name }))} />
      </div>
      <div className="tb-ledger-field">
        <label htmlFor="report-period">{t('lu.period')}</label>
        <Select id="report-period" style={{ width: '100%' }} value={form.period} onChange={(period) => set({ period })} options={periods.map((p) => ({ value: p, label: p }))} />
        {replaces && <p role="status" style={{ margin: '4px 0 0' }}>{t('lu.replaces')}</p>}
      </div>
      <div className="tb-ledger-field">
        <label htmlFor="report-text">{t('lu.text')}</label>
        <p id="report-text-help" style={{ margin: '0 0 4px' }}>{t('lu.textHelp')}</p>
        <Input.TextArea id="report-text" aria-describedby="report-text-help" aria-required rows={4} value={form.text} onChange={(e) => set({ text: e.target.value })} />
      </div>
      {task.targets.map((g) => (
        <div className="tb-ledger-field" key={g.id}>
          <label htmlFor={`report-figure-${g.id}`}>{t('lu.figure', { metric: g.metric, target: g.raw })}</label>
          <InputNumber
            id={`report-figure-${g.id}`}
            style={{ width: '100%', maxWidth: 240 }}
            value={form.figures[g.id] ?? null}
            onChange={(v) => set({ figures: { ...form.figures, [g.id]: v } })}
            suffix={g.unit}
          />
        </div>
      ))}
      <fieldset className="tb-ledger-field" style={{ border: 0, padding: 0, margin: '0 0 12px' }}>
        <legend style={{ fontSize: 'inherit', marginBottom: 4 }}>{t('lu.attachment')}</legend>
        <p id="report-attachment-help" style={{ margin: '0 0 4px' }}>{t('lu.attachmentHelp')}</p>
        <Space wrap style={{ width: '100%' }}>
          <Input aria-label={t('lu.attachmentName')} aria-describedby="report-attachment-help" placeholder={t('lu.attachmentName')} value={form.attachmentName} onChange={(e) => set({ attachmentName: e.target.value })} />
          <Input aria-label={t('lu.attachmentUrl')} type="url" placeholder="https://" value={form.attachmentUrl} onChange={(e) => set({ attachmentUrl: e.target.value })} />
        </Space>
      </fieldset>
      {canClose && (
        <p><Checkbox checked={form.completed} onChange={(e) => set({ completed: e.target.checked })}>{t('lu.completed')}</Checkbox></p>
      )}
      {(local || error) && <Alert type="error" showIcon role="alert" title={local ?? error!.text(lang)} style={{ marginBottom: 12 }} />}
      <Button type="primary" onClick={submit} loading={busy}>{t('lu.submit')}</Button>
    </Card>
  );
}

function MyTaskPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const mine = useLoad(loadMine, []);
  const detail = useLoad((signal) => api.get<TaskDetail>(`/api/v1/ledger/tasks/${id}`, { signal }), [id]);
  const reload = () => { mine.reload(); detail.reload(); };
  const error = mine.error ?? detail.error;
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!mine.data || !detail.data) return <PageLoading />;
  const task = mine.data.tasks.find((x) => x.id === id);
  const d = detail.data;
  return (
    <>
      <p><Link to="/ledger/my">{t('lu.back')}</Link></p>
      <Card title={<h2 className="tb-card-title">{t('lu.task', { no: d.no })} <Status status={d.status} /></h2>} style={{ marginBottom: 16 }}>
        <p style={{ whiteSpace: 'pre-wrap' }}>{d.text}</p>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('lu.document')}>{d.documentTitle ?? t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.leadUnits')}>{d.leadUnits.map((u) => u.name).join('、') || t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.responsibleUnits')}>{d.responsibleUnits.map((u) => u.name).join('、') || t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.dueOn')}><Due task={d} /></Descriptions.Item>
          <Descriptions.Item label={t('lu.cadence')}>{t(CADENCE_LABEL[d.cadence])}</Descriptions.Item>
          {task && <Descriptions.Item label={t('lu.report')}><ReportState task={task} /></Descriptions.Item>}
          <Descriptions.Item label={t('ledger.targets')}>
            {d.targets.length === 0 ? t('common.none') : d.targets.map((g) => (
              <Tag key={g.id} className={g.met === true ? 'tb-tag-ok' : g.met === false ? 'tb-tag-bad' : undefined}>{g.raw}{g.latest !== null ? ` → ${g.latest}${g.unit}` : ''}</Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {task && <FileReport task={task} history={d.history} onFiled={reload} />}
      <Card title={<h2 className="tb-card-title">{t('lu.history')}</h2>}>
        <ReportHistory task={d} history={d.history} />
      </Card>
    </>
  );
}

/** /ledger/my: the reform-task ledger as the staff of a responsible unit use it. */
export default function MyTasks() {
  const { t } = useI18n();
  return (
    <>
      <h1 className="tb-page-title">{t('lu.title')}</h1>
      <Routes>
        <Route path="my/tasks/:id" element={<MyTaskPage />} />
        <Route path="*" element={<MyList />} />
      </Routes>
    </>
  );
}

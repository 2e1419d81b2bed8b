import { UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Card, Descriptions, Input, List, Result, Select, Space, Tag, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, asApiError, errorMessage, useLoad } from '../../api.js';
import { ErrorState, PageLoading } from '../../components/status.js';
import { useI18n } from '../../i18n.js';
import type { LedgerConfirm, LedgerDraft, LedgerDraftTask } from '../../types.js';
import { UnknownUnits } from './UnknownUnits.js';

type EditableTask = Pick<LedgerDraftTask, 'no' | 'section' | 'text' | 'leadUnits' | 'responsibleUnits' | 'deadlines' | 'targets' | 'lines' | 'measure' | 'group'>;

const toInput = (t: LedgerDraftTask): EditableTask => ({
  no: t.no, section: t.section, text: t.text, leadUnits: t.leadUnits, responsibleUnits: t.responsibleUnits,
  deadlines: t.deadlines, targets: t.targets, lines: t.lines, measure: t.measure, group: t.group,
});

async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A unit list as tags; a unit the registry does not know is marked in words, not only in colour. */
function UnitsField({ id, label, value, onChange, unknown, resolved }: { id: string; label: string; value: string[]; onChange: (v: string[]) => void; unknown: Set<string>; resolved: Map<string, string> }) {
  const { t } = useI18n();
  return (
    <div className="tb-ledger-field">
      <label htmlFor={id}>{label}</label>
      <Select
        id={id}
        mode="tags"
        style={{ width: '100%' }}
        value={value}
        onChange={onChange}
        open={false}
        suffixIcon={null}
        tagRender={({ value: v, closable, onClose }) => {
          const name = String(v);
          const isUnknown = unknown.has(name);
          return (
            <Tag className={isUnknown ? 'tb-tag-warn' : undefined} closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }} data-unknown={isUnknown || undefined}>
              {name}{isUnknown ? `(${t('ledger.unknownUnit')})` : ''}{!isUnknown && resolved.has(name) && resolved.get(name) !== name ? ` → ${resolved.get(name)}` : ''}
            </Tag>
          );
        }}
      />
    </div>
  );
}

function TaskCard({ task, index, source, unknown, resolved, onChange }: { task: EditableTask; index: number; source: string[]; unknown: Set<string>; resolved: Map<string, string>; onChange: (t: EditableTask) => void }) {
  const { t } = useI18n();
  const [from, to] = task.lines;
  const flagged = [...task.leadUnits, ...task.responsibleUnits].some((u) => unknown.has(u));
  return (
    <Card
      size="small"
      className="tb-ledger-task"
      data-testid="ledger-task"
      title={<h3 className="tb-card-title">{t('ledger.taskN', { no: task.no, section: task.section })}{flagged && <Tag className="tb-tag-warn" style={{ marginInlineStart: 8 }}>{t('ledger.hasUnknown')}</Tag>}</h3>}
    >
      <div className="tb-ledger-pair">
        <figure className="tb-ledger-source" aria-label={t('ledger.sourceLines', { from, to })}>
          <figcaption>{t('ledger.sourceLines', { from, to })}</figcaption>
          <ol start={from}>{source.slice(from - 1, to).map((l, i) => <li key={i}>{l}</li>)}</ol>
        </figure>
        <div>
          <div className="tb-ledger-field">
            <label htmlFor={`task-${index}-text`}>{t('ledger.text')}</label>
            <Input.TextArea id={`task-${index}-text`} autoSize={{ minRows: 2, maxRows: 8 }} value={task.text} onChange={(e) => onChange({ ...task, text: e.target.value })} />
          </div>
          <UnitsField id={`task-${index}-lead`} label={t('ledger.leadUnits')} value={task.leadUnits} unknown={unknown} resolved={resolved} onChange={(leadUnits) => onChange({ ...task, leadUnits })} />
          <UnitsField id={`task-${index}-resp`} label={t('ledger.responsibleUnits')} value={task.responsibleUnits} unknown={unknown} resolved={resolved} onChange={(responsibleUnits) => onChange({ ...task, responsibleUnits })} />
          <div className="tb-ledger-field">
            <label htmlFor={`task-${index}-deadlines`}>{t('ledger.deadlines')}</label>
            <Select id={`task-${index}-deadlines`} mode="tags" open={false} suffixIcon={null} style={{ width: '100%' }} value={task.deadlines} onChange={(deadlines) => onChange({ ...task, deadlines })} />
          </div>
          <div className="tb-ledger-field">
            <span id={`task-${index}-targets`}>{t('ledger.targets')}</span>
            <div aria-labelledby={`task-${index}-targets`} role="list">
              {task.targets.length === 0 && <span role="listitem">{t('common.none')}</span>}
              {task.targets.map((tg, i) => (
                <Tag role="listitem" key={i} closable closeIcon={<span aria-label={t('ledger.removeTarget', { raw: tg.raw })}>×</span>} onClose={() => onChange({ ...task, targets: task.targets.filter((_, j) => j !== i) })}>
                  {tg.metric} {tg.comparator} {tg.value}{tg.unit}
                </Tag>
              ))}
            </div>
          </div>
        </div>
      </div>
    </Card>
  );
}

function DraftReview({ draftId }: { draftId: string }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const loaded = useLoad((signal) => api.get<LedgerDraft>(`/api/v1/ledger/imports/${draftId}`, { signal }), [draftId]);
  // Settling an unregistered unit answers the draft anew; it replaces the loaded one without touching the edits.
  const [settled, setSettled] = useState<LedgerDraft | null>(null);
  const draft = { ...loaded, data: settled?.id === draftId ? settled : loaded.data };
  const [tasks, setTasks] = useState<EditableTask[]>([]);
  const [version, setVersion] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cadence, setCadence] = useState<'monthly' | 'quarterly'>('monthly');
  const [done, setDone] = useState<LedgerConfirm | null>(null);
  useEffect(() => {
    if (loaded.data) {
      setSettled(null);
      setTasks(loaded.data.tasks.map(toInput));
      setVersion(loaded.data.version);
      setDirty(false);
    }
  }, [loaded.data]);
  if (draft.error) return <ErrorState error={draft.error} onRetry={draft.reload} />;
  if (!draft.data) return <PageLoading />;
  const d = draft.data;
  const unknown = new Set(d.unknownUnits);
  // The registry's name for each unit as written ("区不动产中心" → its full name once settled).
  const resolved = new Map(d.tasks.flatMap((x) => [...x.leadUnitsResolved, ...x.responsibleUnitsResolved]).map((u) => [u.written, u.name]));
  if (done) {
    return (
      <Result
        status="success"
        title={<h2 className="tb-state-title">{t('ledger.confirmed', { n: done.tasks })}</h2>}
        subTitle={done.createdUnits.length ? t('ledger.createdUnits', { units: done.createdUnits.join('、') }) : undefined}
        extra={<Link to="/supervise/ledger">{t('ledger.openLedger')}</Link>}
      />
    );
  }
  const save = async (): Promise<number | null> => {
    try {
      const r = await api.put<LedgerDraft>(`/api/v1/ledger/imports/${draftId}`, { version, tasks });
      setVersion(r.version);
      setDirty(false);
      return r.version;
    } catch (err) {
      setError(errorMessage(err, lang));
      return null;
    }
  };
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  const confirm = () => run(async () => {
    const v = dirty ? await save() : version;
    if (v === null) return;
    setDone(await api.post<LedgerConfirm>(`/api/v1/ledger/imports/${draftId}/confirm`, { version: v, cadence }));
  });
  const saveOnly = () => run(async () => {
    if ((await save()) !== null) void message.success(t('common.saved'));
  });
  const discard = () => run(async () => {
    await api.post(`/api/v1/ledger/imports/${draftId}/discard`, { version });
    draft.reload();
  });
  return (
    <>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }} data-testid="ledger-draft">
        <Descriptions.Item label={t('ledger.docTitle')}>{d.document.title ?? d.document.filename}</Descriptions.Item>
        <Descriptions.Item label={t('ledger.issuer')}>{d.document.issuer ?? t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('ledger.issuedOn')}>{d.document.issuedOn ?? t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('ledger.taskCount')}><span data-testid="ledger-task-count">{tasks.length}</span></Descriptions.Item>
        <Descriptions.Item label={t('ledger.status')}>{t(`ledger.draft.${d.status}`)}</Descriptions.Item>
      </Descriptions>
      <UnknownUnits draft={d} onResolved={setSettled} />
      {d.warnings.length > 0 && (
        <details style={{ marginBottom: 12 }}>
          <summary>{t('ledger.warnings', { n: d.warnings.length })}</summary>
          <ul>{d.warnings.map((w, i) => <li key={i}>{w.line ? t('calendar.notice.lineN', { n: w.line }) : ''} {lang === 'zh' ? w.message : w.messageEn}</li>)}</ul>
        </details>
      )}
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      {d.status === 'draft' ? (
        <div className="tb-toolbar">
          <label htmlFor="ledger-cadence">{t('ledger.cadence')}</label>
          <Select id="ledger-cadence" value={cadence} onChange={setCadence} style={{ minWidth: 140 }} options={[{ value: 'monthly', label: t('ledger.cadence.monthly') }, { value: 'quarterly', label: t('ledger.cadence.quarterly') }]} />
          <Button onClick={saveOnly} disabled={!dirty} loading={busy}>{t('ledger.saveDraft')}</Button>
          <Button type="primary" onClick={confirm} loading={busy}>{t('ledger.confirm', { n: tasks.length })}</Button>
          <Button danger onClick={discard} loading={busy}>{t('ledger.discard')}</Button>
          {dirty && <span role="status">{t('catalog.unsaved')}</span>}
        </div>
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t(`ledger.draft.${d.status}`)} />
      )}
      <List
        dataSource={tasks}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        renderItem={(task, i) => (
          <List.Item key={i} style={{ display: 'block' }}>
            <TaskCard task={task} index={i} source={d.sourceLines} unknown={unknown} resolved={resolved} onChange={(next) => { setTasks(tasks.map((x, j) => (j === i ? next : x))); setDirty(true); }} />
          </List.Item>
        )}
      />
    </>
  );
}

function UploadPolicy({ base }: { base: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReturnType<typeof asApiError> | null>(null);
  const { lang } = useI18n();
  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const draft = await api.post<LedgerDraft>('/api/v1/ledger/imports', { filename: file.name, contentBase64: await fileToBase64(file) }, { timeoutMs: 60_000 });
      navigate(`${base}/${draft.id}`);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 className="tb-card-title">{t('ledger.uploadTitle')}</h2>}>
      <p>{t('ledger.uploadHelp')}</p>
      {error && <Alert type="error" showIcon role="alert" title={error.text(lang)} style={{ marginBottom: 12 }} />}
      <Space>
        <Upload accept=".txt,.docx" showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
          <Button type="primary" icon={<UploadOutlined aria-hidden />} loading={busy} data-testid="ledger-upload">{t('ledger.choose')}</Button>
        </Upload>
        <Link to="/supervise/ledger">{t('ledger.openLedger')}</Link>
      </Space>
    </Card>
  );
}

/**
 * <base>[/:draftId] (/admin/ledger/import, /supervise/ledger/import): a policy file read into tasks, reviewed beside
 * its source text, its unregistered units settled, then confirmed.
 */
export default function LedgerTab({ base = '/admin/ledger/import' }: { base?: string }) {
  const { '*': rest = '' } = useParams();
  const parts = rest.split('/');
  const at = parts.indexOf('import');
  const draftId = at >= 0 ? parts[at + 1] || undefined : undefined;
  return draftId ? <DraftReview draftId={draftId} /> : <UploadPolicy base={base} />;
}

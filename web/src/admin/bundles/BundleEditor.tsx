import { App as AntApp, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Table, Tabs } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage, useLoad } from '../../api.js';
import { ErrorState, PageLoading } from '../../components/status.js';
import { useI18n, type MessageKey } from '../../i18n.js';
import { moveItem, RowTools } from '../catalog/FormBuilder.js';
import { Field, ProblemList, ProblemsContext, problemsOf, type Problem } from '../catalog/problems.js';
import { BundleState } from './BundlesTab.js';
import { diffVersions } from '../catalog/diff.js';
import { DiffTable } from '../catalog/DiffTable.js';
import { BUNDLE_DIFF } from './diffOptions.js';
import type { AdminBundle, BundleDefinition, Condition, Question, QuestionType, Stage, StageItem, Test } from './types.js';

type Dept = { value: string; label: string };
const OPS = ['equals', 'in', 'gt', 'gte', 'lt', 'lte'] as const;
type Op = (typeof OPS)[number];
const QUESTION_TYPES: QuestionType[] = ['boolean', 'choice', 'number'];

const ELEMENT_LABEL: Record<string, MessageKey> = {
  name: 'bd.name', nameEn: 'bd.nameEn', limit: 'bd.limitDays', leadDepartmentCode: 'bd.lead', onDenial: 'bd.onDenial',
  stages: 'bd.tab.stages', questions: 'bd.tab.questions', form: 'bd.tab.form', delivery: 'bd.delivery',
};

const opOf = (test: Test): Op => OPS.find((op) => test[op] !== undefined) ?? 'equals';
const isTest = (c: Condition): c is Test => 'question' in c;

/** The value of a test in the type its question answers with. */
function parseValue(q: Question | undefined, op: Op, raw: string): Test[Op] {
  const one = (s: string): string | number => (q?.type === 'number' ? Number(s) : s);
  if (op === 'in') return raw.split(/[,,]/).map((s) => s.trim()).filter(Boolean).map(one);
  if (op !== 'equals') return Number(raw);
  if (q?.type === 'boolean') return raw === 'true';
  return one(raw);
}

/** The `when` of a stage item: always, one test on one answer, or a combined condition written as JSON. */
function WhenEditor({ path, when, questions, onChange }: { path: string; when: Condition | undefined; questions: Question[]; onChange: (w: Condition | undefined) => void }) {
  const { t, lang } = useI18n();
  const mode = !when ? 'always' : isTest(when) ? 'test' : 'json';
  const [jsonBad, setJsonBad] = useState(false);
  const first = questions[0];
  return (
    <div className="tb-grid-3">
      <Field path={path} label={t('bd.when')}>
        <Select
          value={mode}
          onChange={(m) => onChange(m === 'always' ? undefined : m === 'test' ? { question: first?.key ?? '', equals: first?.type === 'boolean' ? true : '' } : { all: [when && isTest(when) ? when : { question: first?.key ?? '', equals: true }] })}
          options={[{ value: 'always', label: t('bd.when.always') }, { value: 'test', label: t('bd.when.test') }, { value: 'json', label: t('bd.when.json') }]}
        />
      </Field>
      {when && isTest(when) && (() => {
        const q = questions.find((x) => x.key === when.question);
        const op = opOf(when);
        const value = when[op];
        const setTest = (question: string, nextOp: Op, v: Test[Op]) => onChange({ question, [nextOp]: v });
        const valueControl = op === 'equals' && q?.type === 'boolean' ? (
          <Select value={String(value)} onChange={(v) => setTest(when.question, op, v === 'true')} options={[{ value: 'true', label: t('bd.yes') }, { value: 'false', label: t('bd.no') }]} />
        ) : op === 'equals' && q?.type === 'choice' ? (
          <Select value={String(value ?? '')} onChange={(v) => setTest(when.question, op, v)} options={(q.options ?? []).map((o) => ({ value: o.value, label: o.label[lang] }))} />
        ) : (
          <Input defaultValue={Array.isArray(value) ? value.join(',') : String(value ?? '')} onBlur={(e) => setTest(when.question, op, parseValue(q, op, e.target.value))} />
        );
        return (
          <>
            <Field path={`${path}.question`} label={t('bd.when.question')}>
              <Select value={when.question} onChange={(question) => setTest(question, op, value)} options={questions.map((x) => ({ value: x.key, label: `${x.text[lang]}(${x.key})` }))} />
            </Field>
            <div className="tb-grid-2">
              <Field path={`${path}.op`} label={t('bd.when.op')}>
                <Select value={op} onChange={(o) => setTest(when.question, o, o === 'in' ? [] : o === 'equals' ? (q?.type === 'boolean' ? true : '') : 0)} options={OPS.map((o) => ({ value: o, label: t(`bd.op.${o}`) }))} />
              </Field>
              <Field path={`${path}.${op}`} label={t('bd.when.value')} extra={op === 'in' ? t('bd.when.valueHelp') : undefined}>
                {valueControl}
              </Field>
            </div>
          </>
        );
      })()}
      {when && !isTest(when) && (
        <Field path={`${path}.json`} label={t('bd.when.json')} extra={jsonBad ? t('bd.when.jsonBad') : t('bd.when.jsonHelp')}>
          <Input.TextArea
            rows={3}
            lang="en"
            defaultValue={JSON.stringify(when)}
            onBlur={(e) => {
              try {
                onChange(JSON.parse(e.target.value) as Condition);
                setJsonBad(false);
              } catch {
                setJsonBad(true);
              }
            }}
          />
        </Field>
      )}
    </div>
  );
}

function StageItemCard({ path, n, item, count, questions, onChange, onMove, onRemove }: {
  path: string; n: number; item: StageItem; count: number; questions: Question[];
  onChange: (i: StageItem) => void; onMove: (to: number) => void; onRemove: () => void;
}) {
  const { t } = useI18n();
  const set = (patch: Partial<StageItem>) => onChange({ ...item, ...patch });
  return (
    <Card size="small" type="inner" style={{ marginBottom: 8 }} data-testid={`stage-item-${item.itemCode}`}
      title={<h4 className="tb-card-title">{t('bd.item.n', { n })} · {item.itemCode} · {item.mandatory ? t('bd.item.mandatory') : t('bd.item.optional')}</h4>}
      extra={<RowTools index={n - 1} count={count} name={item.itemCode} onMove={onMove} onRemove={onRemove} />}>
      <div className="tb-grid-3">
        <Field path={`${path}.itemCode`} label={t('bd.item.code')}><Input value={item.itemCode} onChange={(e) => set({ itemCode: e.target.value.trim() })} /></Field>
        <Field path={`${path}.mandatory`} label={t('bd.item.kind')}>
          <Select value={item.mandatory ? 'mandatory' : 'optional'} onChange={(v) => set({ mandatory: v === 'mandatory' })}
            options={[{ value: 'mandatory', label: t('bd.item.mandatory') }, { value: 'optional', label: t('bd.item.optional') }]} />
        </Field>
        <Field path={`${path}.note`} label={t('bd.item.note')}><Input value={item.note ?? ''} onChange={(e) => { const { note: _, ...rest } = item; onChange(e.target.value ? { ...rest, note: e.target.value } : rest); }} /></Field>
      </div>
      <WhenEditor path={`${path}.when`} when={item.when} questions={questions}
        onChange={(when) => { const { when: _, ...rest } = item; onChange(when ? { ...rest, when } : rest); }} />
    </Card>
  );
}

function StagesTab({ def, set, departments }: { def: BundleDefinition; set: (p: Partial<BundleDefinition>) => void; departments: Dept[] }) {
  const { t } = useI18n();
  const stages = def.stages;
  const setAt = (i: number, s: Stage) => set({ stages: stages.map((x, j) => (j === i ? s : x)) });
  const newKey = () => { let n = stages.length + 1; while (stages.some((s) => s.key === `stage${n}`)) n++; return `stage${n}`; };
  return (
    <div data-testid="stages-editor">
      {stages.map((s, i) => {
        const path = `stages[${i}]`;
        const setS = (patch: Partial<Stage>) => setAt(i, { ...s, ...patch });
        return (
          <Card key={i} size="small" style={{ marginBottom: 12 }} data-testid={`stage-${s.key}`}
            title={<h3 className="tb-card-title">{t('bd.stage.n', { n: i + 1 })} · {s.name.zh}</h3>}
            extra={<RowTools index={i} count={stages.length} name={s.name.zh} onMove={(to) => set({ stages: moveItem(stages, i, to) })} onRemove={() => set({ stages: stages.filter((_, j) => j !== i) })} />}>
            <div className="tb-grid-3">
              <Field path={`${path}.key`} label={t('bd.stage.key')}><Input lang="en" value={s.key} onChange={(e) => setS({ key: e.target.value.trim() })} /></Field>
              <Field path={`${path}.name.zh`} label={t('bd.stage.nameZh')}><Input value={s.name.zh} onChange={(e) => setS({ name: { ...s.name, zh: e.target.value } })} /></Field>
              <Field path={`${path}.name.en`} label={t('bd.stage.nameEn')}><Input lang="en" value={s.name.en} onChange={(e) => setS({ name: { ...s.name, en: e.target.value } })} /></Field>
              <Field path={`${path}.leadDepartmentCode`} label={t('bd.stage.lead')}>
                <Select allowClear placeholder={t('bd.stage.leadDefault')} showSearch={{ optionFilterProp: 'label' }} value={s.leadDepartmentCode}
                  onChange={(code?: string) => { const { leadDepartmentCode: _, ...rest } = s; setAt(i, code ? { ...rest, leadDepartmentCode: code } : rest); }} options={departments} />
              </Field>
              <Field path={`${path}.limit`} label={t('bd.stage.limit')}>
                <InputNumber style={{ width: '100%' }} min={0} step={0.5} value={s.limit?.days ?? null}
                  onChange={(v) => { const { limit: _, ...rest } = s; setAt(i, v === null ? rest : { ...rest, limit: { days: v, source: s.limit?.source ?? def.limit?.source ?? { ref: '' } } }); }} />
              </Field>
            </div>
            {s.items.length > 1 && <p className="tb-result-meta">{t('bd.stage.parallel')}</p>}
            {s.items.map((it, j) => (
              <StageItemCard key={j} path={`${path}.items[${j}]`} n={j + 1} item={it} count={s.items.length} questions={def.questions}
                onChange={(next) => setS({ items: s.items.map((x, k) => (k === j ? next : x)) })}
                onMove={(to) => setS({ items: moveItem(s.items, j, to) })}
                onRemove={() => setS({ items: s.items.filter((_, k) => k !== j) })} />
            ))}
            <Button onClick={() => setS({ items: [...s.items, { itemCode: '', mandatory: true }] })}>{t('bd.item.add')}</Button>
          </Card>
        );
      })}
      <Button onClick={() => set({ stages: [...stages, { key: newKey(), name: { zh: t('bd.stage.newName'), en: 'New stage' }, items: [{ itemCode: '', mandatory: true }] }] })}>{t('bd.stage.add')}</Button>
    </div>
  );
}

const optionsText = (q: Question) => (q.options ?? []).map((o) => `${o.value}|${o.label.zh}|${o.label.en}`).join('\n');
function parseOptions(text: string): Question['options'] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [value = '', zh = value, en = zh] = l.split('|').map((p) => p.trim());
    return { value, label: { zh: zh || value, en: en || zh || value } };
  });
}

function QuestionsTab({ def, set }: { def: BundleDefinition; set: (p: Partial<BundleDefinition>) => void }) {
  const { t } = useI18n();
  const qs = def.questions;
  const setAt = (i: number, q: Question) => set({ questions: qs.map((x, j) => (j === i ? q : x)) });
  const without = <K extends keyof Question>(q: Question, ...keys: K[]) => { const c = { ...q }; for (const k of keys) delete c[k]; return c; };
  const add = () => { let n = qs.length + 1; while (qs.some((q) => q.key === `q${n}`)) n++; set({ questions: [...qs, { key: `q${n}`, type: 'boolean', text: { zh: t('bd.q.newText'), en: 'New question?' } }] }); };
  return (
    <div data-testid="questions-editor">
      {qs.map((q, i) => {
        const path = `questions[${i}]`;
        const setQ = (patch: Partial<Question>) => setAt(i, { ...q, ...patch });
        const num = (k: 'min' | 'max') => (v: number | null) => setAt(i, v === null ? without(q, k) : { ...q, [k]: v });
        return (
          <Card key={i} size="small" style={{ marginBottom: 12 }} data-testid={`question-${q.key}`}
            title={<h3 className="tb-card-title">{t('bd.q.n', { n: i + 1 })} · {q.key}</h3>}
            extra={<RowTools index={i} count={qs.length} name={q.text.zh} onMove={(to) => set({ questions: moveItem(qs, i, to) })} onRemove={() => set({ questions: qs.filter((_, j) => j !== i) })} />}>
            <div className="tb-grid-3">
              <Field path={`${path}.key`} label={t('bd.q.key')}><Input lang="en" value={q.key} onChange={(e) => setQ({ key: e.target.value.trim() })} /></Field>
              <Field path={`${path}.type`} label={t('bd.q.type')}>
                <Select value={q.type} options={QUESTION_TYPES.map((x) => ({ value: x, label: t(`bd.q.type.${x}`) }))}
                  onChange={(type) => setAt(i, type === 'choice' ? { ...without(q, 'unit', 'min', 'max'), type, options: q.options ?? [{ value: 'a', label: { zh: 'A', en: 'A' } }, { value: 'b', label: { zh: 'B', en: 'B' } }] } : { ...without(q, 'options', ...(type === 'boolean' ? (['unit', 'min', 'max'] as const) : [])), type })} />
              </Field>
              <span />
              <Field path={`${path}.text.zh`} label={t('bd.q.textZh')}><Input value={q.text.zh} onChange={(e) => setQ({ text: { ...q.text, zh: e.target.value } })} /></Field>
              <Field path={`${path}.text.en`} label={t('bd.q.textEn')}><Input lang="en" value={q.text.en} onChange={(e) => setQ({ text: { ...q.text, en: e.target.value } })} /></Field>
              <span />
              <Field path={`${path}.help.zh`} label={t('bd.q.helpZh')}>
                <Input value={q.help?.zh ?? ''} onChange={(e) => setAt(i, e.target.value || q.help?.en ? { ...q, help: { zh: e.target.value, en: q.help?.en ?? '' } } : without(q, 'help'))} />
              </Field>
              <Field path={`${path}.help.en`} label={t('bd.q.helpEn')}>
                <Input lang="en" value={q.help?.en ?? ''} onChange={(e) => setAt(i, e.target.value || q.help?.zh ? { ...q, help: { zh: q.help?.zh ?? '', en: e.target.value } } : without(q, 'help'))} />
              </Field>
            </div>
            {q.type === 'choice' && (
              <Field path={`${path}.options`} label={t('bd.q.options')} extra={t('bd.q.optionsHelp')}>
                <Input.TextArea rows={3} defaultValue={optionsText(q)} onBlur={(e) => { const options = parseOptions(e.target.value); if (JSON.stringify(options) !== JSON.stringify(q.options)) setQ({ options }); }} />
              </Field>
            )}
            {q.type === 'number' && (
              <div className="tb-grid-3">
                <Field path={`${path}.unit`} label={t('bd.q.unit')}><Input value={q.unit ?? ''} onChange={(e) => setAt(i, e.target.value ? { ...q, unit: e.target.value } : without(q, 'unit'))} /></Field>
                <Field path={`${path}.min`} label={t('bd.q.min')}><InputNumber style={{ width: '100%' }} value={q.min ?? null} onChange={num('min')} /></Field>
                <Field path={`${path}.max`} label={t('bd.q.max')}><InputNumber style={{ width: '100%' }} value={q.max ?? null} onChange={num('max')} /></Field>
              </div>
            )}
          </Card>
        );
      })}
      <Button onClick={add}>{t('bd.q.add')}</Button>
    </div>
  );
}

/** Which joint field feeds which item field, and which fields an earlier result fills: from the definition, read-only. */
function FormMappingTab({ def }: { def: BundleDefinition }) {
  const { t, lang } = useI18n();
  return (
    <div data-testid="form-mapping">
      <p>{t('bd.form.intro')}</p>
      <h3 className="tb-card-title">{t('bd.form.merge')}</h3>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('bd.form.noneMerge') }}
        dataSource={def.form.merge}
        columns={[
          { title: t('bd.form.joint'), key: 'joint', render: (_, m) => <>{m.label?.[lang] ?? m.key}<div className="tb-result-code">{m.key}</div></> },
          { title: t('bd.form.feeds'), key: 'feeds', render: (_, m) => <ul style={{ margin: 0, paddingLeft: 18 }}>{m.fields.map((f) => <li key={`${f.itemCode}.${f.field}`}><code>{f.itemCode}</code> · <code>{f.field}</code></li>)}</ul> },
        ]}
      />
      <h3 className="tb-card-title" style={{ marginTop: 16 }}>{t('bd.form.prefilled')}</h3>
      <Table
        size="small"
        rowKey={(p) => `${p.itemCode}.${p.field}`}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('bd.form.nonePrefill') }}
        dataSource={def.form.prefilled}
        columns={[
          { title: t('bd.form.field'), key: 'f', render: (_, p) => <><code>{p.itemCode}</code> · <code>{p.field}</code></> },
          { title: t('bd.form.from'), dataIndex: 'fromItem', render: (v: string) => <code>{v}</code> },
          { title: t('bd.form.note'), dataIndex: 'note' },
        ]}
      />
    </div>
  );
}

function BasicTab({ def, set, departments }: { def: BundleDefinition; set: (p: Partial<BundleDefinition>) => void; departments: Dept[] }) {
  const { t } = useI18n();
  const source = def.limit?.source ?? { ref: '' };
  return (
    <div className="tb-grid-2">
      <Field path="name" label={t('bd.name')}><Input value={def.name} onChange={(e) => set({ name: e.target.value })} /></Field>
      <Field path="nameEn" label={t('bd.nameEn')}><Input lang="en" value={def.nameEn} onChange={(e) => set({ nameEn: e.target.value })} /></Field>
      <Field path="limit" label={t('bd.limitDays')} extra={t('bd.limitNone')}>
        <InputNumber style={{ width: '100%' }} min={0} step={0.5} value={def.limit?.days ?? null} onChange={(v) => set({ limit: v === null ? null : { days: v, source } })} />
      </Field>
      <Field path="leadDepartmentCode" label={t('bd.lead')}>
        <Select showSearch={{ optionFilterProp: 'label' }} value={def.leadDepartmentCode} onChange={(leadDepartmentCode) => set({ leadDepartmentCode })} options={departments} />
      </Field>
      {def.limit && (
        <>
          <Field path="limit.source.ref" label={t('bd.limitRef')} extra={t('bd.limitRefHelp')}>
            <Input lang="en" value={source.ref} onChange={(e) => set({ limit: { days: def.limit!.days, source: { ...source, ref: e.target.value } } })} />
          </Field>
          <Field path="limit.source.quote" label={t('bd.limitQuote')}>
            <Input value={source.quote ?? ''} onChange={(e) => { const { quote: _, ...rest } = source; set({ limit: { days: def.limit!.days, source: e.target.value ? { ...rest, quote: e.target.value } : rest } }); }} />
          </Field>
        </>
      )}
      <Field path="onDenial" label={t('bd.onDenial')}>
        <Select value={def.onDenial} onChange={(onDenial) => set({ onDenial })} options={(['stop', 'continue'] as const).map((v) => ({ value: v, label: t(`bd.onDenial.${v}`) }))} />
      </Field>
      <Field path="delivery.window" label={t('bd.delivery')}><Input value={def.delivery.window} onChange={(e) => set({ delivery: { ...def.delivery, window: e.target.value } })} /></Field>
    </div>
  );
}

/** /admin/bundles/:code — edit the draft (or start one from the published version), publish with a diff. */
export default function BundleEditor({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const url = `/api/v1/admin/bundles/${encodeURIComponent(code)}`;
  const loaded = useLoad((signal) => api.get<AdminBundle>(url, { signal }), [url]);
  const departments = useLoad((signal) => api.get<{ code: string; name: string; nameEn: string | null }[]>('/api/v1/departments', { signal }).catch(() => []), []);
  const [def, setDef] = useState<BundleDefinition | null>(null);
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const [publishOpen, setPublishOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [tab, setTab] = useState('basic');

  useEffect(() => {
    if (loaded.data) {
      setDef(structuredClone(loaded.data.draft ?? loaded.data.published));
      setDirty(false);
      setFormKey((k) => k + 1);
    }
  }, [loaded.data]);

  const changes = useMemo(() => (def && loaded.data ? diffVersions(loaded.data.published, def, BUNDLE_DIFF) : []), [def, loaded.data]);
  const deptOptions = (departments.data ?? []).map((d) => ({ value: d.code, label: `${(lang === 'en' && d.nameEn) || d.name}(${d.code})` }));

  if (loaded.error) return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || !def) return <PageLoading />;
  const info = loaded.data;
  const set = (patch: Partial<BundleDefinition>) => {
    setDef({ ...def, ...patch });
    setDirty(true);
  };
  const act = async (fn: () => Promise<unknown>, done: MessageKey) => {
    setBusy(true);
    setProblems([]);
    try {
      await fn();
      void message.success(t(done));
      loaded.reload();
      return true;
    } catch (err) {
      setProblems(problemsOf(err));
      void message.error(errorMessage(err, lang));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const save = () => act(() => api.put(`${url}/draft`, def), 'bd.saved');
  const publish = async () => {
    // A refusal closes the dialog too, so the problems show on their fields.
    if (!dirty || (await save())) await act(() => api.post(`${url}/publish`), 'bd.publishedOk');
    setPublishOpen(false);
  };

  return (
    <ProblemsContext.Provider value={problems}>
      <p><Link to="/admin/bundles">{t('bd.back')}</Link></p>
      <h2 className="tb-section-title" data-testid="bundle-editor-title">{info.name}</h2>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('bd.code')}>{info.code}</Descriptions.Item>
        <Descriptions.Item label={t('bd.region')}>{info.regionCode}</Descriptions.Item>
        <Descriptions.Item label={t('bd.publishedVersion')}>{info.publishedVersion ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('bd.status')}><span data-testid="bundle-state"><BundleState bundle={info} /></span>{info.draftVersion === null && <span className="tb-result-meta"> {t('bd.noDraft')}</span>}</Descriptions.Item>
      </Descriptions>
      <ProblemList title={t('bd.problems')} />
      <div className="tb-toolbar">
        <Button type="primary" loading={busy} onClick={save} disabled={!dirty}>{t('bd.save')}</Button>
        <Button onClick={() => setPublishOpen(true)} disabled={!dirty && info.draftVersion === null}>{t('bd.publish')}</Button>
        {dirty && <span role="status">{t('bd.unsaved')}</span>}
      </div>
      <Form layout="vertical" component="div" key={formKey}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'basic', label: t('bd.tab.basic'), children: <BasicTab def={def} set={set} departments={deptOptions} /> },
            { key: 'stages', label: t('bd.tab.stages'), children: <StagesTab def={def} set={set} departments={deptOptions} /> },
            { key: 'questions', label: t('bd.tab.questions'), children: <QuestionsTab def={def} set={set} /> },
            { key: 'form', label: t('bd.tab.form'), children: <FormMappingTab def={def} /> },
          ]}
        />
      </Form>
      <Modal
        open={publishOpen}
        width={900}
        title={t('bd.publishTitle', { name: def.name })}
        onCancel={() => setPublishOpen(false)}
        onOk={publish}
        okText={t('bd.publishConfirm')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        okButtonProps={{ disabled: changes.length === 0 && info.draftVersion === null }}
      >
        <p>{info.published ? t('bd.diffIntro', { n: changes.length, v: info.publishedVersion ?? 0 }) : t('bd.diffFirst')}</p>
        <DiffTable changes={changes} labels={ELEMENT_LABEL} none={t('bd.diffNone')} />
      </Modal>
    </ProblemsContext.Provider>
  );
}

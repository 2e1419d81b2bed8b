import { Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Tabs } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../../session.js';
import { regionOptions, useOrgScope } from '../shared.js';
import { api, useLoad } from '../../api.js';
import { ErrorState, PageLoading } from '../../components/status.js';
import { useI18n, type MessageKey } from '../../i18n.js';
import { moveItem, RowTools } from '../catalog/FormBuilder.js';
import { Field, ProblemList, ProblemsContext, useEditorAction } from '../catalog/problems.js';
import { BundleState } from './BundlesTab.js';
import { diffVersions } from '../catalog/diff.js';
import { DiffTable } from '../catalog/DiffTable.js';
import { BUNDLE_DIFF } from './diffOptions.js';
import type { AdminBundle, BundleDefinition, Question, QuestionType, Stage, StageItem } from './types.js';
import { WhenEditor } from './WhenEditor.js';
import { FormMappingTab, ItemCodeInput, LimitsTab, MaterialsTab, SourcesEditor } from './JointEditors.js';

type Dept = { value: string; label: string };
/** The address of the creation form: /admin/bundles/new (no bundle code can read `new`). */
const NEW_BUNDLE = 'new';
const QUESTION_TYPES: QuestionType[] = ['boolean', 'choice', 'number'];

const ELEMENT_LABEL: Record<string, MessageKey> = {
  name: 'bd.name', nameEn: 'bd.nameEn', limit: 'bd.limitDays', leadDepartmentCode: 'bd.lead', onDenial: 'bd.onDenial',
  stages: 'bd.tab.stages', questions: 'bd.tab.questions', form: 'bd.tab.form', delivery: 'bd.delivery', code: 'bd.code', regionCode: 'bd.region',
  audiences: 'bd.audiences', limitRules: 'bd.tab.limits', fee: 'bd.fee', materials: 'bd.tab.materials', sources: 'bd.sources', slogan: 'bd.slogan',
};

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
        <Field path={`${path}.itemCode`} label={t('bd.item.code')}><ItemCodeInput value={item.itemCode} onChange={(itemCode) => set({ itemCode })} /></Field>
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

function BasicTab({ def, set, departments, regions, isNew }: { def: BundleDefinition; set: (p: Partial<BundleDefinition>) => void; departments: Dept[]; regions: Dept[]; isNew: boolean }) {
  const { t } = useI18n();
  const source = def.limit?.source ?? { ref: '' };
  return (
    <>
    <div className="tb-grid-2">
      <Field path="code" label={t('bd.code')} extra={isNew ? t('bd.codeHelp') : undefined}>
        <Input lang="en" value={def.code} disabled={!isNew} onChange={(e) => set({ code: e.target.value.trim().toUpperCase() })} />
      </Field>
      <Field path="regionCode" label={t('bd.region')}>
        {/* A new code follows its region, which it has to start with. */}
        <Select showSearch={{ optionFilterProp: 'label' }} value={def.regionCode} options={regions}
          onChange={(regionCode) => set({ regionCode, ...(isNew ? { code: def.code.replace(/^\d{6}/, regionCode) } : {}) })} />
      </Field>
      <Field path="audiences" label={t('bd.audiences')}>
        <Select mode="multiple" value={def.audiences} onChange={(audiences) => set({ audiences })} options={(['person', 'enterprise'] as const).map((a) => ({ value: a, label: t(`catalog.audience.${a}`) }))} />
      </Field>
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
      <Field path="slogan" label={t('bd.slogan')}>
        <Input value={def.slogan ?? ''} onChange={(e) => set({ slogan: e.target.value || undefined })} />
      </Field>
    </div>
    <SourcesEditor def={def} set={set} />
    </>
  );
}

/** A blank definition of the admin's region: one stage with one item to pick, and one source line to fill. */
function blankBundle(regionCode: string): BundleDefinition {
  return {
    code: `${regionCode}-YJS-`, name: '', nameEn: '', regionCode, leadDepartmentCode: '', audiences: ['person'], limit: null, limitRules: [],
    questions: [], stages: [{ key: 'stage1', name: { zh: '第一阶段', en: 'Stage 1' }, items: [{ itemCode: '', mandatory: true }] }], onDenial: 'stop',
    form: { merge: [], prefilled: [] }, materials: { merge: [], fromResults: [] }, delivery: { window: '' }, sources: [{ about: '', source: { ref: '' } }],
  };
}

/**
 * /admin/bundles/:code — edit the draft (or start one from the published version), publish with a diff;
 * /admin/bundles/new — the same editor on a blank definition, which saving creates.
 */
export default function BundleEditor({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const isNew = code === NEW_BUNDLE;
  const url = `/api/v1/admin/bundles/${encodeURIComponent(code)}`;
  const loaded = useLoad(
    async (signal): Promise<AdminBundle> =>
      isNew
        ? { code: '', regionCode: user?.regionCode ?? '', name: '', publishedVersion: null, draftVersion: null, draft: blankBundle(user?.regionCode ?? ''), published: null }
        : api.get<AdminBundle>(url, { signal }),
    [url],
  );
  const departments = useOrgScope();
  const [def, setDef] = useState<BundleDefinition | null>(null);
  const [dirty, setDirty] = useState(false);
  const { problems, busy, act } = useEditorAction(loaded.reload);
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
  const deptOptions = (departments.data?.departments ?? []).map((d) => ({ value: d.code, label: `${(lang === 'en' && d.nameEn) || d.name}(${d.code})` }));

  if (loaded.error) return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || !def) return <PageLoading />;
  const info = loaded.data;
  const set = (patch: Partial<BundleDefinition>) => {
    setDef({ ...def, ...patch });
    setDirty(true);
  };
  const create = async () => {
    const created = await api.post<AdminBundle>('/api/v1/admin/bundles', def);
    navigate(`/admin/bundles/${encodeURIComponent(created.code)}`, { replace: true });
    return created.code;
  };
  const save = () => act(() => (isNew ? create() : api.put(`${url}/draft`, def)), isNew ? 'bd.new.created' : 'bd.saved');
  const publish = async () => {
    // A refusal closes the dialog too, so the problems show on their fields.
    if (isNew) await act(async () => api.post(`/api/v1/admin/bundles/${encodeURIComponent(await create())}/publish`), 'bd.publishedOk');
    else if (!dirty || (await save())) await act(() => api.post(`${url}/publish`), 'bd.publishedOk');
    setPublishOpen(false);
  };

  return (
    <ProblemsContext.Provider value={problems}>
      <p><Link to="/admin/bundles">{t('bd.back')}</Link></p>
      <h2 className="tb-section-title" data-testid="bundle-editor-title">{isNew ? t('bd.new.title') : info.name}</h2>
      {isNew && <p>{t('bd.new.intro')}</p>}
      {!isNew && <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('bd.code')}>{info.code}</Descriptions.Item>
        <Descriptions.Item label={t('bd.region')}>{info.regionCode}</Descriptions.Item>
        <Descriptions.Item label={t('bd.publishedVersion')}>{info.publishedVersion ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('bd.status')}><span data-testid="bundle-state"><BundleState bundle={info} /></span>{info.draftVersion === null && <span className="tb-result-meta"> {t('bd.noDraft')}</span>}</Descriptions.Item>
      </Descriptions>}
      <ProblemList title={t('bd.problems')} />
      <div className="tb-toolbar">
        <Button type="primary" loading={busy} onClick={save} disabled={!dirty && !isNew}>{t('bd.save')}</Button>
        <Button onClick={() => setPublishOpen(true)} disabled={!isNew && !dirty && info.draftVersion === null}>{t('bd.publish')}</Button>
        {dirty && <span role="status">{t('bd.unsaved')}</span>}
      </div>
      <Form layout="vertical" component="div" key={formKey}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'basic', label: t('bd.tab.basic'), children: <BasicTab def={def} set={set} departments={deptOptions} regions={regionOptions(departments.data?.regions)} isNew={isNew} /> },
            { key: 'stages', label: t('bd.tab.stages'), children: <StagesTab def={def} set={set} departments={deptOptions} /> },
            { key: 'questions', label: t('bd.tab.questions'), children: <QuestionsTab def={def} set={set} /> },
            { key: 'limits', label: t('bd.tab.limits'), children: <LimitsTab def={def} set={set} /> },
            { key: 'materials', label: t('bd.tab.materials'), children: <MaterialsTab def={def} set={set} /> },
            { key: 'form', label: t('bd.tab.form'), children: <FormMappingTab def={def} set={set} /> },
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
        okButtonProps={{ disabled: !isNew && changes.length === 0 && info.draftVersion === null }}
      >
        <p>{info.published ? t('bd.diffIntro', { n: changes.length, v: info.publishedVersion ?? 0 }) : t('bd.diffFirst')}</p>
        <DiffTable changes={changes} labels={ELEMENT_LABEL} none={t('bd.diffNone')} />
      </Modal>
    </ProblemsContext.Provider>
  );
}

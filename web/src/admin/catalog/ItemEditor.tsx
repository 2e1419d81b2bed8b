import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Tabs } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, useLoad } from '../../api.js';
import { ErrorState, PageLoading } from '../../components/status.js';
import { useI18n, type MessageKey } from '../../i18n.js';
import { useSession } from '../../session.js';
import type { AdminItem, Department, Material, Region, ServiceItem, Step } from '../../types.js';
import { useOrgScope } from '../shared.js';
import { diffVersions, ITEM_DIFF } from './diff.js';
import { DiffTable } from './DiffTable.js';
import { FormBuilder, FormPreview, moveItem, RowTools } from './FormBuilder.js';
import { StatusTags } from './StatusTags.js';
import { Field, ProblemList, ProblemsContext, useEditorAction } from './problems.js';

const ONLINE_DEPTHS = ['full', 'prereview', 'offline'] as const;
const FOUR_WAYS = ['immediate', 'online', 'nearby', 'once'] as const;
const SCOPES = ['province', 'crossProvince'] as const;
const MATERIAL_FORMS = ['original', 'copy', 'electronic'] as const;
const POWER_TYPES = ['licensing', 'confirmation', 'payment', 'adjudication', 'reward', 'inspection', 'other_power', 'public_service'] as const;
const LEVELS = ['national', 'province', 'city', 'county', 'township', 'village'] as const;
const AUDIENCES = ['person', 'enterprise'] as const;

/** The address of the creation form: /admin/catalog/new. */
const NEW_ITEM = 'new';

/** A blank item of the admin's region: every element present, the required ones empty for the admin to fill. */
function blankItem(regionCode: string): ServiceItem {
  return {
    code: '', standardCode: '', name: '', powerType: 'licensing', legalBasis: '', departmentCode: '', regionCode, level: 'county',
    audiences: ['person'], legalLimit: null, promisedLimit: null, immediate: false, onlineDepth: 'full', visits: 0, fourWays: [],
    scopes: [], fee: { amountFen: 0 }, conditions: [], steps: [], materials: [], pledgeAllowed: false, specialProcedures: [],
    result: { kind: 'decision', name: '' }, windows: [], phones: { consult: [], complaint: [] }, form: { fields: [] }, themes: [], sources: [],
  };
}

/** The label of an element of an item, for the diff and the problem list. */
export const ELEMENT_LABEL: Record<string, MessageKey> = {
  name: 'catalog.el.name', nameEn: 'catalog.el.nameEn', legalBasis: 'catalog.el.legalBasis', legalLimit: 'guide.legalLimit',
  promisedLimit: 'guide.promisedLimit', immediate: 'catalog.el.immediate', onlineDepth: 'guide.onlineDepth', visits: 'guide.visits',
  fourWays: 'guide.fourWays', scopes: 'guide.scopes', fee: 'guide.fee', conditions: 'guide.conditions', steps: 'guide.steps',
  materials: 'guide.materials', pledgeAllowed: 'guide.pledge', specialProcedures: 'guide.special', result: 'guide.result',
  windows: 'guide.where', phones: 'catalog.el.phones', form: 'catalog.el.form', themes: 'catalog.el.themes', sources: 'catalog.el.sources',
  departmentCode: 'guide.department', code: 'catalog.el.code', standardCode: 'catalog.el.standardCode', regionCode: 'catalog.el.region', audiences: 'guide.audience', level: 'guide.level', powerType: 'guide.powerType',
};

const lines = (v: string) => v.split('\n').map((l) => l.trim()).filter(Boolean);

/** Code, type of power, who runs it where, for whom, and what it yields: fixed by the catalog's base list. */
function IdentityFields({ item, set, isNew, regions, departments }: { item: ServiceItem; set: (patch: Partial<ServiceItem>) => void; isNew: boolean; regions: Region[]; departments: Department[] }) {
  const { t, lang } = useI18n();
  const inRegion = departments.filter((d) => d.regionCode === item.regionCode);
  return (
    <section aria-labelledby="identity-title" style={{ marginBottom: 12 }}>
      <h3 id="identity-title" className="tb-card-title" style={{ marginBottom: 8 }}>{t('catalog.identity')}</h3>
      <div className="tb-grid-2">
        <Field path="code" label={t('catalog.el.code')} extra={isNew ? t('catalog.el.codeHelp') : undefined}>
          <Input lang="en" value={item.code} disabled={!isNew} onChange={(e) => set({ code: e.target.value.trim() })} />
        </Field>
        <Field path="standardCode" label={t('catalog.el.standardCode')}><Input lang="en" value={item.standardCode} onChange={(e) => set({ standardCode: e.target.value.trim() })} /></Field>
        <Field path="powerType" label={t('catalog.el.powerType')}>
          <Select value={item.powerType} onChange={(powerType) => set({ powerType })} options={POWER_TYPES.map((p) => ({ value: p, label: t(`catalog.power.${p}`) }))} />
        </Field>
        <Field path="level" label={t('catalog.el.level')}>
          <Select value={item.level} onChange={(level) => set({ level })} options={LEVELS.map((l) => ({ value: l, label: t(`catalog.level.${l}`) }))} />
        </Field>
        <Field path="regionCode" label={t('catalog.el.region')}>
          <Select showSearch={{ optionFilterProp: 'label' }} value={item.regionCode || undefined} onChange={(regionCode) => set({ regionCode, departmentCode: '' })}
            options={regions.map((r) => ({ value: r.code, label: `${r.name}(${r.code})` }))} />
        </Field>
        <Field path="departmentCode" label={t('catalog.el.department')}>
          <Select showSearch={{ optionFilterProp: 'label' }} value={item.departmentCode || undefined} onChange={(departmentCode) => set({ departmentCode })}
            options={inRegion.map((d) => ({ value: d.code, label: `${(lang === 'en' && d.nameEn) || d.name}(${d.code})` }))} />
        </Field>
        <Field path="audiences" label={t('catalog.el.audiences')}>
          <Select mode="multiple" value={item.audiences} onChange={(audiences) => set({ audiences })} options={AUDIENCES.map((a) => ({ value: a, label: t(`catalog.audience.${a}`) }))} />
        </Field>
        <Field path="result.kind" label={t('catalog.el.resultKind')}>
          <Select value={item.result.kind} onChange={(kind) => set({ result: { ...item.result, kind } })} options={(['licence', 'decision'] as const).map((k) => ({ value: k, label: t(`catalog.result.${k}`) }))} />
        </Field>
        <Field path="result.name" label={t('catalog.el.resultName')}><Input value={item.result.name} onChange={(e) => set({ result: { ...item.result, name: e.target.value } })} /></Field>
        <Field path="result.licenceType" label={t('catalog.el.resultLicence')}>
          <Input lang="en" value={item.result.licenceType ?? ''} onChange={(e) => { const { licenceType: _, ...rest } = item.result; set({ result: e.target.value.trim() ? { ...rest, licenceType: e.target.value.trim() } : rest }); }} />
        </Field>
      </div>
    </section>
  );
}

function BasicTab({ item, set }: { item: ServiceItem; set: (patch: Partial<ServiceItem>) => void }) {
  const { t } = useI18n();
  const days = (v: number | null) => (v === null ? null : v);
  return (
    <div className="tb-grid-2">
      <Field path="name" label={t('catalog.el.name')}><Input value={item.name} onChange={(e) => set({ name: e.target.value })} /></Field>
      <Field path="nameEn" label={t('catalog.el.nameEn')}><Input lang="en" value={item.nameEn ?? ''} onChange={(e) => set({ nameEn: e.target.value || undefined })} /></Field>
      <Field path="legalLimit" label={t('catalog.el.legalLimitDays')} extra={t('catalog.el.limitHelp')}>
        <InputNumber style={{ width: '100%' }} min={0} step={0.5} value={days(item.legalLimit)} onChange={(v) => set({ legalLimit: v ?? null })} />
      </Field>
      <Field path="promisedLimit" label={t('catalog.el.promisedLimitDays')} extra={t('catalog.el.limitHelp')}>
        <InputNumber style={{ width: '100%' }} min={0} step={0.5} value={days(item.promisedLimit)} onChange={(v) => set({ promisedLimit: v ?? null, immediate: v === 0 })} />
      </Field>
      <Field path="onlineDepth" label={t('guide.onlineDepth')}>
        <Select value={item.onlineDepth} onChange={(onlineDepth) => set({ onlineDepth })} options={ONLINE_DEPTHS.map((d) => ({ value: d, label: t(`search.online.${d}`) }))} />
      </Field>
      <Field path="visits" label={t('catalog.el.visitsCount')}>
        <InputNumber style={{ width: '100%' }} min={0} max={20} value={item.visits} onChange={(v) => set({ visits: v ?? null })} />
      </Field>
      <Field path="fourWays" label={t('guide.fourWays')}>
        <Select mode="multiple" value={item.fourWays} onChange={(fourWays) => set({ fourWays })} options={FOUR_WAYS.map((w) => ({ value: w, label: t(`catalog.fourWay.${w}`) }))} />
      </Field>
      <Field path="scopes" label={t('guide.scopes')}>
        <Select mode="multiple" value={item.scopes} onChange={(scopes) => set({ scopes })} options={SCOPES.map((s) => ({ value: s, label: t(`catalog.scope.${s}`) }))} />
      </Field>
      <Field path="fee.amountFen" label={t('catalog.el.feeYuan')}>
        <InputNumber style={{ width: '100%' }} min={0} step={0.01} value={item.fee.amountFen / 100} onChange={(v) => set({ fee: { ...item.fee, amountFen: Math.round((v ?? 0) * 100) } })} />
      </Field>
      <Form.Item label={t('guide.pledge')} htmlFor="item-pledgeAllowed" style={{ marginBottom: 12 }}>
        <Checkbox id="item-pledgeAllowed" checked={item.pledgeAllowed} onChange={(e) => set({ pledgeAllowed: e.target.checked })}>{t('catalog.el.pledgeYes')}</Checkbox>
      </Form.Item>
      <Field path="conditions" label={t('guide.conditions')} extra={t('catalog.el.oneALine')}>
        <Input.TextArea rows={4} defaultValue={item.conditions.join('\n')} onBlur={(e) => set({ conditions: lines(e.target.value) })} />
      </Field>
      <Field path="themes" label={t('catalog.el.themes')} extra={t('catalog.el.oneALine')}>
        <Input.TextArea rows={4} defaultValue={item.themes.join('\n')} onBlur={(e) => set({ themes: lines(e.target.value) })} />
      </Field>
      <Field path="phones.consult" label={t('guide.consult')} extra={t('catalog.el.oneALine')}>
        <Input.TextArea rows={2} defaultValue={item.phones.consult.join('\n')} onBlur={(e) => set({ phones: { ...item.phones, consult: lines(e.target.value) } })} />
      </Field>
      <Field path="phones.complaint" label={t('guide.complaint')} extra={t('catalog.el.oneALine')}>
        <Input.TextArea rows={2} defaultValue={item.phones.complaint.join('\n')} onBlur={(e) => set({ phones: { ...item.phones, complaint: lines(e.target.value) } })} />
      </Field>
      <Field path="windows" label={t('catalog.el.windows')} extra={t('catalog.el.windowsHelp')}>
        <Input.TextArea
          rows={3}
          defaultValue={item.windows.map((w) => [w.name, w.address ?? '', w.hours ?? ''].join('|').replace(/\|+$/, '')).join('\n')}
          onBlur={(e) => set({ windows: lines(e.target.value).map((l) => {
            const [name = '', address, hours] = l.split('|').map((p) => p.trim());
            return { name, ...(address ? { address } : {}), ...(hours ? { hours } : {}) };
          }) })}
        />
      </Field>
      <Field path="legalBasis" label={t('catalog.el.legalBasis')}>
        <Input.TextArea rows={3} value={item.legalBasis} onChange={(e) => set({ legalBasis: e.target.value })} />
      </Field>
    </div>
  );
}

function MaterialsTab({ materials, onChange }: { materials: Material[]; onChange: (m: Material[]) => void }) {
  const { t } = useI18n();
  const setAt = (i: number, patch: Partial<Material>) => onChange(materials.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <div data-testid="materials-editor">
      {materials.map((m, i) => (
        <Card key={i} size="small" style={{ marginBottom: 8 }} title={<h4 className="tb-card-title">{t('catalog.material.n', { n: i + 1 })} · {m.name}</h4>}
          extra={<RowTools index={i} count={materials.length} name={m.name} onMove={(to) => onChange(moveItem(materials, i, to))} onRemove={() => onChange(materials.filter((_, j) => j !== i))} />}>
          <div className="tb-grid-3">
            <Field path={`materials[${i}].name`} label={t('guide.material.name')}><Input value={m.name} onChange={(e) => setAt(i, { name: e.target.value })} /></Field>
            <Field path={`materials[${i}].form`} label={t('guide.material.form')}>
              <Select value={m.form} onChange={(form) => setAt(i, { form })} options={MATERIAL_FORMS.map((f) => ({ value: f, label: t(`guide.form.${f}`) }))} />
            </Field>
            <Field path={`materials[${i}].count`} label={t('guide.material.count')}>
              <InputNumber min={1} max={99} value={m.count} onChange={(v) => setAt(i, { count: v ?? 1 })} />
            </Field>
            <Field path={`materials[${i}].blankForm`} label={t('guide.material.blankForm')}><Input value={m.blankForm ?? ''} onChange={(e) => setAt(i, { blankForm: e.target.value || undefined })} /></Field>
            <Field path={`materials[${i}].sample`} label={t('guide.material.sample')}><Input value={m.sample ?? ''} onChange={(e) => setAt(i, { sample: e.target.value || undefined })} /></Field>
            <Field path={`materials[${i}].licenceType`} label={t('catalog.material.licenceType')}><Input value={m.licenceType ?? ''} onChange={(e) => setAt(i, { licenceType: e.target.value || undefined })} /></Field>
          </div>
          <Space wrap>
            <Checkbox checked={m.required} onChange={(e) => setAt(i, { required: e.target.checked })}>{t('guide.material.required')}</Checkbox>
            <Checkbox checked={m.deficiencyAllowed} onChange={(e) => setAt(i, { deficiencyAllowed: e.target.checked })}>{t('guide.material.deficiency')}</Checkbox>
          </Space>
        </Card>
      ))}
      <Button onClick={() => onChange([...materials, { name: t('catalog.material.newName', { n: materials.length + 1 }), form: 'original', count: 1, required: true, deficiencyAllowed: false }])}>
        {t('catalog.material.add')}
      </Button>
    </div>
  );
}

function StepsTab({ steps, onChange, departments, ownDepartment }: { steps: Step[]; onChange: (s: Step[]) => void; departments: { value: string; label: string }[]; ownDepartment?: string }) {
  const { t } = useI18n();
  const setAt = (i: number, patch: Partial<Step>) => onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const total = steps.reduce((a, s) => a + s.share, 0);
  return (
    <div data-testid="steps-editor">
      {steps.map((s, i) => (
        <Card key={i} size="small" style={{ marginBottom: 8 }} title={<h4 className="tb-card-title">{t('catalog.step.n', { n: i + 1 })} · {s.name}</h4>}
          extra={<RowTools index={i} count={steps.length} name={s.name} onMove={(to) => onChange(moveItem(steps, i, to))} onRemove={() => onChange(steps.filter((_, j) => j !== i))} />}>
          <div className="tb-grid-2">
            <Field path={`steps[${i}].name`} label={t('catalog.step.name')}><Input value={s.name} onChange={(e) => setAt(i, { name: e.target.value })} /></Field>
            <Field path={`steps[${i}].departmentCode`} label={t('guide.department')}>
              <Select showSearch={{ optionFilterProp: 'label' }} value={s.departmentCode} onChange={(departmentCode) => setAt(i, { departmentCode })} options={departments} />
            </Field>
            <Field path={`steps[${i}].role`} label={t('catalog.step.role')}>
              <Select value={s.role} onChange={(role) => setAt(i, { role })} options={(['window_clerk', 'approver'] as const).map((r) => ({ value: r, label: t(`role.${r}`) }))} />
            </Field>
            <Field path={`steps[${i}].share`} label={t('catalog.step.share')} extra={t('catalog.step.shareHelp')}>
              <InputNumber min={0} max={1} step={0.05} value={s.share} onChange={(v) => setAt(i, { share: v ?? 0 })} />
            </Field>
          </div>
        </Card>
      ))}
      <p role="status">{t('catalog.step.total', { n: Math.round(total * 1000) / 1000 })}</p>
      <Button onClick={() => onChange([...steps, { name: steps.length ? `${t('catalog.step.newName')} ${steps.length + 1}` : t('catalog.step.newName'), departmentCode: steps[0]?.departmentCode ?? ownDepartment ?? departments[0]?.value ?? '', role: 'approver', share: Math.max(0, Math.round((1 - total) * 1000) / 1000) }])}>
        {t('catalog.step.add')}
      </Button>
    </div>
  );
}

/**
 * /admin/catalog/:id — edit the draft (or start one from the published version), publish with a diff, suspend or
 * resume; /admin/catalog/new — the same editor on a blank item, which saving creates.
 */
export default function ItemEditor() {
  const { '*': rest = '' } = useParams();
  const id = rest.split('/')[1] ?? '';
  const isNew = id === NEW_ITEM;
  const { t, lang } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const loaded = useLoad(
    async (signal): Promise<AdminItem> =>
      isNew
        ? { id: '', code: '', name: '', publishedVersion: null, draftVersion: null, suspended: false, suspendedReason: null, versions: [], draft: blankItem(user?.regionCode ?? ''), published: null }
        : api.get<AdminItem>(`/api/v1/admin/catalog/items/${encodeURIComponent(id)}`, { signal }),
    [id],
  );
  const org = useOrgScope();
  const [item, setItem] = useState<ServiceItem | null>(null);
  const [dirty, setDirty] = useState(false);
  const { problems, busy, act } = useEditorAction(loaded.reload);
  const [publishOpen, setPublishOpen] = useState(false);
  const [suspendOpen, setSuspendOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [formKey, setFormKey] = useState(0);

  useEffect(() => {
    if (loaded.data) {
      setItem(structuredClone(loaded.data.draft ?? loaded.data.published));
      setDirty(false);
      setFormKey((k) => k + 1);
    }
  }, [loaded.data]);

  const changes = useMemo(() => (item && loaded.data ? diffVersions(loaded.data.published, item, ITEM_DIFF) : []), [item, loaded.data]);
  const deptOptions = (org.data?.departments ?? []).map((d) => ({ value: d.code, label: `${(lang === 'en' && d.nameEn) || d.name}(${d.code})` }));

  if (loaded.error) return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || !item) return <PageLoading />;
  const info = loaded.data;
  const set = (patch: Partial<ServiceItem>) => {
    // Leaving a text area unchanged is not an edit.
    const same = (Object.keys(patch) as (keyof ServiceItem)[]).every((k) => JSON.stringify(patch[k]) === JSON.stringify(item[k]));
    if (same) return;
    setItem({ ...item, ...patch });
    setDirty(true);
  };

  const create = async () => {
    const created = await api.post<{ id: string }>('/api/v1/admin/catalog/items', item);
    navigate(`/admin/catalog/${created.id}`, { replace: true });
    return created.id;
  };
  const save = () => act(() => (isNew ? create() : api.put(`/api/v1/admin/catalog/items/${id}/draft`, item)), isNew ? 'catalog.new.created' : 'catalog.saved');
  const publish = async () => {
    // A new item is created and then published; a refusal of either closes the dialog so the problems show on their fields.
    if (isNew) {
      if (!(await act(async () => api.post(`/api/v1/admin/catalog/items/${await create()}/publish`), 'catalog.published'))) setPublishOpen(false);
      return;
    }
    if (dirty && !(await save())) return setPublishOpen(false);
    if (await act(() => api.post(`/api/v1/admin/catalog/items/${id}/publish`), 'catalog.published')) setPublishOpen(false);
  };

  return (
    <ProblemsContext.Provider value={problems}>
      <p><Link to="/admin/catalog">{t('catalog.backToList')}</Link></p>
      <h2 className="tb-section-title" data-testid="editor-title">{isNew ? t('catalog.new.title') : info.name}</h2>
      {isNew && <p>{t('catalog.new.intro')}</p>}
      {!isNew && <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('catalog.code')}>{info.code}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.publishedVersion')}>{info.publishedVersion ?? t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.draftVersion')}>{info.draftVersion ?? t('catalog.noDraft')}</Descriptions.Item>
        <Descriptions.Item label={t('catalog.status')}><StatusTags item={info} /></Descriptions.Item>
      </Descriptions>}
      {info.suspended && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('catalog.suspendedBecause', { reason: info.suspendedReason ?? '' })} />}
      <ProblemList title={t('catalog.problems')} />
      <div className="tb-toolbar">
        <Button type="primary" loading={busy} onClick={save} disabled={!dirty && !isNew}>{t('catalog.saveDraft')}</Button>
        <Button onClick={() => setPublishOpen(true)} disabled={!isNew && !dirty && info.draftVersion === null}>{t('catalog.publish')}</Button>
        {info.publishedVersion !== null && (info.suspended
          ? <Button onClick={() => act(() => api.post(`/api/v1/admin/catalog/items/${id}/resume`), 'catalog.resumed')}>{t('catalog.resume')}</Button>
          : <Button danger onClick={() => setSuspendOpen(true)}>{t('catalog.suspend')}</Button>)}
        {dirty && <span role="status">{t('catalog.unsaved')}</span>}
      </div>
      <Form layout="vertical" component="div" key={formKey}>
        <Tabs
          items={[
            { key: 'basic', label: t('catalog.tab.basic'), children: <><IdentityFields item={item} set={set} isNew={isNew} regions={org.data?.regions ?? []} departments={org.data?.departments ?? []} /><BasicTab item={item} set={set} /></> },
            { key: 'materials', label: t('catalog.tab.materials'), children: <MaterialsTab materials={item.materials} onChange={(materials) => set({ materials })} /> },
            { key: 'steps', label: t('catalog.tab.steps'), children: <StepsTab steps={item.steps} onChange={(steps) => set({ steps })} departments={deptOptions} ownDepartment={item.departmentCode || undefined} /> },
            {
              key: 'form',
              label: t('catalog.tab.form'),
              children: (
                <div className="tb-builder">
                  <section aria-labelledby="builder-title">
                    <h3 id="builder-title" className="tb-card-title" style={{ marginBottom: 8 }}>{t('catalog.form.builder')}</h3>
                    <FormBuilder fields={item.form.fields} onChange={(fields) => set({ form: { fields } })} />
                  </section>
                  <section aria-labelledby="preview-title" className="tb-preview">
                    <h3 id="preview-title" className="tb-card-title" style={{ marginBottom: 8 }}>{t('catalog.form.preview')}</h3>
                    <FormPreview fields={item.form.fields} />
                  </section>
                </div>
              ),
            },
          ]}
        />
      </Form>
      <Modal
        open={publishOpen}
        width={900}
        title={t('catalog.publishTitle', { name: item.name })}
        onCancel={() => setPublishOpen(false)}
        onOk={publish}
        okText={t('catalog.publishConfirm')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        okButtonProps={{ disabled: !isNew && changes.length === 0 && info.draftVersion === null }}
      >
        <p>{info.published ? t('catalog.diff.intro', { n: changes.length, v: info.publishedVersion ?? 0 }) : t('catalog.diff.first')}</p>
        <DiffTable changes={changes} labels={ELEMENT_LABEL} none={t('catalog.diff.none')} />
      </Modal>
      <Modal
        open={suspendOpen}
        title={t('catalog.suspendTitle')}
        onCancel={() => setSuspendOpen(false)}
        onOk={async () => {
          if (await act(() => api.post(`/api/v1/admin/catalog/items/${id}/suspend`, { reason: reason.trim() }), 'catalog.suspended')) setSuspendOpen(false);
        }}
        okText={t('catalog.suspend')}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        cancelText={t('common.cancel')}
      >
        <Form layout="vertical" component="div">
          <Form.Item label={t('catalog.suspendReason')} htmlFor="suspend-reason">
            <Input.TextArea id="suspend-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </ProblemsContext.Provider>
  );
}

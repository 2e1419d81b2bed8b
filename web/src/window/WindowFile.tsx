import { Button, Card, Form, Input, Select } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, useLoad } from '../api.js';
import { applyCase, newIdempotencyKey } from '../cases/caseApi.js';
import { FormSchemaFields, formData, useCaseErrors } from '../cases/formFields.js';
import { MaterialPicker, materialInputs, type Picked } from '../cases/materials.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import type { CatalogItemSummary, Guide } from '../types.js';

/** The item chooser: the hall's published items, searched as the clerk types. */
function ItemChooser({ value, onChange }: { value: string | undefined; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const { user } = useSession();
  const [q, setQ] = useState('');
  const items = useLoad(
    (signal) => api.get<{ items: CatalogItemSummary[] }>('/api/v1/catalog/items', { signal, query: { q: q || undefined, within: user?.regionCode ?? undefined, limit: 50 } }),
    [q, user?.regionCode],
  );
  return (
    <Select
      id="window-item"
      showSearch={{ filterOption: false, onSearch: setQ }}
      style={{ width: '100%', maxWidth: 520 }}
      placeholder={t('cs.win.itemHint')}
      value={value}
      loading={items.loading}
      onChange={onChange}
      options={(items.data?.items ?? []).filter((i) => !i.suspended).map((i) => ({ value: i.id, label: `${i.name} · ${i.code}` }))}
    />
  );
}

/** 窗口代办: the clerk files an application for the applicant in front of the counter. */
export default function WindowFile() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const identifier = params.get('identifier') ?? '';
  const initialKind = params.get('kind') === 'enterprise' || /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}/.test(identifier) && identifier.length === 18 && !/^\d{17}[\dX]$/.test(identifier) ? 'enterprise' : 'person';
  const [itemId, setItemId] = useState<string | undefined>();
  const guide = useLoad((signal) => (itemId ? api.get<Guide>(`/api/v1/catalog/items/${itemId}/guide`, { signal }) : Promise.resolve(null)), [itemId]);
  const [form] = Form.useForm();
  const server = useCaseErrors(form);
  const kind = (Form.useWatch(['applicant', 'kind'], form) as 'person' | 'enterprise' | undefined) ?? initialKind;
  const [picked, setPicked] = useState<Record<number, Picked>>({});
  const [busy, setBusy] = useState(false);
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const submit = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    if (!guide.data) return;
    const a = form.getFieldValue('applicant') as { kind: 'person' | 'enterprise'; name: string; idNumber?: string; creditCode?: string; mobile?: string };
    const applicant = {
      kind: a.kind,
      name: a.name,
      ...(a.kind === 'person' ? { idNumber: a.idNumber } : { creditCode: a.creditCode }),
      ...(a.mobile ? { mobile: a.mobile } : {}),
    };
    const body = { itemId: guide.data.itemId, channel: 'window' as const, form: formData(form.getFieldValue('form')), materials: materialInputs(picked), applicant };
    const text = JSON.stringify(body);
    if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
    setBusy(true);
    server.clear();
    try {
      const c = await applyCase(body, attempt.current.key);
      // Filed for a hall ticket (排队叫号): the ticket is finished and keeps the case.
      if (params.get('ticket')) await api.post(`/api/v1/hall/tickets/${encodeURIComponent(params.get('ticket')!)}/finish`, { caseId: c.id }).catch(() => undefined);
      navigate(`/window/cases/${c.id}`);
    } catch (err) {
      server.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="tb-result-code"><Link to="/window">{t('cs.win.back')}</Link></p>
      <h1 className="tb-page-title">{t('cs.win.fileTitle')}</h1>
      {server.alert}
      <Form form={form} layout="vertical" name="windowFile" onValuesChange={() => server.error && server.clear()}>
        <Card title={<h2 className="tb-card-title">{t('cs.win.applicant')}</h2>} style={{ marginBottom: 16 }}>
          <div className="tb-grid-2">
            <Form.Item name={['applicant', 'kind']} label={t('cs.win.kind')} initialValue={initialKind}>
              <Select options={[{ value: 'person', label: t('role.applicant_person') }, { value: 'enterprise', label: t('role.applicant_enterprise') }]} />
            </Form.Item>
            <Form.Item name={['applicant', 'name']} label={t('cs.win.name')} initialValue={params.get('name') ?? undefined} rules={[{ required: true, message: t('common.required', { field: t('cs.win.name') }) }]}>
              <Input />
            </Form.Item>
            {kind === 'person' ? (
              <Form.Item name={['applicant', 'idNumber']} label={t('cs.win.idNumber')} initialValue={identifier || undefined} rules={[{ required: true, message: t('common.required', { field: t('cs.win.idNumber') }) }]}>
                <Input autoComplete="off" />
              </Form.Item>
            ) : (
              <Form.Item name={['applicant', 'creditCode']} label={t('cs.win.creditCode')} initialValue={identifier || undefined} rules={[{ required: true, message: t('common.required', { field: t('cs.win.creditCode') }) }]}>
                <Input autoComplete="off" />
              </Form.Item>
            )}
            <Form.Item name={['applicant', 'mobile']} label={t('cs.win.mobile')}>
              <Input type="tel" />
            </Form.Item>
          </div>
        </Card>
        <Card title={<h2 className="tb-card-title">{t('cs.win.item')}</h2>} style={{ marginBottom: 16 }}>
          <label htmlFor="window-item" className="tb-field-label">{t('cs.win.itemLabel')}</label>
          <ItemChooser value={itemId} onChange={(id) => { setItemId(id); setPicked({}); }} />
        </Card>
        {itemId && guide.error && <ErrorState error={guide.error} onRetry={guide.reload} />}
        {itemId && !guide.data && !guide.error && <PageLoading />}
        {guide.data && (
          <>
            <Card title={<h2 className="tb-card-title">{t('cs.apply.stepForm')}</h2>} style={{ marginBottom: 16 }}>
              <FormSchemaFields fields={guide.data.form.fields} />
            </Card>
            <Card title={<h2 className="tb-card-title">{t('cs.apply.stepMaterials')}</h2>} style={{ marginBottom: 16 }}>
              <p>{t('cs.win.materialsHelp')}</p>
              <ul className="tb-material-list">
                {guide.data.materials.map((m, i) => (
                  <MaterialPicker key={`${itemId}-${i}`} index={i} material={m} picked={picked[i]} onPicked={(p) => setPicked((all) => ({ ...all, [i]: p }))} />
                ))}
              </ul>
            </Card>
            <div className="tb-toolbar">
              <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="window-submit">{t('cs.win.submit')}</Button>
            </div>
          </>
        )}
      </Form>
    </>
  );
}

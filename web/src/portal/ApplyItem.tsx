import { Alert, Button, Card, Descriptions, Form, Result, Steps } from 'antd';
import { useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, useLoad } from '../api.js';
import { applyCase, loadReusable, newIdempotencyKey, type CaseDetail } from '../cases/caseApi.js';
import { FormSchemaFields, formData, useCaseErrors } from '../cases/formFields.js';
import { MaterialPicker, materialInputs, missingOf, pickedLabel, type Picked } from '../cases/materials.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import type { Guide } from '../types.js';

/** The channel a submission is recorded under: 掌上办 on a phone-sized screen, otherwise online. */
const channelNow = () => (window.matchMedia('(max-width: 600px)').matches ? 'mobile' : 'online');

/**
 * Online application for one item (/apply/item/:id): the item's form, its materials (uploaded one by one, the
 * 容缺 ones allowed to follow), a review of everything, and one submission whose Idempotency-Key makes a
 * double click or a retry after a lost answer file a single case.
 */
export default function ApplyItem() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const guide = useLoad((signal) => api.get<Guide>(`/api/v1/catalog/items/${encodeURIComponent(id)}/guide`, { signal }), [id]);
  const isApplicant = !!session.user && session.hasRole('applicant_person', 'applicant_enterprise');
  // Earlier materials are offered, not required: if they cannot be read the applicant simply uploads.
  const reusable = useLoad((signal) => (isApplicant ? loadReusable(signal).catch(() => []) : Promise.resolve([])), [isApplicant]);
  const [form] = Form.useForm();
  const server = useCaseErrors(form);
  const [step, setStep] = useState(0);
  const [picked, setPicked] = useState<Record<number, Picked>>({});
  const [submitting, setSubmitting] = useState(false);
  const [filed, setFiled] = useState<CaseDetail | null>(null);
  // One key per distinct submission: the same body retried reuses it, a changed body gets a new one.
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const title = <h1 className="tb-page-title">{guide.data ? t('cs.apply.title', { name: guide.data.name }) : t('cs.apply.titlePlain')}</h1>;
  if (guide.error) return <>{title}<ErrorState error={guide.error} onRetry={guide.reload} /></>;
  if (!guide.data || session.status === 'loading') return <PageLoading />;
  const g = guide.data;
  const user = session.user;
  if (!user) {
    return (
      <>
        {title}
        <Result status="info" title={<h2 className="tb-state-title">{t('cs.apply.loginFirst')}</h2>} extra={<Button type="primary" onClick={() => navigate(`/login?next=${encodeURIComponent(location.pathname)}`)}>{t('guard.goLogin')}</Button>} />
      </>
    );
  }
  const kind = user.roles.includes('applicant_enterprise') ? 'enterprise' : user.roles.includes('applicant_person') ? 'person' : null;
  if (!kind) return <>{title}<Alert type="info" showIcon title={t('cs.apply.staffUseWindow')} /></>;
  if (g.suspended) return <>{title}<Alert type="warning" showIcon title={t('guide.suspended')} description={g.suspendedReason ?? undefined} /></>;

  if (filed) {
    return (
      <Result
        status="success"
        title={<h1 className="tb-state-title">{t('cs.apply.done')}</h1>}
        subTitle={<span data-testid="filed-number">{t('cs.apply.doneBody', { number: filed.number })}</span>}
        extra={<Button type="primary" onClick={() => navigate(`/my/cases/${filed.id}`)}>{t('cs.apply.follow')}</Button>}
      />
    );
  }

  const missing = missingOf(g.materials, picked);
  const next = async () => {
    if (step === 0) {
      try {
        await form.validateFields();
      } catch {
        return;
      }
    }
    setStep((s) => s + 1);
  };
  const submit = async () => {
    const body = { itemId: g.itemId, channel: channelNow(), form: formData(form.getFieldValue('form')), materials: materialInputs(picked) } as const;
    const text = JSON.stringify(body);
    if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
    setSubmitting(true);
    server.clear();
    try {
      setFiled(await applyCase(body, attempt.current.key));
    } catch (err) {
      server.fail(err);
      const d = (err as { details?: { fields?: { field?: string }[]; field?: string } }).details;
      const fields = d?.fields?.map((f) => f.field ?? '') ?? (d?.field ? [d.field] : []);
      if (fields.some((f) => f.startsWith('form.'))) setStep(0);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <p className="tb-result-code"><Link to={`/guide/${g.itemId}`}>{t('apply.backToGuide')}</Link></p>
      {title}
      <Steps
        current={step}
        size="small"
        responsive={false}
        style={{ marginBottom: 16 }}
        items={[{ title: t('cs.apply.stepForm') }, { title: t('cs.apply.stepMaterials') }, { title: t('cs.apply.stepReview') }]}
      />
      {server.alert}
      <Form form={form} layout="vertical" name="apply" requiredMark onValuesChange={() => server.error && server.clear()}>
        <Card title={<h2 className="tb-card-title">{t('cs.apply.stepForm')}</h2>} style={{ marginBottom: 16, display: step === 0 ? undefined : 'none' }}>
          <FormSchemaFields fields={g.form.fields} />
        </Card>
      </Form>
      {step === 1 && (
        <Card title={<h2 className="tb-card-title">{t('cs.apply.stepMaterials')}</h2>} style={{ marginBottom: 16 }}>
          <p>{t('cs.apply.materialsHelp')}</p>
          <ul className="tb-material-list">
            {g.materials.map((m, i) => (
              <MaterialPicker
                key={i}
                index={i}
                material={m}
                picked={picked[i]}
                reusable={(reusable.data ?? []).filter((r) => r.name === m.name)}
                onPicked={(p) => setPicked((all) => ({ ...all, [i]: p }))}
              />
            ))}
          </ul>
        </Card>
      )}
      {step === 2 && (
        <Card title={<h2 className="tb-card-title">{t('cs.apply.stepReview')}</h2>} style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={1} bordered>
            {g.form.fields.map((f) => {
              const v = form.getFieldValue(['form', f.key]);
              const option = f.options?.find((o) => o.value === v);
              return <Descriptions.Item key={f.key} label={f.label[lang]}>{option ? option.label[lang] : v === undefined || v === '' ? '—' : String(v)}</Descriptions.Item>;
            })}
            {g.materials.map((m, i) => (
              <Descriptions.Item key={`m${i}`} label={m.name}>
                {pickedLabel(picked[i], t) ?? (m.required ? (m.deficiencyAllowed ? t('cs.apply.laterDeficiency') : t('cs.mat.missing')) : '—')}
              </Descriptions.Item>
            ))}
          </Descriptions>
          {missing.blocking.length > 0 && (
            <Alert style={{ marginTop: 16 }} type="warning" showIcon title={t('cs.apply.missingBlocking', { names: missing.blocking.map(({ m }) => m.name).join('、') })} />
          )}
          {missing.deferrable.length > 0 && (
            <Alert style={{ marginTop: 16 }} type="info" showIcon title={t('cs.apply.missingDeferrable', { names: missing.deferrable.map(({ m }) => m.name).join('、') })} />
          )}
        </Card>
      )}
      <div className="tb-toolbar">
        {step > 0 && <Button onClick={() => setStep((s) => s - 1)}>{t('cs.apply.back')}</Button>}
        {step < 2 && <Button type="primary" onClick={() => void next()}>{t('cs.apply.next')}</Button>}
        {step === 2 && <Button type="primary" loading={submitting} onClick={() => void submit()}>{t('cs.apply.submit')}</Button>}
      </div>
    </>
  );
}

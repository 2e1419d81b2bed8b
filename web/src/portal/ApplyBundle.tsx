import { Alert, Button, Card, Descriptions, Form, InputNumber, Radio, Result, Steps, Table, Tag } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useLoad } from '../api.js';
import { applyBundle, loadBundle, planBundle, type Answers, type BundleCase, type BundlePlan } from '../cases/bundleApi.js';
import { FormSchemaFields, formData, useCaseErrors } from '../cases/formFields.js';
import { loadReusable } from '../cases/caseApi.js';
import { MaterialPicker, materialInputs, pickedLabel, type Picked } from '../cases/materials.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';

const channelNow = () => (window.matchMedia('(max-width: 600px)').matches ? 'mobile' : 'online');

/**
 * 一件事 application (/apply/bundle/:code): the questionnaire first, which chooses the items; then one joint
 * form, one set of materials (each paper once, those an earlier result supplies not asked), review, submit.
 */
export default function ApplyBundle() {
  const { code = '' } = useParams();
  const { t, lang } = useI18n();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const bundle = useLoad((signal) => loadBundle(code, signal), [code]);
  const isApplicant = !!session.user && session.hasRole('applicant_person', 'applicant_enterprise');
  const reusable = useLoad((signal) => (isApplicant ? loadReusable(signal).catch(() => []) : Promise.resolve([])), [isApplicant]);
  const [answersForm] = Form.useForm<Answers>();
  const [form] = Form.useForm();
  const server = useCaseErrors(form);
  const [step, setStep] = useState(0);
  const [answers, setAnswers] = useState<Answers>({});
  const [plan, setPlan] = useState<BundlePlan | null>(null);
  const [picked, setPicked] = useState<Record<number, Picked>>({});
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState<BundleCase | null>(null);

  const name = bundle.data ? (lang === 'en' ? bundle.data.definition.nameEn : bundle.data.definition.name) : '';
  const title = <h1 className="tb-page-title">{name ? t('cs.apply.title', { name }) : t('cs.apply.titlePlain')}</h1>;
  if (bundle.error) return <>{title}<ErrorState error={bundle.error} onRetry={bundle.reload} /></>;
  if (!bundle.data || session.status === 'loading') return <PageLoading />;
  if (!session.user) {
    return (
      <>
        {title}
        <Result status="info" title={<h2 className="tb-state-title">{t('cs.apply.loginFirst')}</h2>} extra={<Button type="primary" onClick={() => navigate(`/login?next=${encodeURIComponent(location.pathname)}`)}>{t('guard.goLogin')}</Button>} />
      </>
    );
  }
  if (!session.hasRole('applicant_person', 'applicant_enterprise')) return <>{title}<Alert type="info" showIcon title={t('cs.apply.staffUseWindow')} /></>;
  if (filed) {
    return (
      <Result
        status="success"
        title={<h1 className="tb-state-title">{t('cs.apply.done')}</h1>}
        subTitle={<span data-testid="filed-number">{t('cs.apply.doneBody', { number: filed.number })}</span>}
        extra={<Button type="primary" onClick={() => navigate(`/my/bundles/${filed.id}`)}>{t('cs.apply.follow')}</Button>}
      />
    );
  }
  const questions = bundle.data.definition.questions;
  const asked = (plan?.materials ?? []).filter((m) => !m.suppliedBy);

  const toPlan = async () => {
    let values: Answers;
    try {
      values = await answersForm.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    server.clear();
    try {
      setPlan(await planBundle(code, values));
      setAnswers(values);
      setPicked({});
      setStep(1);
    } catch (err) {
      server.fail(err);
    } finally {
      setBusy(false);
    }
  };
  const next = async () => {
    if (step === 0) return toPlan();
    if (step === 1) {
      try {
        await form.validateFields();
      } catch {
        return;
      }
    }
    setStep((s) => s + 1);
  };
  const submit = async () => {
    setBusy(true);
    server.clear();
    try {
      const materials = materialInputs(picked).map(({ requirement, ...source }) => ({ material: requirement, ...source }));
      setFiled(await applyBundle(code, { answers, form: formData(form.getFieldValue('form')), materials, channel: channelNow() }));
    } catch (err) {
      server.fail(err);
      const d = (err as { details?: { fields?: { field?: string }[] } }).details;
      if (d?.fields?.some((f) => f.field?.startsWith('form.'))) setStep(1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {title}
      {bundle.data.definition.slogan && <p>{bundle.data.definition.slogan}</p>}
      <Steps
        current={step}
        size="small"
        responsive={false}
        style={{ marginBottom: 16 }}
        items={[{ title: t('cs.bundle.stepQuestions') }, { title: t('cs.apply.stepForm') }, { title: t('cs.apply.stepMaterials') }, { title: t('cs.apply.stepReview') }]}
      />
      {server.alert}
      <Card title={<h2 className="tb-card-title">{t('cs.bundle.stepQuestions')}</h2>} style={{ marginBottom: 16, display: step === 0 ? undefined : 'none' }}>
        <Form form={answersForm} layout="vertical" name="answers">
          {questions.map((q) => (
            <Form.Item key={q.key} name={q.key} label={q.text[lang]} extra={q.help?.[lang]} rules={[{ required: true, message: t('cs.bundle.answer') }]}>
              {q.type === 'boolean' ? (
                <Radio.Group options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} />
              ) : q.type === 'choice' ? (
                <Radio.Group options={(q.options ?? []).map((o) => ({ value: o.value, label: o.label[lang] }))} />
              ) : (
                <InputNumber min={q.min} max={q.max} addonAfter={q.unit} />
              )}
            </Form.Item>
          ))}
        </Form>
      </Card>
      {plan && step > 0 && (
        <Card title={<h2 className="tb-card-title">{t('cs.bundle.items')}</h2>} style={{ marginBottom: 16 }}>
          <Table
            size="small"
            rowKey="itemCode"
            pagination={false}
            scroll={{ x: true }}
            dataSource={plan.items}
            data-testid="bundle-items"
            columns={[
              { title: t('cs.bundle.stage'), key: 'stage', render: (_, i) => `${i.stage + 1}. ${i.stageName[lang]}` },
              { title: t('cs.item'), dataIndex: 'name' },
              { title: t('cs.bundle.kind'), key: 'mandatory', render: (_, i) => <Tag>{t(i.mandatory ? 'cs.bundle.mandatory' : 'cs.bundle.optional')}</Tag> },
            ]}
          />
        </Card>
      )}
      <Form form={form} layout="vertical" name="bundleForm" onValuesChange={() => server.error && server.clear()}>
        <Card title={<h2 className="tb-card-title">{t('cs.apply.stepForm')}</h2>} style={{ marginBottom: 16, display: step === 1 ? undefined : 'none' }}>
          {plan && <FormSchemaFields fields={plan.form} />}
        </Card>
      </Form>
      {step === 2 && plan && (
        <Card title={<h2 className="tb-card-title">{t('cs.apply.stepMaterials')}</h2>} style={{ marginBottom: 16 }}>
          <p>{t('cs.bundle.materialsHelp')}</p>
          <ul className="tb-material-list">
            {asked.map((m) => (
              <MaterialPicker
                key={m.index}
                index={m.index}
                material={{ name: m.name, form: 'copy', count: m.count, required: m.required, deficiencyAllowed: m.deficiencyAllowed, licenceType: m.licenceType }}
                reusable={(reusable.data ?? []).filter((r) => r.name === m.name)}
                picked={picked[m.index]}
                onPicked={(p) => setPicked((all) => ({ ...all, [m.index]: p }))}
              />
            ))}
          </ul>
          {plan.materials.some((m) => m.suppliedBy) && (
            <Alert type="info" showIcon title={t('cs.bundle.supplied', { names: plan.materials.filter((m) => m.suppliedBy).map((m) => m.name).join('、') })} />
          )}
        </Card>
      )}
      {step === 3 && plan && (
        <Card title={<h2 className="tb-card-title">{t('cs.apply.stepReview')}</h2>} style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={1} bordered>
            {plan.form.map((f) => {
              const v = form.getFieldValue(['form', f.key]);
              const option = f.options?.find((o) => o.value === v);
              return <Descriptions.Item key={f.key} label={f.label[lang]}>{option ? option.label[lang] : v === undefined || v === '' ? '—' : String(v)}</Descriptions.Item>;
            })}
            {asked.map((m) => (
              <Descriptions.Item key={`m${m.index}`} label={m.name}>{pickedLabel(picked[m.index], t) ?? (m.required ? t('cs.mat.missing') : '—')}</Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
      <div className="tb-toolbar">
        {step > 0 && <Button onClick={() => setStep((s) => s - 1)}>{t('cs.apply.back')}</Button>}
        {step < 3 && <Button type="primary" disabled={busy} onClick={() => void next()}>{t('cs.apply.next')}</Button>}
        {step === 3 && <Button type="primary" loading={busy} onClick={() => void submit()}>{t('cs.apply.submit')}</Button>}
      </div>
    </>
  );
}

import { Alert, Button, Card, Descriptions, Form, InputNumber, Radio, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage, useLoad } from '../api.js';
import { loadBundle, planBundle, type Answers, type BundlePlan, type PublishedBundle } from '../cases/bundleApi.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { bundleName } from './bundleText.js';

const AUDIENCE: Record<string, MessageKey> = { person: 'role.applicant_person', enterprise: 'role.applicant_enterprise' };
const RESULT_KIND: Record<string, MessageKey> = { licence: 'bundle.kind.licence', decision: 'bundle.kind.decision' };

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Card className="tb-guide-section" title={<h2 id={id} className="tb-card-title">{title}</h2>} style={{ marginBottom: 16 }}>
      <section aria-labelledby={id}>{children}</section>
    </Card>
  );
}

/**
 * The longest a bundle can take when it states no limit of its own: per stage the longest promised limit of its
 * required items, summed (what the server derives for the items the answers choose; here every item counts).
 * Null when any of those items publishes no limit.
 */
function longestDerived(b: PublishedBundle): number | null {
  const promised = new Map(b.items.map((i) => [i.code, i.promisedLimit]));
  let total = 0;
  for (const stage of b.definition.stages) {
    let longest = 0;
    for (const item of stage.items.filter((i) => i.mandatory)) {
      const days = promised.get(item.itemCode);
      if (days == null) return null;
      longest = Math.max(longest, days);
    }
    total += longest;
  }
  return total;
}

/** 一件事指南 (/bundle/:code): what the bundle joins, in which stages, how long it takes, and what it hands out. */
export default function BundleGuide() {
  const { code = '' } = useParams();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const bundle = useLoad((signal) => loadBundle(code, signal), [code]);
  const [answersForm] = Form.useForm<Answers>();
  const [plan, setPlan] = useState<BundlePlan | null>(null);
  const [planError, setPlanError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (bundle.error) {
    return (
      <>
        <h1 className="tb-page-title">{t('bundle.title')}</h1>
        <ErrorState error={bundle.error} onRetry={bundle.reload} />
      </>
    );
  }
  if (!bundle.data) return <PageLoading />;
  const b = bundle.data;
  const d = b.definition;
  const items = new Map(b.items.map((i) => [i.code, i]));
  const derived = d.limit ? null : longestDerived(b);
  const limitText = d.limit
    ? t('guide.workingDays', { n: d.limit.days })
    : derived != null
      ? t('bundle.limitDerived', { n: derived })
      : t('bundle.limitUnknown');
  const itemCount = d.stages.reduce((n, s) => n + s.items.length, 0);

  const check = async () => {
    let values: Answers;
    try {
      values = await answersForm.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setPlanError(null);
    try {
      setPlan(await planBundle(code, values));
    } catch (err) {
      setPlan(null);
      setPlanError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="tb-guide">
      <p className="tb-result-code"><Link to="/search">{t('guide.back')}</Link></p>
      <h1 className="tb-page-title">{bundleName(d, lang)}</h1>
      <p className="tb-result-meta" data-testid="bundle-tags">
        <Tag className="tb-tag-ok">{t('bundle.tag')}</Tag>
        {d.slogan && <Tag>{d.slogan}</Tag>}
        <span>{t('bundle.counts', { items: itemCount, stages: d.stages.length })}</span>
        <span>{t('guide.version', { n: b.version })}</span>
      </p>
      <div className="tb-toolbar">
        <Button type="primary" onClick={() => navigate(`/apply/bundle/${encodeURIComponent(d.code)}`)}>{t('guide.apply')}</Button>
      </div>

      <Section id="bundle-basic" title={t('guide.basic')}>
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('guide.code')}>{d.code}</Descriptions.Item>
          <Descriptions.Item label={t('guide.audience')}>{d.audiences.map((a) => t(AUDIENCE[a] ?? 'role.applicant_person')).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('bundle.totalLimit')}>
            <span data-testid="bundle-limit">{limitText}</span>
            {d.limitRules.length > 0 && <div>{t('bundle.limitVaries')}</div>}
          </Descriptions.Item>
          {d.fee && <Descriptions.Item label={t('guide.fee')}>{d.fee.amountFen === 0 ? t('bundle.free') : t('bundle.yuan', { n: (d.fee.amountFen / 100).toFixed(2) })}</Descriptions.Item>}
          <Descriptions.Item label={t('bundle.delivery')}>
            {d.delivery.window}
            {d.delivery.note && <div>{d.delivery.note}</div>}
          </Descriptions.Item>
        </Descriptions>
      </Section>

      <Section id="bundle-stages" title={t('bundle.stages')}>
        <p>{t('bundle.stageParallel')}</p>
        <ol className="tb-stage-items" data-testid="bundle-stages">
          {d.stages.map((stage, n) => (
            <li key={stage.key}>
              <h3 className="tb-card-title">{t('bundle.stage', { n: n + 1, name: stage.name[lang] })}</h3>
              {stage.limit && <p className="tb-result-meta">{t('bundle.stageLimit', { n: stage.limit.days })}</p>}
              <ul className="tb-stage-items">
                {stage.items.map((si) => {
                  const item = items.get(si.itemCode);
                  return (
                    <li key={si.itemCode} className="tb-result-meta">
                      <span>{item?.name ?? si.itemCode}</span>
                      <Tag>{t(si.mandatory ? 'bundle.required' : 'bundle.optional')}</Tag>
                      {si.when !== undefined && <Tag>{t('bundle.conditional')}</Tag>}
                      {item?.promisedLimit != null && <span>{t('search.promised', { n: item.promisedLimit })}</span>}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ol>
      </Section>

      <Section id="bundle-questions" title={t('bundle.questions')}>
        <p>{t('bundle.questionsLead')}</p>
        <Form form={answersForm} layout="vertical" name="bundleQuestions" onValuesChange={() => setPlan(null)}>
          {d.questions.map((q) => (
            <Form.Item key={q.key} name={q.key} label={q.text[lang]} extra={q.help?.[lang]} rules={[{ required: true, message: t('cs.bundle.answer') }]}>
              {q.type === 'boolean' ? (
                <Radio.Group aria-label={q.text[lang]} options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} />
              ) : q.type === 'choice' ? (
                <Radio.Group aria-label={q.text[lang]} options={(q.options ?? []).map((o) => ({ value: o.value, label: o.label[lang] }))} />
              ) : (
                <InputNumber min={q.min} max={q.max} suffix={q.unit} />
              )}
            </Form.Item>
          ))}
        </Form>
        <Button loading={busy} onClick={() => void check()}>{t('bundle.check')}</Button>
      </Section>

      <Section id="bundle-package" title={t('bundle.package')}>
        {planError ? (
          <Alert type="warning" showIcon role="alert" title={errorMessage(planError, lang)} />
        ) : !plan ? (
          <p>{t('bundle.packageLead')}</p>
        ) : (
          <div data-testid="bundle-package">
            <p>{plan.limit?.days != null ? t('bundle.planLimit', { n: plan.limit.days }) : t('bundle.planLimitNone')}</p>
            <Table
              size="small"
              rowKey="itemCode"
              pagination={false}
              scroll={{ x: true }}
              dataSource={plan.results}
              columns={[
                { title: t('bundle.result.name'), dataIndex: 'name' },
                { title: t('bundle.result.kind'), dataIndex: 'kind', render: (k: string) => t(RESULT_KIND[k] ?? 'bundle.kind.decision') },
                { title: t('bundle.result.item'), dataIndex: 'itemName' },
              ]}
            />
          </div>
        )}
      </Section>
    </article>
  );
}

import { Alert, Button, Card, Descriptions, Table, Tag } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { api, useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type Lang, type MessageKey } from '../i18n.js';
import type { Guide as GuideData } from '../types.js';

const pick = (label: { zh: string; en: string }, lang: Lang) => label[lang];
const MATERIAL_FORM: Record<string, MessageKey> = { original: 'guide.form.original', copy: 'guide.form.copy', electronic: 'guide.form.electronic' };
const STEP_ROLE: Record<string, MessageKey> = { window_clerk: 'role.window_clerk', approver: 'role.approver' };

/** A blank form is a link when the catalog gives an address, otherwise the name of the form to ask for. */
function BlankForm({ value }: { value: string }) {
  return /^(https?:\/\/|\/)/.test(value) ? <a href={value} target="_blank" rel="noreferrer">{value}</a> : <span>{value}</span>;
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Card className="tb-guide-section" title={<h2 id={id} className="tb-card-title">{title}</h2>} style={{ marginBottom: 16 }}>
      <section aria-labelledby={id}>{children}</section>
    </Card>
  );
}

/** 办事指南 (/guide/:id): everything an applicant needs to know before applying, from the published version. */
export default function Guide() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const guide = useLoad((signal) => api.get<GuideData>(`/api/v1/catalog/items/${encodeURIComponent(id)}/guide`, { signal }), [id]);
  if (guide.error) {
    return (
      <>
        <h1 className="tb-page-title">{t('guide.title')}</h1>
        <ErrorState error={guide.error} onRetry={guide.reload} />
      </>
    );
  }
  if (!guide.data) return <PageLoading />;
  const g = guide.data;
  const name = lang === 'en' && g.nameEn ? g.nameEn : g.name;
  return (
    <article className="tb-guide">
      <p className="tb-result-code"><Link to="/search">{t('guide.back')}</Link></p>
      <h1 className="tb-page-title">{name}</h1>
      <p className="tb-result-meta" data-testid="guide-tags">
        <Tag>{pick(g.onlineDepth, lang)}</Tag>
        {g.fourWays.map((w) => <Tag key={w.zh} className="tb-tag-ok">{pick(w, lang)}</Tag>)}
        {g.scopes.map((s) => <Tag key={s.zh}>{pick(s, lang)}</Tag>)}
        {g.pledgeAllowed && <Tag>{t('guide.pledge')}</Tag>}
        <span>{t('guide.version', { n: g.version })}</span>
      </p>
      {g.suspended && <Alert type="warning" showIcon role="alert" style={{ marginBottom: 16 }} title={t('guide.suspended')} description={g.suspendedReason ?? undefined} />}
      <div className="tb-toolbar">
        {g.suspended ? (
          <Button type="primary" disabled>{t('guide.apply')}</Button>
        ) : (
          <Button type="primary" onClick={() => navigate(`/apply/item/${g.itemId}`)}>{t('guide.apply')}</Button>
        )}
      </div>

      <Section id="guide-basic" title={t('guide.basic')}>
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('guide.code')}>{g.code}</Descriptions.Item>
          <Descriptions.Item label={t('guide.department')}>{g.department.name}</Descriptions.Item>
          <Descriptions.Item label={t('guide.powerType')}>{pick(g.powerType, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('guide.level')}>{pick(g.level, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('guide.audience')}>{g.audiences.map((a) => pick(a, lang)).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('guide.legalLimit')}><span data-testid="guide-legal-limit">{pick(g.legalLimit.text, lang)}</span></Descriptions.Item>
          <Descriptions.Item label={t('guide.promisedLimit')}><span data-testid="guide-promised-limit">{pick(g.promisedLimit.text, lang)}</span></Descriptions.Item>
          <Descriptions.Item label={t('guide.fee')}>{pick(g.fee.text, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('guide.visits')}>{pick(g.visits.text, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('guide.onlineDepth')}>{pick(g.onlineDepth, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('guide.fourWays')}>{g.fourWays.map((w) => pick(w, lang)).join('、') || t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('guide.scopes')}>{g.scopes.map((s) => pick(s, lang)).join('、') || t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('guide.result')}>{g.result.name}</Descriptions.Item>
          <Descriptions.Item label={t('guide.legalBasis')}>{g.legalBasis}</Descriptions.Item>
        </Descriptions>
      </Section>

      <Section id="guide-conditions" title={t('guide.conditions')}>
        {g.conditions.length ? <ol data-testid="guide-conditions">{g.conditions.map((c, i) => <li key={i}>{c}</li>)}</ol> : <p>{t('common.none')}</p>}
      </Section>

      <Section id="guide-materials" title={t('guide.materials')}>
        <Table
          size="small"
          rowKey="name"
          pagination={false}
          scroll={{ x: true }}
          dataSource={g.materials}
          data-testid="guide-materials"
          columns={[
            { title: t('guide.material.name'), dataIndex: 'name' },
            { title: t('guide.material.form'), dataIndex: 'form', render: (f: string) => t(MATERIAL_FORM[f] ?? 'guide.form.original') },
            { title: t('guide.material.count'), dataIndex: 'count' },
            { title: t('guide.material.required'), dataIndex: 'required', render: (r: boolean) => t(r ? 'common.yes' : 'common.no') },
            { title: t('guide.material.deficiency'), dataIndex: 'deficiencyAllowed', render: (r: boolean) => t(r ? 'common.yes' : 'common.no') },
            {
              title: t('guide.material.blankForm'),
              key: 'blank',
              render: (_, m) => (
                <>
                  {m.blankForm ? <BlankForm value={m.blankForm} /> : null}
                  {m.sample ? <div>{t('guide.material.sample')}: <BlankForm value={m.sample} /></div> : null}
                  {!m.blankForm && !m.sample ? t('common.none') : null}
                </>
              ),
            },
            { title: t('guide.material.licence'), key: 'licence', render: (_, m) => (m.licenceTypeName ? t('guide.material.licenceReuse', { name: m.licenceTypeName }) : '') },
          ]}
        />
      </Section>

      <Section id="guide-steps" title={t('guide.steps')}>
        <ol data-testid="guide-steps">
          {g.steps.map((s, i) => (
            <li key={i}>{s.name} — {s.department}({t(STEP_ROLE[s.role] ?? 'role.approver')})</li>
          ))}
        </ol>
        {g.specialProcedures.length > 0 && (
          <>
            <h3 className="tb-card-title">{t('guide.special')}</h3>
            <ul>
              {g.specialProcedures.map((p) => (
                <li key={p.name}>{p.name}:{p.days == null ? t('guide.notPublished') : t(p.calendarDays ? 'guide.calendarDays' : 'guide.workingDays', { n: p.days })}</li>
              ))}
            </ul>
          </>
        )}
      </Section>

      <Section id="guide-where" title={t('guide.where')}>
        {g.windows.length ? (
          <ul>
            {g.windows.map((w) => (
              <li key={w.name}>
                <strong>{w.name}</strong>
                {w.address && <div>{t('guide.address')}:{w.address}</div>}
                {w.hours && <div>{t('guide.hours')}:{w.hours}</div>}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('common.none')}</p>
        )}
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('guide.consult')}>{g.phones.consult.join('、') || t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('guide.complaint')}>{g.phones.complaint.join('、') || t('common.none')}</Descriptions.Item>
        </Descriptions>
      </Section>
    </article>
  );
}

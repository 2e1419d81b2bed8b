import { Alert, Descriptions, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { ActionButton, ActionOutcome } from './actions.js';
import { loadBundleCase, type BundleCase, type BundleMembership } from './bundleApi.js';
import { CardMark, formatTime, Section, StateTag, useCodeLabel } from './parts.js';

/**
 * A 联办件: its own clock and card, its stages in order, and every chosen item's case (linked to the case page
 * of the surface showing it). The hall's clerk accepts it once (一窗受理) and hands out every result at once
 * (统一出件); each item's steps are done on its own case.
 */
export function BundleView({ id, caseLink, back, backLabel }: { id: string; caseLink: (caseId: string) => string; back: string; backLabel: MessageKey }) {
  const { t, lang } = useI18n();
  const label = useCodeLabel();
  const data = useLoad((signal) => loadBundleCase(id, signal), [id]);
  const [outcome, setOutcome] = useState<string | null>(null);
  const head = <p className="tb-result-code"><Link to={back}>{t(backLabel)}</Link></p>;
  if (data.error) return <>{head}<h1 className="tb-page-title">{t('cs.bundle.caseTitle')}</h1><ErrorState error={data.error} onRetry={data.reload} /></>;
  if (!data.data) return <PageLoading />;
  const b = data.data;
  const done = (_r: unknown, action: MessageKey) => {
    setOutcome(t('cs.act.done', { action: t(action) }));
    data.reload();
  };
  return (
    <>
      {head}
      <h1 className="tb-page-title">{lang === 'en' ? b.nameEn : b.name}</h1>
      {outcome && <ActionOutcome text={outcome} />}
      <Section title={t('cs.overview')}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} data-testid="bundle-header">
          <Descriptions.Item label={t('cs.number')}><span data-testid="bundle-number">{b.number}</span></Descriptions.Item>
          <Descriptions.Item label={t('cs.state')}><Tag data-bundle-status={b.status}>{label('cs.bundle.status', b.status)}</Tag></Descriptions.Item>
          {b.outcome && (
            <Descriptions.Item label={t('cs.bundle.outcome')}>
              <Tag className={b.outcome === 'approved' ? 'tb-tag-ok' : undefined} data-bundle-outcome={b.outcome}>{label('cs.bundle.outcome', b.outcome)}</Tag>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('cs.applicant')}>{b.applicantName} ({b.applicantIdMasked})</Descriptions.Item>
          <Descriptions.Item label={t('cs.clock.limit')}>{b.clock.limitDays === null ? '—' : t('cs.clock.days', { n: b.clock.limitDays })}</Descriptions.Item>
          <Descriptions.Item label={t('cs.clock.due')}>{formatTime(b.clock.due, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('cs.clock.card')}><CardMark card={b.clock.card} /></Descriptions.Item>
        </Descriptions>
        {b.abilities.length > 0 && (
          <Space wrap style={{ marginTop: 12 }}>
            {b.abilities.includes('accept') && (
              <ActionButton primary label="cs.bundle.accept" confirm="cs.bundle.acceptConfirm" run={() => api.post(`/api/v1/bundle-cases/${b.id}/accept`)} onDone={done} testId="bundle-accept" />
            )}
            {b.abilities.includes('withdraw') && (
              <ActionButton
                danger
                label="cs.bundle.withdraw"
                confirm="cs.bundle.withdrawConfirm"
                fields={[{ name: 'reason', label: 'cs.bundle.withdrawReason', kind: 'textarea' }]}
                run={(v) => api.post(`/api/v1/bundle-cases/${b.id}/withdraw`, typeof v.reason === 'string' && v.reason.trim() ? { reason: v.reason.trim() } : {})}
                onDone={done}
                testId="bundle-withdraw"
              />
            )}
            {b.abilities.includes('deliver') && (
              <ActionButton
                primary
                label="cs.bundle.deliver"
                confirm="cs.bundle.deliverConfirm"
                fields={[
                  { name: 'method', label: 'cs.deliver.method', kind: 'select', required: true, initial: 'window', options: (['window', 'post', 'electronic'] as const).map((m) => ({ value: m, label: t(`cs.deliver.${m}`) })) },
                  { name: 'receiverName', label: 'cs.deliver.receiver', required: true, initial: b.applicantName },
                ]}
                run={(v) => api.post(`/api/v1/bundle-cases/${b.id}/deliver`, v)}
                onDone={done}
                testId="bundle-deliver"
              />
            )}
          </Space>
        )}
      </Section>
      <Section title={t('cs.bundle.stages')}>
        <ol className="tb-stage-list" data-testid="bundle-stages">
          {b.stages.map((s) => (
            <li key={s.index} data-stage-status={s.status}>
              <strong>{s.name[lang]}</strong> <Tag>{label('cs.bundle.stageStatus', s.status)}</Tag>
            </li>
          ))}
        </ol>
      </Section>
      <Section title={t('cs.bundle.children')}>
        <Table<BundleCase['children'][number]>
          size="small"
          rowKey="itemCode"
          pagination={false}
          scroll={{ x: true }}
          dataSource={b.children}
          data-testid="bundle-children"
          columns={[
            { title: t('cs.bundle.stage'), key: 'stage', render: (_, c) => b.stages[c.stage]?.name[lang] ?? c.stage + 1 },
            { title: t('cs.item'), key: 'item', render: (_, c) => (c.case ? <Link to={caseLink(c.case.id)}>{c.itemName}</Link> : c.itemName) },
            { title: t('cs.bundle.kind'), key: 'mandatory', render: (_, c) => t(c.mandatory ? 'cs.bundle.mandatory' : 'cs.bundle.optional') },
            { title: t('cs.number'), key: 'number', render: (_, c) => c.case?.number ?? '—' },
            { title: t('cs.state'), key: 'state', render: (_, c) => (c.case ? <StateTag state={c.case.state} /> : label('cs.bundle.childStatus', c.status)) },
            { title: t('cs.clock.card'), key: 'card', render: (_, c) => (c.case?.dueAt ? <CardMark card={c.case.card} /> : '—') },
          ]}
        />
      </Section>
    </>
  );
}

/**
 * On the page of a case filed under a 一件事: which bundle and stage it belongs to, a link to the whole where the
 * surface has one, and for the applicant why a required item has no withdraw button of its own.
 */
export function PartOfBundle({ of, to, applicant = false }: { of: BundleMembership; to?: string; applicant?: boolean }) {
  const { t, lang } = useI18n();
  const text = t('cs.bundle.partOf', {
    name: lang === 'en' ? of.nameEn : of.name,
    number: of.number,
    stage: of.stage + 1,
    stageName: of.stageName?.[lang] ?? '',
    kind: t(of.mandatory ? 'cs.bundle.mandatory' : 'cs.bundle.optional'),
  });
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="part-of-bundle"
      title={text}
      description={applicant && !of.withdrawableAlone ? t('cs.bundle.withdrawWhole') : undefined}
      action={to ? <Link to={to}>{t('cs.bundle.viewWhole')}</Link> : undefined}
    />
  );
}

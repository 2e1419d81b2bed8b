import { Alert, App as AntApp, Button, Descriptions, Empty, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { errorMessage, useLoad } from '../api.js';
import { formatTime, Section } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { bundleRatings, caseRatings, rateBundle, rateCase, rectificationStep, type CaseRatings, type RatingInput, type RatingView } from './api.js';
import { LevelText, RatingForm } from './RatingForm.js';

/** 回访: satisfied closes the item; not satisfied asks why, and the department works on it again (once). */
function FollowUp({ r, onDone }: { r: RatingView; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [why, setWhy] = useState<string | null>(null);
  const answer = async (satisfied: boolean) => {
    setBusy(true);
    try {
      await rectificationStep(r.id, 'follow-up', satisfied ? { satisfied } : { satisfied, note: why ?? '' });
      onDone();
    } catch (err) {
      void message.error(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Alert
      type="warning"
      showIcon
      title={t('rt.followUp.ask')}
      data-testid="rating-follow-up"
      description={why !== null && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <label htmlFor={`why-${r.id}`}>{t('rt.followUp.why')}</label>
          <Input.TextArea id={`why-${r.id}`} rows={2} maxLength={1000} value={why} onChange={(e) => setWhy(e.target.value)} data-testid="rating-follow-up-why" />
          <Space wrap>
            <Button danger type="primary" loading={busy} disabled={!why.trim()} onClick={() => void answer(false)} data-testid="rating-follow-up-send">{t('rt.followUp.send')}</Button>
            <Button onClick={() => setWhy(null)}>{t('rt.cancel')}</Button>
          </Space>
        </Space>
      )}
      action={why === null && (
        <Space wrap>
          <Button type="primary" loading={busy} onClick={() => void answer(true)}>{t('rt.followUp.yes')}</Button>
          <Button danger loading={busy} onClick={() => setWhy('')}>{t('rt.followUp.no')}</Button>
        </Space>
      )}
    />
  );
}

function Given({ r, onDone }: { r: RatingView; onDone: () => void }) {
  const { t, lang } = useI18n();
  return (
    <div className="tb-rating-given" data-testid="rating-given" data-rating={r.id} style={{ marginBottom: 12 }}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('rt.stage')}>{r.stage ? t(`rt.stage.${r.stage}` as MessageKey) : '—'} · {t(`rt.channel.${r.channel}` as MessageKey)}</Descriptions.Item>
        <Descriptions.Item label={t('rt.level')}><LevelText level={r.level} /></Descriptions.Item>
        <Descriptions.Item label={t('rt.ratedAt')}>{formatTime(r.ratedAt, lang)}</Descriptions.Item>
        {r.rectification && <Descriptions.Item label={t('rt.rect.state')}><Tag data-testid="rating-rect-state" data-state={r.rectification.state}>{t(`rt.rect.state.${r.rectification.state}` as MessageKey)}</Tag></Descriptions.Item>}
      </Descriptions>
      {r.excluded && <Alert type="info" title={t('rt.excluded', { reason: r.excludedReason ?? '' })} />}
      {r.rectification?.state === 'follow_up' && r.rectification.abilities.includes('follow_up') && <FollowUp r={r} onDone={onDone} />}
    </div>
  );
}

function Panel({ data, reload, rate }: { data: CaseRatings; reload: () => void; rate: (r: RatingInput & { channel: 'online'; stage: 'accept' | 'conclude' }) => Promise<unknown> }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [stage, setStage] = useState<'accept' | 'conclude' | null>(null);
  const rated = new Set(data.items.filter((r) => r.channel === 'online').map((r) => r.stage));
  const open = data.stages.filter((s) => !s.problem && !rated.has(s.stage));
  return (
    <>
      {data.items.length ? data.items.map((r) => <Given key={r.id} r={r} onDone={reload} />) : <Empty description={t('rt.none')} />}
      {data.closesAt && <p className="tb-result-code">{t('rt.closesAt', { at: formatTime(data.closesAt, lang) })}</p>}
      {open.length > 0 && !stage && (
        <Space wrap>
          {open.map((s) => (
            <Button key={s.stage} type="primary" onClick={() => setStage(s.stage as 'accept' | 'conclude')} data-testid={`rate-${s.stage}`}>
              {t('rt.rateThis')}({t(`rt.stage.${s.stage}` as MessageKey)})
            </Button>
          ))}
        </Space>
      )}
      {stage && (
        <RatingForm
          name={`rate-${stage}`}
          onSubmit={async (r) => {
            await rate({ ...r, channel: 'online', stage });
            void message.success(t('rt.thanks'));
            setStage(null);
            reload();
          }}
        />
      )}
    </>
  );
}

/** 一事一评 on the applicant's case page: what was rated, the stages still open, and the 回访 of a 差评. */
export function CaseRatingPanel({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const data = useLoad((signal) => caseRatings(caseId, signal), [caseId]);
  return (
    <Section title={t('rt.title')} className="tb-rating-panel">
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : !data.data ? <PageLoading /> : <Panel data={data.data} reload={data.reload} rate={(r) => rateCase(caseId, r)} />}
    </Section>
  );
}

/** 一事一评 of a 一件事 as a whole, on the applicant's bundle page: the same panel, bound to the bundle case. */
export function BundleRatingPanel({ bundleId }: { bundleId: string }) {
  const { t } = useI18n();
  const data = useLoad((signal) => bundleRatings(bundleId, signal), [bundleId]);
  return (
    <Section title={t('rt.bundleTitle')} className="tb-rating-panel">
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : !data.data ? <PageLoading /> : <Panel data={data.data} reload={data.reload} rate={(r) => rateBundle(bundleId, r)} />}
    </Section>
  );
}

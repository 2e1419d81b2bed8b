import { Alert, App as AntApp, Button, Descriptions, Empty, Space, Tag } from 'antd';
import { useState } from 'react';
import { errorMessage, useLoad } from '../api.js';
import { formatTime, Section } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { caseRatings, rateCase, rectificationStep, type CaseRatings, type RatingView } from './api.js';
import { LevelText, RatingForm } from './RatingForm.js';

function FollowUp({ r, onDone }: { r: RatingView; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const answer = async (satisfied: boolean) => {
    setBusy(true);
    try {
      await rectificationStep(r.id, 'follow-up', { satisfied });
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
      action={
        <Space wrap>
          <Button type="primary" loading={busy} onClick={() => void answer(true)}>{t('rt.followUp.yes')}</Button>
          <Button danger loading={busy} onClick={() => void answer(false)}>{t('rt.followUp.no')}</Button>
        </Space>
      }
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

function Panel({ data, reload, caseId }: { data: CaseRatings; reload: () => void; caseId: string }) {
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
            await rateCase(caseId, { ...r, channel: 'online', stage });
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
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : !data.data ? <PageLoading /> : <Panel data={data.data} reload={data.reload} caseId={caseId} />}
    </Section>
  );
}

import { Descriptions, Empty, List, Segmented, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useLoad } from '../api.js';
import { formatTime } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { listRectifications, rectificationStep, type Rectification } from './api.js';
import { DueCell, StateTag, StepButton, useOptionLabel } from './parts.js';
import { LevelText } from './RatingForm.js';
import './ratings.css';

function Actions({ r, onDone }: { r: Rectification; onDone: () => void }) {
  const can = (a: string) => r.abilities.includes(a);
  return (
    <Space wrap>
      {can('verify') && r.state === 'verifying' && (
        <StepButton
          primary
          label="rt.verify"
          testId="rect-verify"
          fields={[
            { name: 'classification', label: 'rt.classification', kind: 'choice', choices: (['immediate', 'scheduled', 'explanation'] as const).map((c) => ({ value: c, label: `rt.class.${c}` as MessageKey })) },
            { name: 'reply', label: 'rt.replyToRater' },
          ]}
          run={(v) => rectificationStep(r.ratingId, 'verify', v)}
          onDone={onDone}
        />
      )}
      {can('rectify') && r.state === 'rectifying' && <StepButton primary label="rt.rectify" testId="rect-rectify" fields={[{ name: 'note', label: 'rt.rectifyNote' }]} run={(v) => rectificationStep(r.ratingId, 'rectify', v)} onDone={onDone} />}
      {can('appeal') && (r.state === 'verifying' || r.state === 'rectifying') && r.appeal.state === 'none' && (
        <StepButton
          label="rt.appeal"
          testId="rect-appeal"
          fields={[
            { name: 'kind', label: 'rt.appeal.kind', kind: 'choice', choices: [{ value: 'malicious', label: 'rt.appeal.malicious' }, { value: 'mistaken', label: 'rt.appeal.mistaken' }] },
            { name: 'reason', label: 'rt.appeal.reason' },
          ]}
          run={(v) => rectificationStep(r.ratingId, 'appeal', v)}
          onDone={onDone}
        />
      )}
    </Space>
  );
}

export function RectificationItem({ r, onDone, caseLink, actions }: { r: Rectification; onDone: () => void; caseLink?: (id: string) => string; actions?: React.ReactNode }) {
  const { t, lang } = useI18n();
  const optionLabel = useOptionLabel();
  return (
    <List.Item key={r.ratingId} data-rating={r.ratingId} data-testid="rectification">
      <List.Item.Meta
        title={<Space wrap><LevelText level={r.level} /><span>{r.itemName}</span><StateTag r={r} /></Space>}
        description={
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('rt.case')}>{r.caseId && r.caseNumber ? (caseLink ? <Link to={caseLink(r.caseId)}>{r.caseNumber}</Link> : r.caseNumber) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('rt.ratedAt')}>{formatTime(r.ratedAt, lang)} · {t(`rt.channel.${r.channel}` as MessageKey)}{r.stage ? ` · ${t(`rt.stage.${r.stage}` as MessageKey)}` : ''}</Descriptions.Item>
            <Descriptions.Item label={t('rt.comment')}>{[...r.options.map(optionLabel), r.comment].filter(Boolean).join(';') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('rt.staff')}>{r.staffNames.join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('rt.due')}><DueCell r={r} /></Descriptions.Item>
            {r.classification && <Descriptions.Item label={t('rt.classification')}>{t(`rt.class.${r.classification}` as MessageKey)}</Descriptions.Item>}
            {r.reply && <Descriptions.Item label={t('rt.reply')}>{r.reply}</Descriptions.Item>}
            {r.rectifyNote && <Descriptions.Item label={t('rt.rectifyNote')}>{r.rectifyNote}</Descriptions.Item>}
            {r.followUpSatisfied !== null && <Descriptions.Item label={t('rt.followUp.yes')}>{t(r.followUpSatisfied ? 'rt.followUp.yes' : 'rt.followUp.no')}</Descriptions.Item>}
            {r.reopen.reason && <Descriptions.Item label={t('rt.followUp.no')}><span data-testid="rect-reopen-reason">{t('rt.reopened', { reason: r.reopen.reason })}</span></Descriptions.Item>}
            {r.escalation.decision && <Descriptions.Item label={t('rt.escalation.decision')}>{r.escalation.decision}</Descriptions.Item>}
            {r.appeal.reason && <Descriptions.Item label={t('rt.appeal.reason')}>{r.appeal.reason}</Descriptions.Item>}
          </Descriptions>
        }
      />
      {actions ?? <Actions r={r} onDone={onDone} />}
    </List.Item>
  );
}

/** 差评整改 inbox of a department: each 差评 with its running deadline (核实 1 working day, then 整改) and card. */
export default function DepartmentInbox() {
  const { t } = useI18n();
  const [state, setState] = useState<'open' | 'closed'>('open');
  const list = useLoad((signal) => listRectifications({ state }, signal), [state]);
  return (
    <>
      <h1 className="tb-page-title">{t('rt.inbox.title')}</h1>
      <Segmented value={state} onChange={(v) => setState(v as 'open' | 'closed')} options={[{ value: 'open', label: t('rt.sup.open') }, { value: 'closed', label: t('rt.rect.state.closed') }]} style={{ marginBottom: 12 }} />
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <PageLoading />
      ) : !list.data.length ? (
        <Empty description={t('rt.inbox.empty')} />
      ) : (
        <List data-testid="rectifications" dataSource={list.data} renderItem={(r) => <RectificationItem r={r} onDone={list.reload} caseLink={(id) => `/approve/cases/${id}`} />} />
      )}
    </>
  );
}

import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, ExclamationCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import './cases.css';
import { Button, Card, Descriptions, Empty, Table, Tag, Timeline } from 'antd';
import type { ReactNode } from 'react';
import { useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { hasMessage, useI18n, type Lang, type MessageKey } from '../i18n.js';
import { caseUrl, loadEvents, type Card as CardColour, type CaseDetail, type CaseSummary, type PublishedVersion } from './caseApi.js';

/** A label for a code the server sends (state, action, document kind): the catalog's text, or the code itself. */
export function useCodeLabel() {
  const { t } = useI18n();
  return (prefix: string, code: string) => {
    const key = `${prefix}.${code}`;
    return hasMessage(key) ? t(key as MessageKey) : code;
  };
}

export function formatTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  // Deadlines are set in the halls' working hours, so they read in Beijing time wherever the browser is.
  return new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

const CARD_ICON: Record<CardColour, ReactNode> = {
  green: <CheckCircleOutlined aria-hidden />,
  yellow: <ExclamationCircleOutlined aria-hidden />,
  red: <CloseCircleOutlined aria-hidden />,
};
const CARD_CLASS: Record<CardColour, string> = { green: 'tb-tag-ok', yellow: 'tb-tag-warn', red: 'tb-tag-bad' };

/** The urgency mark: an icon and a word besides the colour, so it reads without colour vision too. */
export function CardMark({ card, paused }: { card: CardColour | null; paused?: boolean }) {
  const { t } = useI18n();
  if (paused) return <Tag icon={<PauseCircleOutlined aria-hidden />} data-card="paused">{t('cs.card.paused')}</Tag>;
  if (!card) return <Tag icon={<ClockCircleOutlined aria-hidden />} data-card="none">{t('cs.card.none')}</Tag>;
  return <Tag className={CARD_CLASS[card]} icon={CARD_ICON[card]} data-card={card}>{t(`cs.card.${card}`)}</Tag>;
}

export function StateTag({ state }: { state: string }) {
  const label = useCodeLabel();
  const tone = state === 'rejected' || state === 'concluded_denied' || state === 'revoked' ? 'tb-tag-bad' : state === 'delivered' || state === 'concluded_approved' ? 'tb-tag-ok' : state.includes('correction') ? 'tb-tag-warn' : undefined;
  return <Tag className={tone} data-state={state}>{label('cs.state', state)}</Tag>;
}

/** Who the case waits for now, in words an applicant understands. */
export function waitingOn(c: CaseSummary, t: (k: MessageKey, v?: Record<string, string | number>) => string): string {
  switch (c.state) {
    case 'submitted':
      return t('cs.wait.submitted');
    case 'correction_requested':
    case 'step_correction':
      return t('cs.wait.applicant');
    case 'in_steps':
      return t('cs.wait.step', { step: c.currentStepName ?? '' });
    case 'special_procedure':
      return t('cs.wait.special');
    case 'concluded_approved':
    case 'concluded_denied':
      return t('cs.wait.delivery');
    default:
      return t('cs.wait.none');
  }
}

export function ClockPanel({ c }: { c: CaseDetail }) {
  const { t, lang } = useI18n();
  const k = c.clock;
  const remaining = k.remainingWorkingDays === null ? '—' : t('cs.clock.days', { n: Math.round(k.remainingWorkingDays * 100) / 100 });
  const closed = k.closed;
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered data-testid="case-clock">
      <Descriptions.Item label={t('cs.clock.kind')}>{k.kind ? t(`cs.clock.${k.kind}`) : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('cs.clock.limit')}>{k.limitDays === null ? '—' : t('cs.clock.days', { n: k.limitDays })}</Descriptions.Item>
      <Descriptions.Item label={t('cs.clock.due')}>{formatTime(closed ? closed.due : k.due, lang)}</Descriptions.Item>
      {closed ? (
        <>
          <Descriptions.Item label={t('cs.clock.concludedAt')}>{formatTime(closed.at, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('cs.clock.used')}><span data-testid="case-used">{t('cs.clock.days', { n: closed.usedWorkingDays })}</span></Descriptions.Item>
          <Descriptions.Item label={t('cs.clock.result')}>
            <Tag className={closed.overdue ? 'tb-tag-bad' : 'tb-tag-ok'} icon={closed.overdue ? CARD_ICON.red : CARD_ICON.green} data-closed={closed.overdue ? 'overdue' : 'on_time'}>
              {t(closed.overdue ? 'cs.clock.closedOverdue' : 'cs.clock.closedOnTime')}
            </Tag>
          </Descriptions.Item>
        </>
      ) : (
        <>
          <Descriptions.Item label={t('cs.clock.remaining')}><span data-testid="case-remaining">{remaining}</span></Descriptions.Item>
          <Descriptions.Item label={t('cs.clock.card')}><CardMark card={k.card} paused={k.paused} /></Descriptions.Item>
        </>
      )}
      <Descriptions.Item label={t('cs.waitingOn')}><span data-testid="case-waiting">{waitingOn(c, t)}</span></Descriptions.Item>
      {k.provisional && <Descriptions.Item label={t('cs.clock.provisional')}>{t('cs.clock.provisionalBody')}</Descriptions.Item>}
    </Descriptions>
  );
}

/** The case's event log as a timeline, oldest first: what happened, when and by whom. */
export function CaseTimeline({ id, version }: { id: string; version: number }) {
  const { t, lang } = useI18n();
  const label = useCodeLabel();
  const events = useLoad((signal) => loadEvents(id, signal), [id, version]);
  if (events.error) return <ErrorState error={events.error} onRetry={events.reload} />;
  if (!events.data) return <PageLoading />;
  return (
    <Timeline
      data-testid="case-timeline"
      items={events.data.map((e) => ({
        key: e.seq,
        children: (
          <div data-action={e.action}>
            <strong>{label('cs.action', e.action)}</strong>
            <div className="tb-result-code">
              {formatTime(e.at, lang)} · {e.actorName ?? t('cs.system')} · {label('cs.role', e.role)}
            </div>
          </div>
        ),
      }))}
    />
  );
}

/** The form as filed, labelled from the published version the case was filed under. */
export function FormValues({ c, version }: { c: CaseDetail; version: PublishedVersion | undefined }) {
  const { lang } = useI18n();
  const labels = new Map((version?.content.form.fields ?? []).map((f) => [f.key, f.label[lang]]));
  const options = new Map((version?.content.form.fields ?? []).flatMap((f) => (f.options ?? []).map((o) => [`${f.key}=${o.value}`, o.label[lang]] as const)));
  // In the form's own order; a key the version does not know (it should not happen) goes last.
  const order = new Map((version?.content.form.fields ?? []).map((f, i) => [f.key, i]));
  const ordered = Object.entries(c.form).sort(([a], [b]) => (order.get(a) ?? 999) - (order.get(b) ?? 999));
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} bordered>
      {ordered.map(([k, v]) => (
        <Descriptions.Item key={k} label={labels.get(k) ?? k}>
          {options.get(`${k}=${String(v)}`) ?? String(v)}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

/** Where a material's file can be read: the case's material route, when the server offers it. */
export const materialFileUrl = (caseId: string, materialId: string) => caseUrl(caseId, `materials/${materialId}/file`);

export function ReviewTag({ review, reason }: { review: string; reason?: string | null }) {
  const label = useCodeLabel();
  const tone = review === 'ok' ? 'tb-tag-ok' : review === 'faulty' ? 'tb-tag-bad' : undefined;
  return (
    <span>
      <Tag className={tone} data-review={review}>{label('cs.review', review)}</Tag>
      {reason && <span className="tb-result-code">{reason}</span>}
    </span>
  );
}

/** The item's material list against what the case holds: each requirement with its current material. */
export function MaterialsTable({ c, actions }: { c: CaseDetail; actions?: (m: CaseDetail['materials'][number]) => ReactNode }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const current = c.materials.filter((m) => !m.superseded);
  const rows = c.requirements.map((r, i) => ({ requirement: i, r, m: current.find((m) => m.requirement === i) }));
  return (
    <Table
      size="small"
      rowKey="requirement"
      pagination={false}
      scroll={{ x: true }}
      dataSource={rows}
      data-testid="case-materials"
      columns={[
        {
          title: t('cs.mat.name'),
          key: 'name',
          render: (_, row) => (
            <span>
              {row.r.name} {row.r.required ? <Tag>{t('cs.mat.required')}</Tag> : <Tag>{t('cs.mat.optional')}</Tag>}
              {row.r.deficiencyAllowed && <Tag className="tb-tag-warn">{t('cs.mat.deficiency')}</Tag>}
            </span>
          ),
        },
        {
          title: t('cs.mat.file'),
          key: 'file',
          render: (_, row) =>
            row.m ? (
              <span>
                {label('cs.source', row.m.source)}
                {row.m.size !== null && ` · ${Math.ceil(row.m.size / 1024)} KB`}
                {row.m.mime && ` · ${row.m.mime}`}
              </span>
            ) : (
              <span data-missing="true">{t('cs.mat.missing')}</span>
            ),
        },
        { title: t('cs.mat.review'), key: 'review', render: (_, row) => (row.m ? <ReviewTag review={row.m.review} reason={row.m.reviewReason} /> : '—') },
        ...(actions ? [{ title: t('common.actions'), key: 'actions', render: (_: unknown, row: (typeof rows)[number]) => (row.m ? actions(row.m) : null) }] : []),
      ]}
    />
  );
}

/**
 * The notices issued on the case. Each is the server's own A4 page (its print styles included); printing loads
 * it into a hidden frame and calls the browser's print, so what is printed is exactly what was issued.
 */
export function Documents({ c }: { c: CaseDetail }) {
  const { t, lang } = useI18n();
  const label = useCodeLabel();
  if (!c.documents.length) return <Empty description={t('cs.doc.none')} />;
  const print = (url: string) => {
    const frame = document.createElement('iframe');
    frame.className = 'tb-print-frame';
    frame.title = t('cs.doc.print');
    frame.src = url;
    frame.onload = () => {
      frame.contentWindow?.print();
      setTimeout(() => frame.remove(), 60_000);
    };
    document.body.appendChild(frame);
  };
  return (
    <ul className="tb-doc-list" data-testid="case-documents">
      {c.documents.map((d) => {
        const url = caseUrl(c.id, `documents/${d.id}`);
        return (
          <li key={d.id}>
            <a href={url} target="_blank" rel="noreferrer">{label('cs.doc', d.kind)}</a>
            <span className="tb-result-code"> {formatTime(d.createdAt, lang)} </span>
            <Button size="small" onClick={() => print(url)}>{t('cs.doc.print')}<span className="tb-sr-only">({label('cs.doc', d.kind)})</span></Button>
          </li>
        );
      })}
    </ul>
  );
}

/** The head of every case page: number, item, applicant, state. */
export function CaseHeader({ c }: { c: CaseSummary }) {
  const { t, lang } = useI18n();
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} data-testid="case-header">
      <Descriptions.Item label={t('cs.number')}><span data-testid="case-number">{c.number}</span></Descriptions.Item>
      <Descriptions.Item label={t('cs.item')}>{c.itemName}</Descriptions.Item>
      <Descriptions.Item label={t('cs.state')}><StateTag state={c.state} /></Descriptions.Item>
      <Descriptions.Item label={t('cs.applicant')}>{c.applicantName} ({c.applicantIdMasked})</Descriptions.Item>
      <Descriptions.Item label={t('cs.submittedAt')}>{formatTime(c.submittedAt, lang)}</Descriptions.Item>
      <Descriptions.Item label={t('cs.step')}>{c.currentStepName ?? '—'}</Descriptions.Item>
    </Descriptions>
  );
}

export function Section({ title, children, extra, className }: { title: string; children: ReactNode; extra?: ReactNode; className?: string }) {
  return (
    <Card className={className} title={<h2 className="tb-card-title">{title}</h2>} extra={extra} style={{ marginBottom: 16 }}>
      {children}
    </Card>
  );
}

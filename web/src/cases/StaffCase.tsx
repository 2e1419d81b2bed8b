import { App as AntApp, Alert, Button, Checkbox, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage, useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { ActionButton, ActionOutcome } from './actions.js';
import { PartOfBundle } from './BundleView.js';
import { act, caseUrl, loadCasePage, type ActionResult, type CaseDetail } from './caseApi.js';
import { Owed } from './Owed.js';
import { CaseHeader, CaseTimeline, ClockPanel, Documents, FormValues, materialFileUrl, MaterialsTable, Section } from './parts.js';

const toIso = (date: unknown) => new Date(`${String(date)}T17:00:00+08:00`).toISOString();

/** 预审 of one material: accept it, or mark it faulty with the reason the applicant will read. */
function ReviewButtons({ c, m, onDone }: { c: CaseDetail; m: CaseDetail['materials'][number]; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [faulty, setFaulty] = useState(false);
  const [reason, setReason] = useState('');
  const review = async (verdict: 'ok' | 'faulty') => {
    try {
      await act(c.id, `materials/${m.id}/review`, verdict === 'ok' ? { review: 'ok' } : { review: 'faulty', reason });
      setFaulty(false);
      onDone();
    } catch (err) {
      void message.error(errorMessage(err, lang));
    }
  };
  return (
    <Space wrap size={4}>
      <Button size="small" onClick={() => void review('ok')}>{t('cs.review.markOk')}<span className="tb-sr-only">({m.name})</span></Button>
      <Button size="small" danger onClick={() => setFaulty(true)}>{t('cs.review.markFaulty')}<span className="tb-sr-only">({m.name})</span></Button>
      <Modal open={faulty} title={t('cs.review.faultyOne', { name: m.name })} okText={t('cs.act.confirm')} cancelText={t('common.cancel')} okButtonProps={{ disabled: !reason.trim() }} onOk={() => void review('faulty')} onCancel={() => setFaulty(false)}>
        <label htmlFor={`reason-${m.id}`}>{t('cs.review.reason')}</label>
        <Input.TextArea id={`reason-${m.id}`} value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 2 }} />
      </Modal>
    </Space>
  );
}

/** Opens a material inline: images and PDF in the page, other types as a download. */
function Preview({ c, m }: { c: CaseDetail; m: CaseDetail['materials'][number] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (!m.fileHash) return null;
  const url = materialFileUrl(c.id, m.id);
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>{t('cs.mat.preview')}<span className="tb-sr-only">({m.name})</span></Button>
      <Modal open={open} title={m.name} footer={null} width={880} onCancel={() => setOpen(false)} destroyOnHidden>
        {m.mime?.startsWith('image/') ? (
          <img src={url} alt={m.name} style={{ maxWidth: '100%' }} />
        ) : m.mime === 'application/pdf' ? (
          <iframe src={url} title={m.name} style={{ width: '100%', height: '70vh', border: 0 }} />
        ) : (
          <a href={url} target="_blank" rel="noreferrer">{t('cs.mat.download')}</a>
        )}
      </Modal>
    </>
  );
}

/** 一次性告知: every missing or faulty material listed at once, each with its reason (pre-filled from 预审). */
function CorrectionButton({ c, onDone }: { c: CaseDetail; onDone: (r: ActionResult, label: MessageKey) => void }) {
  const { t, lang } = useI18n();
  const current = c.materials.filter((m) => !m.superseded);
  const initial = () =>
    Object.fromEntries(
      c.requirements.map((r, i) => {
        const m = current.find((x) => x.requirement === i);
        const needed = m ? m.review === 'faulty' : r.required && !r.deficiencyAllowed;
        return [i, { on: needed, reason: m?.reviewReason ?? (m ? '' : t('cs.corr.notGiven')) }];
      }),
    );
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Record<number, { on: boolean; reason: string }>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = Object.entries(items).filter(([, v]) => v.on);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = { items: chosen.map(([i, v]) => ({ requirement: Number(i), reason: v.reason.trim() })), ...(c.currentStep !== null ? { step: c.currentStep } : {}) };
      const r = await act(c.id, 'correction', body);
      setOpen(false);
      onDone(r, 'cs.act.correction');
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button onClick={() => { setItems(initial()); setError(null); setOpen(true); }} data-testid="act-correction">{t('cs.act.correction')}</Button>
      <Modal open={open} title={t('cs.act.correction')} okText={t('cs.act.confirm')} cancelText={t('common.cancel')} okButtonProps={{ loading: busy, disabled: !chosen.length || chosen.some(([, v]) => !v.reason.trim()) }} onOk={() => void submit()} onCancel={() => setOpen(false)} width={640}>
        <p>{t('cs.corr.help')}</p>
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
        <ul className="tb-material-list">
          {c.requirements.map((r, i) => (
            <li key={i} className="tb-material">
              <Checkbox checked={items[i]?.on ?? false} onChange={(e) => setItems((s) => ({ ...s, [i]: { reason: s[i]?.reason ?? '', on: e.target.checked } }))}>{r.name}</Checkbox>
              {items[i]?.on && (
                <Input
                  style={{ marginTop: 4 }}
                  aria-label={t('cs.corr.reasonFor', { name: r.name })}
                  value={items[i]?.reason ?? ''}
                  onChange={(e) => setItems((s) => ({ ...s, [i]: { on: true, reason: e.target.value } }))}
                />
              )}
            </li>
          ))}
        </ul>
      </Modal>
    </>
  );
}

/**
 * A case as staff work it: header, clock, the actions the server says the caller may take now (each asking
 * first and reporting its result), the material checklist with 预审 and preview, the form, notices, timeline.
 */
export function StaffCase({ id, backTo, backLabel, bundleLink }: { id: string; backTo: string; backLabel: MessageKey; bundleLink?: (bundleId: string) => string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const data = useLoad((signal) => loadCasePage(id, signal), [id]);
  const [outcome, setOutcome] = useState<{ text: string; documentUrl?: string } | null>(null);
  const back = <p className="tb-result-code tb-noprint"><Link to={backTo}>{t(backLabel)}</Link></p>;
  if (data.error) return <>{back}<h1 className="tb-page-title">{t('cs.caseTitle')}</h1><ErrorState error={data.error} onRetry={data.reload} /></>;
  if (!data.data) return <PageLoading />;
  const { c, version, bundle } = data.data;
  const can = (a: CaseDetail['abilities'][number]) => c.abilities.includes(a);
  const done = (r: ActionResult | void, label: MessageKey) => {
    const doc = r && (r.documentId ?? r.commitmentDocumentId);
    setOutcome({ text: t('cs.act.done', { action: t(label) }), documentUrl: doc ? caseUrl(c.id, `documents/${doc}`) : undefined });
    data.reload();
  };
  const step = c.currentStep ?? 0;
  const openProcedure = c.specialProcedures.find((p) => !p.endedAt);
  const earlierSteps = c.steps.filter((s) => s.idx < step).map((s) => ({ value: s.idx, label: `${s.idx + 1}. ${s.name}` }));
  const reviewing = can('review_material');
  return (
    <>
      {back}
      <h1 className="tb-page-title">{t('cs.caseTitleOf', { number: c.number })}</h1>
      {outcome && <div className="tb-noprint"><ActionOutcome {...outcome} /></div>}
      {bundle && <div className="tb-noprint"><PartOfBundle of={bundle} to={bundleLink?.(bundle.id)} /></div>}
      <Section title={t('cs.overview')}>
        <CaseHeader c={c} />
        <ClockPanel c={c} />
      </Section>
      <Section title={t('cs.actions')} className="tb-noprint">
        <Space wrap className="tb-noprint" data-testid="case-actions">
          {can('accept') && <ActionButton primary label="cs.act.accept" confirm="cs.act.acceptConfirm" run={() => act(c.id, 'accept')} onDone={done} testId="act-accept" />}
          {can('request_correction') && <CorrectionButton c={c} onDone={done} />}
          {can('accept_with_deficiency') && (
            <ActionButton
              label="cs.act.deficiency"
              confirm="cs.act.deficiencyConfirm"
              fields={[
                { name: 'commitment', label: 'cs.f.commitment', kind: 'textarea', required: true },
                { name: 'signedBy', label: 'cs.f.signedBy', required: true, initial: c.applicantName },
                { name: 'deadline', label: 'cs.f.deadline', kind: 'date', required: true },
              ]}
              run={(v) => act(c.id, 'accept-with-deficiency', { ...v, deadline: toIso(v.deadline) })}
              onDone={done}
              testId="act-deficiency"
            />
          )}
          {can('reject') && (
            <ActionButton danger label="cs.act.reject" confirm="cs.act.rejectConfirm" fields={[{ name: 'reason', label: 'cs.f.reason', kind: 'textarea', required: true }, { name: 'basis', label: 'cs.f.basis', kind: 'textarea', required: true }]} run={(v) => act(c.id, 'reject', v)} onDone={done} testId="act-reject" />
          )}
          {can('pledge') && (
            <ActionButton label="cs.act.pledge" confirm="cs.act.pledgeConfirm" fields={[{ name: 'text', label: 'cs.f.pledgeText', kind: 'textarea', required: true }, { name: 'signedBy', label: 'cs.f.signedBy', required: true, initial: c.applicantName }]} run={(v) => act(c.id, 'pledge', v)} onDone={done} testId="act-pledge" />
          )}
          {can('pass_step') && (
            <ActionButton primary label="cs.act.pass" confirm="cs.act.passConfirm" fields={[{ name: 'opinion', label: 'cs.f.opinion', kind: 'textarea' }]} run={(v) => act(c.id, 'steps/pass', { step, ...(v.opinion ? { opinion: v.opinion } : {}) })} onDone={done} testId="act-pass" />
          )}
          {can('conclude') && (
            <ActionButton
              primary
              label="cs.act.conclude"
              confirm="cs.act.concludeConfirm"
              fields={[
                { name: 'decision', label: 'cs.f.decision', kind: 'select', required: true, initial: 'approve', options: [{ value: 'approve', label: t('cs.f.approve') }, { value: 'deny', label: t('cs.f.deny') }] },
                { name: 'text', label: 'cs.f.decisionText', kind: 'textarea', required: true },
                { name: 'reason', label: 'cs.f.denyReason', kind: 'textarea' },
              ]}
              run={(v) => act(c.id, 'conclude', { step, decision: v.decision, text: v.text, ...(v.reason ? { reason: v.reason } : {}) })}
              onDone={done}
              testId="act-conclude"
            />
          )}
          {can('return_step') && earlierSteps.length > 0 && (
            <ActionButton label="cs.act.return" confirm="cs.act.returnConfirm" fields={[{ name: 'toStep', label: 'cs.f.toStep', kind: 'select', required: true, options: earlierSteps, initial: earlierSteps[earlierSteps.length - 1]?.value }, { name: 'reason', label: 'cs.f.reason', kind: 'textarea', required: true }]} run={(v) => act(c.id, 'steps/return', { step, toStep: v.toStep, reason: v.reason })} onDone={done} testId="act-return" />
          )}
          {can('start_special_procedure') && (
            <ActionButton
              label="cs.act.specialStart"
              confirm="cs.act.specialStartConfirm"
              fields={[
                { name: 'kind', label: 'cs.f.specialKind', required: true },
                { name: 'reason', label: 'cs.f.reason', kind: 'textarea', required: true },
                { name: 'expectedDays', label: 'cs.f.expectedDays', kind: 'number' },
              ]}
              run={(v) => act(c.id, 'special-procedures', { step, kind: v.kind, reason: v.reason, ...(typeof v.expectedDays === 'number' ? { expectedDays: v.expectedDays } : {}) })}
              onDone={done}
              testId="act-special-start"
            />
          )}
          {can('end_special_procedure') && openProcedure && (
            <ActionButton label="cs.act.specialEnd" confirm="cs.act.specialEndConfirm" fields={[{ name: 'result', label: 'cs.f.specialResult', kind: 'textarea', required: true }]} run={(v) => act(c.id, `special-procedures/${openProcedure.id}/end`, v)} onDone={done} testId="act-special-end" />
          )}
          {can('deliver') && (
            <ActionButton
              primary
              label="cs.act.deliver"
              confirm="cs.act.deliverConfirm"
              fields={[
                { name: 'method', label: 'cs.deliver.method', kind: 'select', required: true, initial: 'window', options: (['window', 'post', 'electronic'] as const).map((m) => ({ value: m, label: t(`cs.deliver.${m}`) })) },
                { name: 'receiverName', label: 'cs.deliver.receiver', required: true, initial: c.applicantName },
                { name: 'address', label: 'cs.f.address' },
                { name: 'trackingNumber', label: 'cs.f.tracking' },
              ]}
              run={(v) => act(c.id, 'deliver', Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')))}
              onDone={done}
              testId="act-deliver"
            />
          )}
          <Button onClick={() => window.print()}>{t('cs.printPage')}</Button>
          {backTo === '/window' && <Button onClick={() => navigate(`/window/rate/${c.id}`)} data-testid="open-rating-device">{t('rt.device.open')}</Button>}
        </Space>
        {!c.abilities.length && <p>{t('cs.noActions')}</p>}
        {reviewing && <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('cs.review.help')} />}
      </Section>
      <Owed c={c} onDone={data.reload} />
      <Section title={t('cs.materials')}>
        <MaterialsTable c={c} actions={(m) => <Space wrap size={4}><Preview c={c} m={m} />{reviewing && <ReviewButtons c={c} m={m} onDone={data.reload} />}</Space>} />
      </Section>
      <Section title={t('cs.form')}><FormValues c={c} version={version} /></Section>
      <Section title={t('cs.documents')}><Documents c={c} /></Section>
      <Section title={t('cs.timeline')}><CaseTimeline id={c.id} version={c.version} /></Section>
    </>
  );
}

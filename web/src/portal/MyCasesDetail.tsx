import { Alert, App as AntApp, Button, Descriptions, Popconfirm } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage, useLoad } from '../api.js';
import { act, loadCase, loadVersion, type CaseDetail } from '../cases/caseApi.js';
import { MaterialPicker, materialInputs, type Picked } from '../cases/materials.js';
import { CaseHeader, CaseTimeline, ClockPanel, Documents, formatTime, FormValues, MaterialsTable, Section } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import type { Material } from '../types.js';

/** Materials the applicant is asked for now: the open correction's list, or the 容缺 ones still owed. */
function Owed({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [picked, setPicked] = useState<Record<number, Picked>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const correction = c.corrections.find((x) => !x.resolvedAt);
  const correcting = (c.state === 'correction_requested' || c.state === 'step_correction') && correction && c.abilities.includes('resubmit');
  const owedDeficiency = c.commitments.filter((x) => !x.fulfilledAt).flatMap((x) => x.requirements);
  const supplying = !correcting && owedDeficiency.length > 0 && c.abilities.includes('supply_deficiency');
  if (!correcting && !supplying) return null;
  const asked = correcting ? correction.items.map((i) => ({ requirement: i.requirement, reason: i.reason })) : owedDeficiency.map((r) => ({ requirement: r, reason: '' }));
  const requirementOf = (i: number): Material => {
    const r = c.requirements[i];
    return { name: r?.name ?? String(i), form: 'copy', count: 1, required: r?.required ?? true, deficiencyAllowed: r?.deficiencyAllowed ?? false, licenceType: r?.licenceType };
  };
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const materials = materialInputs(picked);
      if (correcting) await act(c.id, 'resubmit', { materials });
      else for (const m of materials) await act(c.id, 'deficiencies', m);
      void message.success(t(correcting ? 'cs.my.resubmitted' : 'cs.my.supplied'));
      setPicked({});
      onDone();
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  const ready = asked.every((a) => picked[a.requirement]?.file || picked[a.requirement]?.licenceNumber);
  return (
    <Section title={t(correcting ? 'cs.my.correctionTitle' : 'cs.my.deficiencyTitle')}>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t(correcting ? 'cs.my.correctionBody' : 'cs.my.deficiencyBody')} />
      <ul className="tb-material-list" data-testid="owed-materials">
        {asked.map((a) => (
          <MaterialPicker key={a.requirement} index={a.requirement} reason={a.reason || undefined} material={requirementOf(a.requirement)} picked={picked[a.requirement]} onPicked={(p) => setPicked((all) => ({ ...all, [a.requirement]: p }))} />
        ))}
      </ul>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Button type="primary" disabled={!ready} loading={busy} onClick={() => void send()}>{t(correcting ? 'cs.my.resubmit' : 'cs.my.supply')}</Button>
    </Section>
  );
}

/** One of the applicant's cases: where it stands, its deadline, what it waits for, and the whole timeline. */
export default function MyCaseDetail() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const data = useLoad(async (signal) => {
    const c = await loadCase(id, signal);
    const version = await loadVersion(c.itemId, c.itemVersion, signal).catch(() => undefined);
    return { c, version };
  }, [id]);
  const back = <p className="tb-result-code"><Link to="/my/cases">{t('cs.my.back')}</Link></p>;
  if (data.error) return <>{back}<h1 className="tb-page-title">{t('cs.my.caseTitle')}</h1><ErrorState error={data.error} onRetry={data.reload} /></>;
  if (!data.data) return <PageLoading />;
  const { c, version } = data.data;
  const withdraw = async () => {
    try {
      await act(c.id, 'withdraw', {});
      data.reload();
    } catch (err) {
      void message.error(errorMessage(err, lang));
    }
  };
  return (
    <>
      {back}
      <h1 className="tb-page-title">{c.itemName}</h1>
      <Section title={t('cs.overview')} extra={c.abilities.includes('withdraw') && (
        <Popconfirm title={t('cs.my.withdrawConfirm')} okText={t('common.yes')} cancelText={t('common.no')} onConfirm={() => void withdraw()}>
          <Button danger>{t('cs.my.withdraw')}</Button>
        </Popconfirm>
      )}>
        <CaseHeader c={c} />
        <ClockPanel c={c} />
      </Section>
      <Owed c={c} onDone={data.reload} />
      {c.deliveries.length > 0 && (
        <Section title={t('cs.delivery')}>
          {c.deliveries.map((d) => (
            <Descriptions key={d.id} size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t('cs.deliver.method')}>{t(`cs.deliver.${d.method as 'window' | 'post' | 'electronic'}`)}</Descriptions.Item>
              <Descriptions.Item label={t('cs.deliver.receiver')}>{d.receiverName}</Descriptions.Item>
              <Descriptions.Item label={t('cs.deliver.at')}>{formatTime(d.deliveredAt, lang)}</Descriptions.Item>
            </Descriptions>
          ))}
        </Section>
      )}
      <Section title={t('cs.timeline')}><CaseTimeline id={c.id} version={c.version} /></Section>
      <Section title={t('cs.form')}><FormValues c={c} version={version} /></Section>
      <Section title={t('cs.materials')}><MaterialsTable c={c} /></Section>
      <Section title={t('cs.documents')}><Documents c={c} /></Section>
    </>
  );
}

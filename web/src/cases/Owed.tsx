import { Alert, App as AntApp, Button } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api.js';
import { useI18n } from '../i18n.js';
import type { Material } from '../types.js';
import { act, type CaseDetail } from './caseApi.js';
import { MaterialPicker, materialInputs, type Picked } from './materials.js';
import { Section } from './parts.js';

/**
 * Materials the applicant owes now: the open correction's list, or the 容缺 ones still missing. The applicant
 * answers in place; at the window the clerk hands in what the applicant brought.
 */
export function Owed({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
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
    <Section title={t(correcting ? 'cs.my.correctionTitle' : 'cs.my.deficiencyTitle')} className="tb-noprint">
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

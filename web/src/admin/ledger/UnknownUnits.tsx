import { App as AntApp, Alert, Button, Card, Input, Segmented, Select, Space } from 'antd';
import { useState } from 'react';
import type { UnitViewT } from '../../../../src/modules/ledger/contract.js';
import { api, errorMessage, useLoad } from '../../api.js';
import { ErrorState } from '../../components/status.js';
import { useSession } from '../../session.js';
import { useI18n, type MessageKey } from '../../i18n.js';
import type { Department, LedgerDraft } from '../../types.js';

type Unit = UnitViewT;

const KINDS: Array<{ value: string; label: MessageKey }> = [
  { value: 'department', label: 'lm.kind.department' },
  { value: 'government', label: 'lm.kind.government' },
  { value: 'enterprise', label: 'lm.kind.enterprise' },
  { value: 'collective', label: 'lm.kind.collective' },
  { value: 'other', label: 'lm.kind.other' },
];

interface Choices {
  units: Unit[];
  departments: Department[];
}

/** One unregistered name: merged into a registered unit as an alias, or registered as a new unit of a department. */
function UnknownUnit({ draftId, written, index, choices, onResolved }: { draftId: string; written: string; index: number; choices: Choices; onResolved: (d: LedgerDraft) => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [action, setAction] = useState<'alias' | 'create'>('alias');
  const [unitId, setUnitId] = useState<string | undefined>();
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [kind, setKind] = useState('department');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = `unknown-${index}`;
  const apply = async () => {
    setError(null);
    if (action === 'alias' && !unitId) return setError(t('lm.needUnit'));
    setBusy(true);
    try {
      const body = action === 'alias'
        ? { written, unitId }
        : { written, create: { kind, ...(name.trim() ? { name: name.trim() } : {}), departmentId: departmentId ?? null } };
      const draft = await api.post<LedgerDraft>(`/api/v1/ledger/imports/${draftId}/units`, body);
      void message.success(t('lm.done', { name: written }));
      onResolved(draft);
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  const departmentLabel = (d: Department) => (lang === 'en' && d.nameEn) || d.name;
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid="unknown-unit" title={<h3 className="tb-card-title">{written}</h3>}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Segmented
          aria-label={t('lm.action')}
          value={action}
          onChange={(v) => setAction(v as 'alias' | 'create')}
          options={[{ value: 'alias', label: t('lm.alias') }, { value: 'create', label: t('lm.create') }]}
        />
        {action === 'alias' ? (
          <div className="tb-ledger-field">
            <label htmlFor={`${id}-unit`}>{t('lm.pickUnit')}</label>
            <Select
              id={`${id}-unit`}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: '100%' }}
              placeholder={t('lm.pickUnitHelp')}
              value={unitId}
              onChange={setUnitId}
              options={choices.units.map((u) => ({ value: u.id, label: `${u.name}${u.scope ? `(${u.scope})` : ''}` }))}
            />
          </div>
        ) : (
          <>
            <div className="tb-ledger-field">
              <label htmlFor={`${id}-department`}>{t('lm.department')}</label>
              <Select
                id={`${id}-department`}
                showSearch={{ optionFilterProp: 'label' }}
                allowClear
                style={{ width: '100%' }}
                placeholder={t('lm.noDepartment')}
                value={departmentId}
                onChange={(v) => setDepartmentId(v ?? undefined)}
                options={choices.departments.map((d) => ({ value: d.id, label: departmentLabel(d) }))}
              />
            </div>
            <div className="tb-ledger-field">
              <label htmlFor={`${id}-name`}>{t('lm.name')}</label>
              <Input id={`${id}-name`} aria-describedby={`${id}-name-help`} value={name} onChange={(e) => setName(e.target.value)} />
              <span id={`${id}-name-help`}>{t('lm.nameHelp')}</span>
            </div>
            <div className="tb-ledger-field">
              <label htmlFor={`${id}-kind`}>{t('lm.kind')}</label>
              <Select id={`${id}-kind`} style={{ width: '100%' }} value={kind} onChange={setKind} options={KINDS.map((k) => ({ value: k.value, label: t(k.label) }))} />
            </div>
          </>
        )}
        {error && <Alert type="error" showIcon role="alert" title={error} />}
        <Button type="primary" onClick={apply} loading={busy}>{t('lm.apply', { name: written })}</Button>
      </Space>
    </Card>
  );
}

/** At import review: every unit the registry does not know, to be merged or registered before confirming. */
export function UnknownUnits({ draft, onResolved }: { draft: LedgerDraft; onResolved: (d: LedgerDraft) => void }) {
  const { t } = useI18n();
  const within = useSession().user?.regionCode ?? undefined;
  const choices = useLoad(async (signal): Promise<Choices> => {
    const [units, departments] = await Promise.all([
      api.get<Unit[]>('/api/v1/ledger/units', { signal }),
      // Only departments of the caller's region may be linked (the server refuses others).
      api.get<Department[]>('/api/v1/departments', { signal, query: { within } }),
    ]);
    return { units: units.filter((u) => u.verified), departments };
  }, [draft.unknownUnits.length, within]);
  if (draft.unknownUnits.length === 0 || draft.status !== 'draft') return null;
  return (
    <section aria-labelledby="unknown-units-title" style={{ marginBottom: 12 }} data-testid="unknown-units">
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 8 }}
        title={<h2 id="unknown-units-title" className="tb-card-title" style={{ margin: 0 }}>{t('ledger.unknownTitle', { n: draft.unknownUnits.length })}</h2>}
        description={<><p style={{ margin: 0 }} data-testid="ledger-unknown">{draft.unknownUnits.join('、')}</p><p style={{ margin: '4px 0 0' }}>{t('lm.help')}</p></>}
      />
      {choices.error ? <ErrorState error={choices.error} onRetry={choices.reload} /> : choices.data && draft.unknownUnits.map((written, i) => (
        <UnknownUnit key={written} draftId={draft.id} written={written} index={i} choices={choices.data!} onResolved={onResolved} />
      ))}
    </section>
  );
}

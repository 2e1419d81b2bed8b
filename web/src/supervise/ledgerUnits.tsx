import { App as AntApp, Alert, Button, Input, Modal, Segmented, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import type { UnitViewT } from '../../../src/modules/ledger/contract.js';
import { api, errorMessage, useLoad } from '../api.js';
import { ErrorState } from '../components/status.js';
import { useSession } from '../session.js';
import { useI18n } from '../i18n.js';
import type { Department } from '../types.js';

type Unit = UnitViewT;

/** Settle one unit: merge it into a registered one, or link it to its department and mark it verified. */
function SettleUnit({ unit, units, departments, onClose }: { unit: Unit; units: Unit[]; departments: Department[]; onClose: (changed: boolean) => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [action, setAction] = useState<'merge' | 'link'>(unit.verified ? 'link' : 'merge');
  const [into, setInto] = useState<string | undefined>();
  const [departmentId, setDepartmentId] = useState<string | undefined>(unit.departmentId ?? undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      if (action === 'merge') {
        await api.post(`/api/v1/ledger/units/${unit.id}/merge`, { into });
        void message.success(t('lr.merged'));
      } else {
        await api.patch(`/api/v1/ledger/units/${unit.id}`, { departmentId: departmentId ?? null, verified: true });
        void message.success(t('lr.linked'));
      }
      onClose(true);
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('lr.settleTitle', { name: unit.name })}
      onCancel={() => onClose(false)}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ disabled: action === 'merge' && !into }}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
    >
      <Segmented
        aria-label={t('lr.settle')}
        value={action}
        onChange={(v) => setAction(v as 'merge' | 'link')}
        options={[{ value: 'merge', label: t('lr.merge') }, { value: 'link', label: t('lr.link') }]}
        style={{ marginBottom: 12 }}
      />
      {action === 'merge' ? (
        <div className="tb-ledger-field">
          <p id="settle-merge-help">{t('lr.mergeHelp')}</p>
          <label htmlFor="settle-into">{t('lm.pickUnit')}</label>
          <Select
            id="settle-into"
            aria-describedby="settle-merge-help"
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: '100%' }}
            placeholder={t('lm.pickUnitHelp')}
            value={into}
            onChange={setInto}
            options={units.filter((u) => u.id !== unit.id && u.verified).map((u) => ({ value: u.id, label: `${u.name}${u.scope ? `(${u.scope})` : ''}` }))}
          />
        </div>
      ) : (
        <div className="tb-ledger-field">
          <p id="settle-link-help">{t('lr.linkHelp')}</p>
          <label htmlFor="settle-department">{t('lr.department')}</label>
          <Select
            id="settle-department"
            aria-describedby="settle-link-help"
            showSearch={{ optionFilterProp: 'label' }}
            allowClear
            style={{ width: '100%' }}
            placeholder={t('lm.noDepartment')}
            value={departmentId}
            onChange={(v) => setDepartmentId(v ?? undefined)}
            options={departments.map((d) => ({ value: d.id, label: (lang === 'en' && d.nameEn) || d.name }))}
          />
        </div>
      )}
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

/** /supervise/ledger/units: the unit registry; units an import added unverified are merged or linked here. */
export default function LedgerUnits() {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState<'unverified' | 'all'>('unverified');
  const [q, setQ] = useState('');
  const [settling, setSettling] = useState<Unit | null>(null);
  const within = useSession().user?.regionCode ?? undefined;
  const data = useLoad(async (signal) => {
    const [units, departments] = await Promise.all([
      api.get<Unit[]>('/api/v1/ledger/units', { signal }),
      // Only departments of the caller's region may be linked (the server refuses others).
      api.get<Department[]>('/api/v1/departments', { signal, query: { within } }),
    ]);
    return { units, departments };
  }, [within]);
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  const units = data.data?.units ?? [];
  const departments = data.data?.departments ?? [];
  const departmentName = new Map(departments.map((d) => [d.id, (lang === 'en' && d.nameEn) || d.name]));
  const rows = units.filter((u) => (filter === 'all' || !u.verified) && (!q.trim() || [u.name, ...(u.aliases ?? [])].some((n) => n.includes(q.trim()))));
  return (
    <>
      <div className="tb-toolbar">
        <Segmented aria-label={t('ledger.tab.units')} value={filter} onChange={(v) => setFilter(v as 'unverified' | 'all')} options={[{ value: 'unverified', label: t('lr.filter.unverified') }, { value: 'all', label: t('lr.filter.all') }]} />
        <Input.Search aria-label={t('lr.search')} placeholder={t('lr.search')} allowClear style={{ maxWidth: 280 }} value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <Table<Unit>
        data-testid="ledger-units"
        rowKey="id"
        size="small"
        loading={data.loading}
        dataSource={rows}
        scroll={{ x: 800 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          { title: t('lr.name'), dataIndex: 'name' },
          { title: t('lr.scope'), dataIndex: 'scope', render: (s: string) => s || t('common.none') },
          { title: t('lr.aliases'), key: 'aliases', render: (_, u) => (u.aliases ?? []).join('、') || t('common.none') },
          { title: t('lr.department'), key: 'dept', render: (_, u) => (u.departmentId ? departmentName.get(u.departmentId) ?? u.departmentId : t('common.none')) },
          { title: t('ledger.status'), key: 'st', render: (_, u) => <Tag className={u.verified ? 'tb-tag-ok' : 'tb-tag-warn'}>{t(u.verified ? 'lr.verified' : 'lr.unverified')}</Tag> },
          { title: t('common.actions'), key: 'act', render: (_, u) => <Button size="small" onClick={() => setSettling(u)}>{t('lr.settle')}<span className="tb-sr-only"> {u.name}</span></Button> },
        ]}
      />
      {settling && <SettleUnit unit={settling} units={units} departments={departments} onClose={(changed) => { setSettling(null); if (changed) data.reload(); }} />}
    </>
  );
}

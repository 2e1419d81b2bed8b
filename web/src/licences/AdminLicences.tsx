import { App as AntApp, Button, Form, Input, Modal, Table } from 'antd';
import { useState } from 'react';
import { errorMessage, useLoad } from '../api.js';
import { ErrorState } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { LicenceStatusTag } from '../portal/MyLicences.js';
import { listLicences, revokeLicence, type StaffLicence } from './api.js';
import { licenceUntil } from './LicenceChoice.js';

/** 电子证照 for administrators: find a licence issued in the region and revoke it with a reason (audited). */
export default function AdminLicences() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [query, setQuery] = useState<{ number?: string; holder?: string }>({});
  const [revoking, setRevoking] = useState<StaffLicence | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const list = useLoad((signal) => listLicences({ ...query, limit: 100 }, signal), [query.number, query.holder]);
  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    try {
      await revokeLicence(revoking.id, reason);
      void message.success(t('lic.admin.revoked'));
      setRevoking(null);
      setReason('');
      list.reload();
    } catch (err) {
      void message.error(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p>{t('lic.admin.intro')}</p>
      <Form layout="inline" name="licence-search" onFinish={(v: { number?: string; holder?: string }) => setQuery({ number: v.number?.trim() || undefined, holder: v.holder?.trim() || undefined })} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="number" label={t('lic.admin.number')}><Input autoComplete="off" /></Form.Item>
        <Form.Item name="holder" label={t('lic.admin.holder')}><Input autoComplete="off" /></Form.Item>
        <Form.Item><Button type="primary" htmlType="submit">{t('lic.admin.search')}</Button></Form.Item>
      </Form>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<StaffLicence>
          rowKey="id"
          size="small"
          loading={!list.data}
          data-testid="admin-licences"
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('lic.admin.empty') }}
          scroll={{ x: true }}
          pagination={false}
          onRow={(l) => ({ 'data-licence': l.number }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('lic.type'), dataIndex: 'typeName' },
            { title: t('lic.number'), dataIndex: 'number' },
            { title: t('lic.holder'), render: (_, l) => `${l.holderName} ${l.holderIdMasked}` },
            { title: t('lic.issuer'), dataIndex: 'issuerName' },
            { title: t('lic.issuedOn'), render: (_, l) => `${l.issuedOn} · ${licenceUntil(t, l.validUntil)}` },
            { title: t('lic.status'), render: (_, l) => <LicenceStatusTag status={l.status} /> },
            {
              title: t('lic.admin.actions'),
              render: (_, l) =>
                l.abilities.includes('revoke') && l.status !== 'revoked' ? (
                  <Button danger size="small" onClick={() => setRevoking(l)}>{t('lic.admin.revoke')}</Button>
                ) : null,
            },
          ]}
        />
      )}
      <Modal
        open={!!revoking}
        title={revoking ? t('lic.admin.revokeTitle', { number: revoking.number }) : ''}
        okText={t('lic.admin.revokeOk')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: busy }}
        cancelText={t('common.cancel')}
        onOk={() => void revoke()}
        onCancel={() => setRevoking(null)}
      >
        <label htmlFor="licence-revoke-reason" className="tb-field-label">{t('lic.admin.reason')}</label>
        <Input.TextArea id="licence-revoke-reason" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </>
  );
}

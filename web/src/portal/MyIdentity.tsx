import { Alert, App as AntApp, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, useLoad } from '../api.js';
import { useServerErrors } from '../components/serverErrors.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import type { Session } from '../types.js';

/**
 * 实名认证: the account proves that it belongs to the person of its ID number (or, for an enterprise, that the
 * registered 法定代表人 authorises it) with a proof from the identity provider (网证 / CTID code). Until then 我的证照
 * and cases filed for that ID number by others stay hidden.
 */
export default function MyIdentity() {
  const { t } = useI18n();
  const { user } = useSession();
  const { message } = AntApp.useApp();
  const me = useLoad((signal) => api.get<Session>('/api/v1/auth/me', { signal }), []);
  const [busy, setBusy] = useState(false);
  const [verified, setVerified] = useState(false);
  const [form] = Form.useForm<{ proof: string; legalRepresentativeIdNumber?: string }>();
  const enterprise = user?.roles.includes('applicant_enterprise') ?? false;
  const server = useServerErrors(form, ['proof', 'legalRepresentativeIdNumber']);

  if (me.error) return <ErrorState error={me.error} onRetry={me.reload} />;
  if (!me.data) return <PageLoading />;
  const done = verified || me.data.identityVerified;

  const onFinish = async (values: { proof: string; legalRepresentativeIdNumber?: string }) => {
    setBusy(true);
    server.clear();
    try {
      await api.post('/api/v1/auth/identity', { proof: values.proof.trim(), ...(enterprise ? { legalRepresentativeIdNumber: values.legalRepresentativeIdNumber?.trim() } : {}) });
      setVerified(true);
      void message.success(t('identity.done'));
    } catch (err) {
      server.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className="tb-form-card" title={<h1 className="tb-card-title">{t('identity.title')}</h1>}>
      {done ? (
        <Alert type="success" showIcon data-testid="identity-verified" message={t('identity.verified')} description={<Link to="/my/licences">{t('identity.toLicences')}</Link>} />
      ) : (
        <>
          <p>{t(enterprise ? 'identity.introEnterprise' : 'identity.intro')}</p>
          {server.alert}
          <Form form={form} name="identity" layout="vertical" onFinish={onFinish} onValuesChange={server.onValuesChange} requiredMark={false}>
            {enterprise && (
              <Form.Item name="legalRepresentativeIdNumber" label={t('identity.legalRepresentativeIdNumber')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('identity.legalRepresentativeIdNumber') }) }]}>
                <Input autoComplete="off" />
              </Form.Item>
            )}
            <Form.Item name="proof" label={t('identity.proof')} extra={t('identity.proofHelp')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('identity.proof') }) }]}>
              <Input autoComplete="one-time-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>{t('identity.submit')}</Button>
          </Form>
        </>
      )}
    </Card>
  );
}

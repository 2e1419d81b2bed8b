import { Alert, Button, Descriptions, Form, Input } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { ApiError, useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { verifyLicence, type Verification } from '../licences/api.js';
import { LicenceStatusTag } from './MyLicences.js';
import '../licences/licences.css';

function Outcome({ v }: { v: Verification }) {
  const { t } = useI18n();
  const ok = v.signatureValid && v.status === 'valid';
  const title = !v.signatureValid ? t('lic.verify.badSignature') : t(`lic.verify.${v.status}`);
  return (
    <>
      <Alert type={ok ? 'success' : 'error'} showIcon role="status" data-testid="verify-outcome" data-status={v.status} data-signature={String(v.signatureValid)} title={title} style={{ marginBottom: 16 }} />
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('lic.type')}>{v.typeName}</Descriptions.Item>
        <Descriptions.Item label={t('lic.number')}>{v.number}</Descriptions.Item>
        <Descriptions.Item label={t('lic.holder')}>{v.holderName}</Descriptions.Item>
        <Descriptions.Item label={t('lic.holderId')}>{v.holderIdMasked}</Descriptions.Item>
        <Descriptions.Item label={t('lic.issuer')}>{v.issuerName}</Descriptions.Item>
        <Descriptions.Item label={t('lic.issuedOn')}>{v.issuedOn}</Descriptions.Item>
        <Descriptions.Item label={t('lic.validUntil')}>{v.validUntil ?? t('lic.longTerm')}</Descriptions.Item>
        <Descriptions.Item label={t('lic.status')}><LicenceStatusTag status={v.status} /></Descriptions.Item>
        {v.revokedOn && <Descriptions.Item label={t('lic.revokedOn')}>{v.revokedOn}</Descriptions.Item>}
        <Descriptions.Item label={t('lic.verify.signature')}>{t(v.signatureValid ? 'lic.verify.signatureOk' : 'lic.verify.signatureBad')}</Descriptions.Item>
      </Descriptions>
    </>
  );
}

function Result({ code }: { code: string }) {
  const { t } = useI18n();
  const v = useLoad((signal) => verifyLicence(code, signal), [code]);
  if (v.error) {
    if (v.error instanceof ApiError && v.error.code === 'LICENCE_NOT_FOUND') return <Alert type="warning" showIcon role="status" data-testid="verify-outcome" data-status="not_found" title={t('lic.verify.notFound')} />;
    return <ErrorState error={v.error} onRetry={v.reload} />;
  }
  if (!v.data) return <PageLoading />;
  return <Outcome v={v.data} />;
}

/** 电子证照核验: public, no login; the address a printed licence's QR code carries. */
export default function LicenceVerify() {
  const { code = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ code: string }>();
  return (
    <>
      <h1 className="tb-page-title">{t('lic.verify.title')}</h1>
      <p>{t('lic.verify.intro')}</p>
      <Form
        form={form}
        layout="inline"
        name="verify"
        initialValues={{ code }}
        onFinish={(v) => navigate(`/licence/verify/${encodeURIComponent(v.code.trim().toUpperCase().replace(/[\s-]/g, ''))}`)}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="code" label={t('lic.verify.code')} rules={[{ required: true, whitespace: true, message: t('error.fieldMissing') }]}>
          <Input autoComplete="off" style={{ width: 260, maxWidth: '100%' }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">{t('lic.verify.submit')}</Button>
        </Form.Item>
      </Form>
      {code && <Result key={code} code={code} />}
    </>
  );
}

import { Alert, Button, Descriptions, Empty, List, Table, Tag } from 'antd';
import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useLoad } from '../api.js';
import { formatTime, useCodeLabel } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { getMyLicence, groupCode, listLicenceUses, listMyLicences, verificationUrl, type LicenceStatus, type LicenceUse } from '../licences/api.js';
import { licenceUntil } from '../licences/LicenceChoice.js';
import '../licences/licences.css';

// The app's AA-contrast tag tones (styles.css), not antd's preset colours.
const STATUS_TONE: Record<LicenceStatus, string | undefined> = { valid: 'tb-tag-ok', revoked: 'tb-tag-bad', expired: 'tb-tag-warn' };

export function LicenceStatusTag({ status }: { status: LicenceStatus }) {
  const { t } = useI18n();
  return <Tag className={STATUS_TONE[status]} data-status={status}>{t(`lic.status.${status}`)}</Tag>;
}

/** 我的证照 (专属空间): every licence the applicant holds, with its status; each opens its printable view. */
export function MyLicenceList() {
  const { t } = useI18n();
  const mine = useLoad((signal) => listMyLicences(signal), []);
  if (mine.error) return <ErrorState error={mine.error} onRetry={mine.reload} />;
  if (!mine.data) return <PageLoading />;
  return (
    <>
      <p>{t('lic.intro')}</p>
      {mine.data.length === 0 ? (
        <Empty description={t('lic.empty')} />
      ) : (
        <List
          data-testid="my-licences"
          dataSource={mine.data}
          renderItem={(l) => (
            <List.Item key={l.id} data-licence={l.number}>
              <List.Item.Meta
                title={<Link to={`/my/licences/${l.id}`}>{l.typeName}</Link>}
                description={
                  <div>
                    <div className="tb-result-meta">
                      <LicenceStatusTag status={l.status} />
                      <span className="tb-result-code">{t('lic.number')} {l.number}</span>
                    </div>
                    <div>{t('lic.issuer')}:{l.issuerName}</div>
                    <div className="tb-result-code">
                      {t('lic.issuedOn')} {l.issuedOn} · {licenceUntil(t, l.validUntil)}
                    </div>
                  </div>
                }
              />
            </List.Item>
          )}
        />
      )}
    </>
  );
}

/** The verification address as a QR code (a PNG data URL the page's CSP allows), for a phone to scan off paper. */
function LicenceQr({ text, label }: { text: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, scale: 4 }).then((url) => live && setSrc(url), () => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [text]);
  return src ? <img src={src} alt={label} className="tb-licence-qr" data-testid="licence-qr" /> : null;
}

/** 用证记录: the applications this licence proved a material of, so the holder sees every use made of it. */
function LicenceUses({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const label = useCodeLabel();
  const uses = useLoad((signal) => listLicenceUses(id, signal), [id]);
  return (
    <section className="tb-noprint" aria-labelledby="licence-uses-title" style={{ marginTop: 24 }}>
      <h2 id="licence-uses-title" className="tb-section-title">{t('lic.uses')}</h2>
      {uses.error ? (
        <ErrorState error={uses.error} onRetry={uses.reload} />
      ) : (
        <Table<LicenceUse>
          size="small"
          rowKey={(u) => `${u.caseId}/${u.materialName}/${u.at}`}
          loading={uses.loading}
          dataSource={uses.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: true }}
          locale={{ emptyText: <Empty description={t('lic.usesNone')} /> }}
          data-testid="licence-uses"
          columns={[
            { title: t('lic.usedAt'), key: 'at', render: (_, u) => formatTime(u.at, lang) },
            { title: t('cs.number'), key: 'case', render: (_, u) => <Link to={`/my/cases/${u.caseId}`}>{u.caseNumber}</Link> },
            { title: t('cs.item'), dataIndex: 'itemName' },
            { title: t('lic.usedFor'), key: 'material', render: (_, u) => (u.superseded ? `${u.materialName}(${t('lic.superseded')})` : u.materialName) },
            { title: t('cs.state'), key: 'state', render: (_, u) => label('cs.state', u.state) },
          ]}
        />
      )}
    </section>
  );
}

/** One licence as it would be printed: its facts, contents, issuer and the verification code and its QR code. */
export function MyLicenceView() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const licence = useLoad((signal) => getMyLicence(id, signal), [id]);
  const back = <p className="tb-result-code tb-noprint"><Link to="/my/licences">{t('lic.backToList')}</Link></p>;
  if (licence.error) return <>{back}<h1 className="tb-page-title">{t('lic.print')}</h1><ErrorState error={licence.error} onRetry={licence.reload} /></>;
  if (!licence.data) return <PageLoading />;
  const l = licence.data;
  const url = verificationUrl(l.verificationCode);
  return (
    <>
      {back}
      <h1 className="tb-page-title">{l.typeName}</h1>
      {l.status !== 'valid' && (
        <Alert type={l.status === 'revoked' ? 'error' : 'warning'} showIcon style={{ marginBottom: 12 }} title={t(l.status === 'revoked' ? 'lic.verify.revoked' : 'lic.verify.expired')} description={l.revocationReason ? `${t('lic.revocationReason')}:${l.revocationReason}` : undefined} />
      )}
      <section className="tb-licence" aria-label={t('lic.print')} data-testid="licence-print">
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('lic.number')}>{l.number}</Descriptions.Item>
          <Descriptions.Item label={t('lic.holder')}>{l.holderName}</Descriptions.Item>
          <Descriptions.Item label={t('lic.holderId')}>{l.holderIdMasked}</Descriptions.Item>
          {Object.entries(l.content).map(([k, v]) => (
            <Descriptions.Item key={k} label={k}>{v}</Descriptions.Item>
          ))}
          <Descriptions.Item label={t('lic.issuer')}>{l.issuerName}</Descriptions.Item>
          <Descriptions.Item label={t('lic.issuedOn')}>{l.issuedOn}</Descriptions.Item>
          <Descriptions.Item label={t('lic.validUntil')}>{l.validUntil ?? t('lic.longTerm')}</Descriptions.Item>
          {l.sourceCaseNumber && <Descriptions.Item label={t('lic.sourceCase')}>{l.sourceCaseNumber}</Descriptions.Item>}
          <Descriptions.Item label={t('lic.status')}><LicenceStatusTag status={l.status} /></Descriptions.Item>
          <Descriptions.Item label={t('lic.verificationCode')}><code data-testid="licence-code">{groupCode(l.verificationCode)}</code></Descriptions.Item>
        </Descriptions>
        <p style={{ marginTop: 12 }}>
          {t('lic.verifyAt')} <Link to={`/licence/verify/${l.verificationCode}`} className="tb-break">{url}</Link>
        </p>
        <LicenceQr text={url} label={t('lic.qrAlt', { number: l.number })} />
        <p className="tb-result-code">{t('lic.signedNote')}</p>
      </section>
      <div className="tb-toolbar tb-noprint">
        <Button onClick={() => window.print()}>{t('lic.printNow')}</Button>
        <Button href={`/api/v1/my/licences/${l.id}/export`} download data-testid="licence-download" aria-describedby="licence-download-help">{t('lic.download')}</Button>
      </div>
      <p id="licence-download-help" className="tb-result-code tb-noprint">{t('lic.downloadHelp')}</p>
      <LicenceUses id={l.id} />
    </>
  );
}

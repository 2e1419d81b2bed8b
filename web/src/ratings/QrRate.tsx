import { Alert, Descriptions } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { rateByToken, tokenSubject } from './api.js';
import { LevelText, RatingForm } from './RatingForm.js';

/** 一次一评 by the QR code on a 受理通知书 or 决定书: public, phone-sized, no personal data shown. */
export default function QrRate() {
  const { token = '' } = useParams();
  const { t } = useI18n();
  const subject = useLoad((signal) => tokenSubject(token, signal), [token]);
  const [done, setDone] = useState(false);
  return (
    <>
      <h1 className="tb-page-title">{t('rt.qr.title')}</h1>
      {subject.error ? (
        <ErrorState error={subject.error} />
      ) : !subject.data ? (
        <PageLoading />
      ) : (
        <>
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('rt.qr.case')}>{subject.data.caseNumber}</Descriptions.Item>
            <Descriptions.Item label={t('rt.qr.item')}>{subject.data.itemName}</Descriptions.Item>
            <Descriptions.Item label={t('rt.stage')}>{t(`rt.stage.${subject.data.stage}` as MessageKey)}</Descriptions.Item>
          </Descriptions>
          {done ? (
            <Alert type="success" showIcon role="status" title={t('rt.thanks')} data-testid="rating-done" />
          ) : subject.data.rated ? (
            <Alert type="info" showIcon role="status" title={<>{t('rt.qr.done', { level: '' })} <LevelText level={subject.data.rated.level} /></>} />
          ) : !subject.data.open ? (
            <Alert type="warning" showIcon role="status" title={t('rt.qr.closed')} />
          ) : (
            <RatingForm name="qr-rate" onSubmit={async (r) => { await rateByToken(token, r); setDone(true); }} />
          )}
        </>
      )}
    </>
  );
}

import { Alert, Radio, Space } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { caseRatings, rateCase } from './api.js';
import { RatingForm } from './RatingForm.js';

/** 评价器: the clerk opens it facing the applicant, who rates this visit (一次一评) with large buttons. */
export default function RatingDevice() {
  const { caseId = '' } = useParams();
  const { t } = useI18n();
  const data = useLoad((signal) => caseRatings(caseId, signal), [caseId]);
  const [stage, setStage] = useState<'accept' | 'conclude' | null>(null);
  const [done, setDone] = useState(0);
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (!data.data) return <PageLoading />;
  const rated = new Set(data.data.items.filter((r) => r.channel === 'window').map((r) => r.stage));
  const open = data.data.stages.filter((s) => !s.problem && !rated.has(s.stage)).map((s) => s.stage as 'accept' | 'conclude');
  const current = stage && open.includes(stage) ? stage : (open.at(-1) ?? null);
  return (
    <>
      <p className="tb-result-code"><Link to={`/window/cases/${caseId}`}>{data.data.caseNumber}</Link></p>
      <h1 className="tb-page-title">{t('rt.device.title')} · {data.data.itemName}</h1>
      <p>{t('rt.device.intro')}</p>
      {done > 0 && <Alert type="success" showIcon role="status" title={`${t('rt.device.next')} ${t('rt.thanks')}`} data-testid="rating-done" style={{ marginBottom: 16 }} />}
      {current ? (
        <>
          {open.length > 1 && (
            <Space style={{ marginBottom: 12 }}>
              <span>{t('rt.stage')}</span>
              <Radio.Group value={current} onChange={(e) => setStage(e.target.value)} aria-label={t('rt.stage')}>
                {open.map((s) => <Radio.Button key={s} value={s}>{t(`rt.stage.${s}` as MessageKey)}</Radio.Button>)}
              </Radio.Group>
            </Space>
          )}
          <RatingForm
            key={`${current}-${done}`}
            large
            name="device-rate"
            onSubmit={async (r) => {
              await rateCase(caseId, { ...r, channel: 'window', stage: current });
              setDone((n) => n + 1);
              data.reload();
            }}
          />
        </>
      ) : (
        done === 0 && <Alert type="info" showIcon title={t('rt.qr.closed')} />
      )}
    </>
  );
}

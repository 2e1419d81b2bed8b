import { App as AntApp, Button, Descriptions, Popconfirm } from 'antd';
import { Link, useParams } from 'react-router';
import { errorMessage, useLoad } from '../api.js';
import { PartOfBundle } from '../cases/BundleView.js';
import { act, loadCasePage } from '../cases/caseApi.js';
import { Owed } from '../cases/Owed.js';
import { CaseHeader, CaseTimeline, ClockPanel, Documents, formatTime, FormValues, MaterialsTable, Section } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { CaseRatingPanel } from '../ratings/CaseRatingPanel.js';

/** One of the applicant's cases: where it stands, its deadline, what it waits for, and the whole timeline. */
export default function MyCaseDetail() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const data = useLoad((signal) => loadCasePage(id, signal), [id]);
  const back = <p className="tb-result-code"><Link to="/my/cases">{t('cs.my.back')}</Link></p>;
  if (data.error) return <>{back}<h1 className="tb-page-title">{t('cs.my.caseTitle')}</h1><ErrorState error={data.error} onRetry={data.reload} /></>;
  if (!data.data) return <PageLoading />;
  const { c, version, bundle } = data.data;
  const mayWithdraw = c.abilities.includes('withdraw') && (!bundle || bundle.withdrawableAlone);
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
      {bundle && <PartOfBundle of={bundle} to={`/my/bundles/${bundle.id}`} applicant={c.abilities.includes('withdraw')} />}
      <Section title={t('cs.overview')} extra={mayWithdraw && (
        <Popconfirm title={t('cs.my.withdrawConfirm')} okText={t('common.yes')} cancelText={t('common.no')} onConfirm={() => void withdraw()}>
          <Button danger>{t('cs.my.withdraw')}</Button>
        </Popconfirm>
      )}>
        <CaseHeader c={c} />
        <ClockPanel c={c} />
      </Section>
      <Owed c={c} onDone={data.reload} />
      <CaseRatingPanel caseId={c.id} />
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

import { Space } from 'antd';
import { useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { act, listOrders, type Order } from './api.js';
import { IntakeForm } from './IntakeForm.js';
import { OrderTable, StepButton } from './parts.js';

/** The citizen's own 12345 requests, their state, the 回访 rating, and a new request online. */
export default function MyHotline() {
  const { t } = useI18n();
  const orders = useLoad((signal) => listOrders('mine', signal), []);
  const actions = (o: Order) =>
    o.followUpResult ? (
      <span data-testid="follow-up-result">{t(`hl.fu.${o.followUpResult}` as MessageKey)}</span>
    ) : o.abilities.includes('followUp') ? (
      <Space wrap aria-label={t('hl.followUp')}>
        {(['satisfied', 'basic', 'unsatisfied'] as const).map((r) => (
          <StepButton key={r} label={`hl.fu.${r}` as MessageKey} testId={`follow-up-${r}`} run={() => act(o.id, 'follow-up', { result: r })} onDone={orders.reload} />
        ))}
      </Space>
    ) : null;
  return (
    <>
      <h1 className="tb-page-title">{t('hl.mine.title')}</h1>
      {orders.error ? <ErrorState error={orders.error} onRetry={orders.reload} /> : !orders.data ? <PageLoading /> : <OrderTable orders={orders.data} actions={actions} showCaller={false} />}
      <div style={{ marginTop: 16 }}>
        <IntakeForm desk={false} onFiled={orders.reload} />
      </div>
    </>
  );
}

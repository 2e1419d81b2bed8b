import { Space } from 'antd';
import { useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { act, listOrders, type Order } from './api.js';
import { OrderTable, PromptButton } from './parts.js';

/** A department's 12345 orders, soonest due first: answer, 退回 with the reason, ask for an extension. */
export default function Inbox() {
  const { t } = useI18n();
  const orders = useLoad((signal) => listOrders('inbox', signal), []);
  const can = (o: Order, a: string) => o.abilities.includes(a);
  const actions = (o: Order) => (
    <Space wrap>
      {can(o, 'reply') && <PromptButton primary label="hl.a.reply" testId="reply" fields={[{ name: 'answer', label: 'hl.answerText' }]} run={(v) => act(o.id, 'reply', v)} onDone={orders.reload} />}
      {can(o, 'assistReply') && <PromptButton label="hl.a.reply" fields={[{ name: 'opinion', label: 'hl.answerText' }]} run={(v) => act(o.id, 'assist-reply', v)} onDone={orders.reload} />}
      {can(o, 'return') && <PromptButton label="hl.a.return" testId="return" fields={[{ name: 'reason', label: 'hl.reason' }]} run={(v) => act(o.id, 'return', v)} onDone={orders.reload} />}
      {can(o, 'requestExtension') && (
        <PromptButton label="hl.a.extension" fields={[{ name: 'days', label: 'hl.days', kind: 'number' }, { name: 'reason', label: 'hl.reason' }]} run={(v) => act(o.id, 'extension', { days: Number(v.days), reason: v.reason })} onDone={orders.reload} />
      )}
    </Space>
  );
  return (
    <>
      <h1 className="tb-page-title">{t('hl.inbox.title')}</h1>
      {orders.error ? <ErrorState error={orders.error} onRetry={orders.reload} /> : !orders.data ? <PageLoading /> : <OrderTable orders={orders.data} actions={actions} />}
    </>
  );
}

import { Button, Card, Input, List, Modal, Space } from 'antd';
import { useState } from 'react';
import { useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { act, duplicates, listOrders, searchKb, type KbEntry, type Order } from './api.js';
import { DispatchButton } from './DispatchButton.js';
import { IntakeForm } from './IntakeForm.js';
import { OrderTable, PromptButton, StepButton } from './parts.js';

/** 并单: the possible repeats of an order (same caller or place and subject within the window), each mergeable. */
function MergeButton({ o, onDone }: { o: Order; onDone: () => void }) {
  const { t } = useI18n();
  const [list, setList] = useState<{ id: string; number: string; title: string }[] | null>(null);
  return (
    <>
      <Button size="small" onClick={async () => setList(await duplicates(o.id))}>{t('hl.a.merge')}</Button>
      <Modal open={list !== null} title={t('hl.a.merge')} footer={null} onCancel={() => setList(null)}>
        {list && !list.length ? t('hl.noDuplicates') : (
          <List size="small" dataSource={list ?? []} renderItem={(d) => (
            <List.Item actions={[<StepButton key="m" label="hl.mergeInto" run={() => act(o.id, 'merge', { intoId: d.id })} onDone={() => { setList(null); onDone(); }} />]}>
              {d.number} {d.title}
            </List.Item>
          )} />
        )}
      </Modal>
    </>
  );
}

/** 12345 话务台: intake, the knowledge base, and the orders waiting for the desk with their clock. */
export default function Desk() {
  const { t } = useI18n();
  const orders = useLoad((signal) => listOrders('desk', signal), []);
  const [kb, setKb] = useState<KbEntry[] | null>(null);
  const [pick, setPick] = useState<KbEntry | null>(null);
  const can = (o: Order, a: string) => o.abilities.includes(a);
  const actions = (o: Order) => (
    <Space wrap>
      {can(o, 'answer') && o.category === 'consult' && (
        <PromptButton label="hl.a.answer" testId="answer" initial={pick ? { answer: pick.answer } : undefined} fields={[{ name: 'answer', label: 'hl.answerText' }]}
          run={(v) => act(o.id, 'answer', { answer: v.answer, ...(pick && v.answer === pick.answer ? { kbEntryId: pick.id } : {}) })} onDone={orders.reload} />
      )}
      {can(o, 'dispatch') && <StepButton primary label="hl.a.dispatch" testId="dispatch" run={() => act(o.id, 'dispatch', {})} onDone={orders.reload} />}
      {can(o, 'dispatch') && <DispatchButton o={o} onDone={orders.reload} />}
      {can(o, 'merge') && <MergeButton o={o} onDone={orders.reload} />}
      {can(o, 'close') && <StepButton primary label="hl.a.close" testId="close" run={() => act(o.id, 'close', {})} onDone={orders.reload} />}
    </Space>
  );
  return (
    <>
      <h1 className="tb-page-title">{t('hl.desk.title')}</h1>
      <IntakeForm desk onFiled={orders.reload} />
      <Card title={t('hl.kb')} size="small" style={{ marginBottom: 16 }}>
        <Input.Search aria-label={t('hl.kbSearch')} placeholder={t('hl.kbSearch')} enterButton={t('hl.query')} onSearch={async (q) => setKb(q.trim() ? await searchKb(q) : null)} />
        {kb && (
          <List size="small" dataSource={kb} data-testid="kb-results" renderItem={(e) => (
            <List.Item actions={[<Button key="use" size="small" type={pick?.id === e.id ? 'primary' : 'default'} onClick={() => setPick(e)}>{t('hl.kbUse')}</Button>]}>
              <List.Item.Meta title={e.question} description={e.answer.slice(0, 200)} />
            </List.Item>
          )} />
        )}
      </Card>
      {orders.error ? <ErrorState error={orders.error} onRetry={orders.reload} /> : !orders.data ? <PageLoading /> : <OrderTable orders={orders.data} actions={actions} />}
    </>
  );
}

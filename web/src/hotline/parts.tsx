import { App, Button, Form, Input, Modal, Table, Tag } from 'antd';
import { useState, type ReactNode } from 'react';
import { errorMessage } from '../api.js';
import { CardMark, formatTime } from '../cases/parts.js';
import { useI18n, type MessageKey } from '../i18n.js';
import type { Order } from './api.js';

/** antd's table placeholder is too faint for axe's contrast rule; this one reads at the body text's strength. */
export const emptyText = (text: string) => <span className="tb-hotline-empty" style={{ color: 'rgba(0, 0, 0, 0.65)' }}>{text}</span>;


/** The clock of an open order: its due time and card (the same rule as cases, from the calendar module). */
export function Clock({ o }: { o: Pick<Order, 'dueAt' | 'card'> }) {
  const { lang } = useI18n();
  if (!o.dueAt) return <>—</>;
  return (
    <span>
      {formatTime(o.dueAt, lang)}{' '}
      {o.card && <CardMark card={o.card as never} />}
    </span>
  );
}

export function OrderTable({ orders, actions, showCaller = true }: { orders: Order[]; actions?: (o: Order) => ReactNode; showCaller?: boolean }) {
  const { t, lang } = useI18n();
  return (
    <Table<Order>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={orders}
      locale={{ emptyText: emptyText(t('hl.empty')) }}
      onRow={(o) => ({ 'data-order': o.number, 'data-state': o.state }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('hl.number'), dataIndex: 'number' },
        { title: t('hl.category'), render: (_, o) => t(`hl.cat.${o.category}` as MessageKey) },
        { title: t('hl.titleField'), dataIndex: 'title' },
        ...(showCaller ? [{ title: t('hl.caller'), render: (_: unknown, o: Order) => (o.anonymous ? '—' : `${o.callerNameMasked ?? ''} ${o.callerPhoneMasked ?? ''}`) }] : []),
        { title: t('hl.state'), render: (_, o) => <Tag data-testid="order-state">{t(`hl.st.${o.state}` as MessageKey)}</Tag> },
        { title: t('hl.due'), render: (_, o) => (o.state === 'closed' ? (o.closedAt ? formatTime(o.closedAt, lang) : '—') : <Clock o={o} />) },
        ...(actions ? [{ title: t('hl.actions'), render: (_: unknown, o: Order) => actions(o) }] : []),
      ]}
    />
  );
}

export interface PromptField {
  name: string;
  label: MessageKey;
  kind?: 'text' | 'number';
}

/** A button that asks for the few fields one step needs, then runs it; errors stay in the dialog. */
export function PromptButton({ label, fields, run, onDone, primary, testId, initial }: { label: MessageKey; fields: PromptField[]; run: (v: Record<string, string>) => Promise<unknown>; onDone: () => void; primary?: boolean; testId?: string; initial?: Record<string, string> }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Record<string, string>>();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await run(v);
      setOpen(false);
      form.resetFields();
      void message.success(t(label));
      onDone();
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" type={primary ? 'primary' : 'default'} data-testid={testId} onClick={() => setOpen(true)}>{t(label)}</Button>
      <Modal open={open} title={t(label)} okText={t('hl.submit')} onOk={() => void submit()} confirmLoading={busy} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
          {fields.map((f) => (
            <Form.Item key={f.name} name={f.name} label={t(f.label)} rules={[{ required: true, message: t(f.label) }]}>
              {f.kind === 'number' ? <Input type="number" /> : <Input.TextArea rows={3} />}
            </Form.Item>
          ))}
        </Form>
        {error && <div role="alert" className="ant-form-item-explain-error">{error}</div>}
      </Modal>
    </>
  );
}

/** A step with no input at all (直派, 办结). */
export function StepButton({ label, run, onDone, testId, primary }: { label: MessageKey; run: () => Promise<unknown>; onDone: () => void; testId?: string; primary?: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button size="small" type={primary ? 'primary' : 'default'} loading={busy} data-testid={testId} onClick={async () => {
      setBusy(true);
      try {
        await run();
        void message.success(t(label));
        onDone();
      } catch (e) {
        void message.error(errorMessage(e, lang));
      } finally {
        setBusy(false);
      }
    }}>{t(label)}</Button>
  );
}

import { Alert, App as AntApp, Button, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState, type ReactNode } from 'react';
import { useServerErrors } from '../components/serverErrors.js';
import { useI18n, type MessageKey } from '../i18n.js';
import type { ActionResult } from './caseApi.js';

export interface FieldSpec {
  name: string;
  label: MessageKey;
  kind?: 'text' | 'textarea' | 'number' | 'date' | 'select';
  required?: boolean;
  options?: { value: string | number; label: string }[];
  initial?: unknown;
}

/**
 * A button for one case action that asks before it acts: a dialog naming what will happen, the fields the
 * action needs (with the server's errors on them), and a clear result afterwards.
 */
export function ActionButton({
  label,
  confirm,
  fields = [],
  danger,
  primary,
  run,
  onDone,
  extra,
  testId,
}: {
  label: MessageKey;
  confirm: MessageKey;
  fields?: FieldSpec[];
  danger?: boolean;
  primary?: boolean;
  run: (values: Record<string, unknown>) => Promise<ActionResult | void>;
  onDone: (r: ActionResult | void, label: MessageKey) => void;
  extra?: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const server = useServerErrors(form, fields.map((f) => f.name));
  const submit = async () => {
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    server.clear();
    try {
      const r = await run(values);
      setOpen(false);
      form.resetFields();
      void message.success(t('cs.act.done', { action: t(label) }));
      onDone(r, label);
    } catch (err) {
      server.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button type={primary ? 'primary' : 'default'} danger={danger} onClick={() => setOpen(true)} data-testid={testId}>{t(label)}</Button>
      <Modal
        open={open}
        title={t(label)}
        okText={t('cs.act.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger, loading: busy }}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <p>{t(confirm)}</p>
        {extra}
        {server.alert}
        <Form form={form} layout="vertical" onValuesChange={server.onValuesChange} name={`act-${label}`}>
          {fields.map((f) => (
            <Form.Item key={f.name} name={f.name} label={t(f.label)} initialValue={f.initial} rules={f.required ? [{ required: true, message: t('common.required', { field: t(f.label) }) }] : []}>
              {f.kind === 'textarea' ? (
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
              ) : f.kind === 'number' ? (
                <InputNumber style={{ width: '100%' }} min={0} />
              ) : f.kind === 'date' ? (
                <Input type="date" />
              ) : f.kind === 'select' ? (
                <Select options={f.options} />
              ) : (
                <Input />
              )}
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </>
  );
}

/** What the last action produced, with its printable notice when one was issued. */
export function ActionOutcome({ text, documentUrl }: { text: string; documentUrl?: string }) {
  const { t } = useI18n();
  return (
    <Alert
      type="success"
      showIcon
      role="status"
      style={{ marginBottom: 16 }}
      data-testid="action-outcome"
      title={text}
      description={documentUrl ? <a href={documentUrl} target="_blank" rel="noreferrer">{t('cs.act.openDocument')}</a> : undefined}
    />
  );
}

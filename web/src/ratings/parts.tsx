import { App as AntApp, Button, Form, Input, Modal, Radio, Tag } from 'antd';
import { useState } from 'react';
import { errorMessage, useLoad } from '../api.js';
import { formatTime } from '../cases/parts.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { ratingOptions, type Rectification } from './api.js';

export interface StepField {
  name: string;
  label: MessageKey;
  kind?: 'textarea' | 'choice';
  choices?: { value: string | boolean; label: MessageKey }[];
  required?: boolean;
}

/** A button that asks for the fields of one rectification step in a dialog and runs it. */
export function StepButton({ label, fields, run, onDone, primary, danger, testId }: { label: MessageKey; fields: StepField[]; run: (v: Record<string, unknown>) => Promise<unknown>; onDone: () => void; primary?: boolean; danger?: boolean; testId: string }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await run(v);
      setOpen(false);
      form.resetFields();
      onDone();
    } catch (err) {
      void message.error(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button type={primary ? 'primary' : 'default'} danger={danger} onClick={() => setOpen(true)} data-testid={testId}>{t(label)}</Button>
      <Modal open={open} title={t(label)} onCancel={() => setOpen(false)} onOk={() => void submit()} okText={t('rt.save')} cancelText={t('rt.cancel')} confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical" name={testId}>
          {fields.map((f) => (
            <Form.Item key={f.name} name={f.name} label={t(f.label)} rules={f.required === false ? [] : [{ required: true, message: t('error.fieldMissing') }]}>
              {f.kind === 'choice' ? (
                <Radio.Group>
                  {f.choices!.map((c) => <Radio key={String(c.value)} value={c.value}>{t(c.label)}</Radio>)}
                </Radio.Group>
              ) : (
                <Input.TextArea rows={3} maxLength={2000} />
              )}
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </>
  );
}

export function CardTag({ card }: { card: string | null }) {
  const { t } = useI18n();
  if (!card) return null;
  return <span className={`tb-card-${card}`} data-card={card}>{t(`rt.card.${card}` as MessageKey)}</span>;
}

export function StateTag({ r }: { r: Rectification }) {
  const { t } = useI18n();
  return (
    <>
      <Tag data-testid="rect-state" data-state={r.state}>{t(`rt.rect.state.${r.state}` as MessageKey)}</Tag>
      {r.appeal.state !== 'none' && <Tag>{t(`rt.appeal.${r.appeal.state}` as MessageKey)}</Tag>}
    </>
  );
}

/** The deadline that runs now (核实 or 整改) with its card. */
export function DueCell({ r }: { r: Rectification }) {
  const { t, lang } = useI18n();
  if (!r.dueAt) return <>—</>;
  return (
    <span>
      {t(r.state === 'verifying' ? 'rt.verifyDue' : 'rt.rectifyDue')} {formatTime(r.dueAt, lang)} <CardTag card={r.card} />
    </span>
  );
}

/** The option labels of every level, for showing the reasons a rating gave. */
export function useOptionLabel(): (code: string) => string {
  const { lang } = useI18n();
  const opts = useLoad((signal) => ratingOptions(signal), []);
  const map = new Map<string, string>();
  for (const l of opts.data?.levels ?? []) for (const o of l.options) map.set(o.code, lang === 'zh' ? o.zh : o.en);
  return (code) => map.get(code) ?? code;
}

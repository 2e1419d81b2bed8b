import { Alert, AutoComplete, Button, Card, Form, Input, Radio, Select } from 'antd';
import { useState } from 'react';
import { errorMessage, useLoad } from '../api.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { fileOrder, regions, subjects } from './api.js';

const CATEGORIES = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;

/** 受理: the desk types a call or letter in; a citizen files online (channel web, name from the session). */
export function IntakeForm({ desk, onFiled }: { desk: boolean; onFiled: () => void }) {
  const { t, lang } = useI18n();
  const list = useLoad((signal) => subjects(signal), []);
  // The citizen picks the region from the org tree's list (typing its name or code narrows it), not a bare code.
  const regionList = useLoad((signal) => (desk ? Promise.resolve([]) : regions(signal)), [desk]);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const leaves = (list.data ?? []).filter((s) => s.parentCode);
  const submit = async (v: Record<string, string>) => {
    setBusy(true);
    setResult(null);
    try {
      const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ''));
      const o = await fileOrder(desk ? body : { ...body, channel: 'web' });
      setResult({ ok: true, text: t('hl.filed', { number: o.number }) });
      form.resetFields();
      onFiled();
    } catch (e) {
      setResult({ ok: false, text: errorMessage(e, lang) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t(desk ? 'hl.intake' : 'hl.newRequest')} size="small" style={{ marginBottom: 16 }}>
      <Form form={form} name="intake" layout="vertical" onFinish={(v) => void submit(v)} initialValues={desk ? { channel: 'phone', category: 'consult' } : { category: 'consult' }}>
        {desk && (
          <Form.Item name="channel" label={t('hl.channel')}>
            <Radio.Group optionType="button" options={(['phone', 'letter', 'web', 'app', 'message'] as const).map((c) => ({ value: c, label: t(`hl.channel.${c}` as MessageKey) }))} />
          </Form.Item>
        )}
        <Form.Item name="category" label={t('hl.category')}>
          <Radio.Group optionType="button" options={CATEGORIES.map((c) => ({ value: c, label: t(`hl.cat.${c}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name="subjectCode" label={t('hl.subject')} rules={[{ required: true, message: t('hl.subject') }]}>
          <Select showSearch optionFilterProp="label" options={leaves.map((s) => ({ value: s.code, label: `${s.code} ${lang === 'zh' ? s.name : s.nameEn}` }))} />
        </Form.Item>
        {desk && (
          <Form.Item name="callerName" label={t('hl.callerName')}>
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="callerPhone" label={t('hl.callerPhone')}>
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
        {!desk && (
          <Form.Item name="regionCode" label={t('hl.region')} rules={[{ required: true, pattern: /^\d{6}(\d{3})?(\d{3})?$/, message: t('hl.region') }]}>
            <AutoComplete
              options={(regionList.data ?? []).map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }))}
              filterOption={(input, option) => String(option?.label ?? '').includes(input.trim())}
              maxLength={12}
            />
          </Form.Item>
        )}
        <Form.Item name="location" label={t('hl.location')}>
          <Input />
        </Form.Item>
        <Form.Item name="title" label={t('hl.titleField')} rules={[{ required: true, message: t('hl.titleField') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t('hl.description')} rules={[{ required: true, message: t('hl.description') }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>{t('hl.submit')}</Button>
        {result && <Alert style={{ marginTop: 12 }} type={result.ok ? 'success' : 'error'} title={result.text} showIcon data-testid="intake-result" />}
      </Form>
    </Card>
  );
}

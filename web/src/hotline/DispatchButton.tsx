import { App, Button, Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { errorMessage, useLoad } from '../api.js';
import { useI18n } from '../i18n.js';
import { act, departments, type Order } from './api.js';

/** 转办 to a chosen department, with 协办 departments beside it (each gives its own opinion). */
export function DispatchButton({ o, onDone }: { o: Order; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ departmentId: string; assistDepartmentIds?: string[] }>();
  const list = useLoad((signal) => (open ? departments(signal) : Promise.resolve([])), [open]);
  const options = (list.data ?? []).map((d) => ({ value: d.id, label: `${d.name} (${d.code})` }));
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await act(o.id, 'dispatch', { departmentId: v.departmentId, assistDepartmentIds: (v.assistDepartmentIds ?? []).filter((d) => d !== v.departmentId) });
      setOpen(false);
      void message.success(t('hl.a.assist'));
      onDone();
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>{t('hl.a.assist')}</Button>
      <Modal open={open} title={t('hl.a.assist')} okText={t('hl.submit')} onOk={() => void submit()} confirmLoading={busy} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="departmentId" label={t('hl.leadDepartment')} rules={[{ required: true, message: t('hl.leadDepartment') }]}>
            <Select showSearch optionFilterProp="label" options={options} loading={!list.data} />
          </Form.Item>
          <Form.Item name="assistDepartmentIds" label={t('hl.assistDepartments')}>
            <Select mode="multiple" showSearch optionFilterProp="label" options={options} maxCount={10} />
          </Form.Item>
        </Form>
        {error && <div role="alert" className="ant-form-item-explain-error">{error}</div>}
      </Modal>
    </>
  );
}

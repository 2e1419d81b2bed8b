import { App as AntApp, Button, Card, Form, Input, Tabs } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api.js';
import { useServerErrors } from '../components/serverErrors.js';
import { useI18n, type MessageKey } from '../i18n.js';
import type { User } from '../types.js';

interface FieldSpec {
  name: string;
  label: MessageKey;
  extra?: MessageKey;
  password?: boolean;
  autoComplete: string;
  inputMode?: 'numeric' | 'tel' | 'text';
}

const PERSON_FIELDS: FieldSpec[] = [
  { name: 'name', label: 'register.name', autoComplete: 'name' },
  { name: 'idNumber', label: 'register.idNumber', autoComplete: 'off', inputMode: 'text' },
  { name: 'mobile', label: 'register.mobile', autoComplete: 'tel', inputMode: 'tel' },
  { name: 'password', label: 'register.password', extra: 'register.passwordHelp', password: true, autoComplete: 'new-password' },
];

const ENTERPRISE_FIELDS: FieldSpec[] = [
  { name: 'name', label: 'register.enterpriseName', autoComplete: 'organization' },
  { name: 'creditCode', label: 'register.creditCode', autoComplete: 'off' },
  { name: 'legalRepresentative', label: 'register.legalRepresentative', autoComplete: 'name' },
  { name: 'mobile', label: 'register.mobile', autoComplete: 'tel', inputMode: 'tel' },
  { name: 'password', label: 'register.password', extra: 'register.passwordHelp', password: true, autoComplete: 'new-password' },
];

function RegisterForm({ kind, fields }: { kind: 'person' | 'enterprise'; fields: FieldSpec[] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Record<string, string>>();
  const server = useServerErrors(form, fields.map((f) => f.name));

  const onFinish = async (values: Record<string, string>) => {
    setBusy(true);
    server.clear();
    const body = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, k === 'password' ? v : v.trim()]));
    try {
      await api.post<User>(`/api/v1/auth/register/${kind}`, body);
      void message.success(t('register.done'));
      navigate('/login', { state: { account: kind === 'person' ? body.idNumber : body.creditCode } });
    } catch (err) {
      server.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {server.alert}
      <Form form={form} name={`register-${kind}`} layout="vertical" onFinish={onFinish} onValuesChange={server.onValuesChange} requiredMark={false}>
        {fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={t(f.label)}
            extra={f.extra ? t(f.extra) : undefined}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t(f.label) }) }]}
          >
            {f.password ? <Input.Password autoComplete={f.autoComplete} /> : <Input autoComplete={f.autoComplete} inputMode={f.inputMode} />}
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" block loading={busy}>{t('register.submit')}</Button>
      </Form>
    </>
  );
}

export default function Register() {
  const { t } = useI18n();
  return (
    <Card className="tb-form-card" title={<h1 className="tb-card-title">{t('register.title')}</h1>}>
      <Tabs
        items={[
          { key: 'person', label: t('register.person'), children: <RegisterForm kind="person" fields={PERSON_FIELDS} /> },
          { key: 'enterprise', label: t('register.enterprise'), children: <RegisterForm kind="enterprise" fields={ENTERPRISE_FIELDS} /> },
        ]}
      />
      <p style={{ marginTop: 16 }}>
        {t('register.haveAccount')} <Link to="/login">{t('nav.login')}</Link>
      </p>
    </Card>
  );
}

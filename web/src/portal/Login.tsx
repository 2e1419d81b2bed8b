import { Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useServerErrors } from '../components/serverErrors.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import { homeOf } from '../surfaces.js';

interface LoginForm {
  account: string;
  password: string;
}

/** Only a path inside this site, so a crafted link cannot send the user elsewhere after login. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export default function Login() {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<LoginForm>();
  const server = useServerErrors(form, ['account', 'password']);
  const prefill = (location.state as { account?: string } | null)?.account;

  const onFinish = async (values: LoginForm) => {
    setBusy(true);
    server.clear();
    try {
      const user = await session.login(values.account.trim(), values.password);
      navigate(safeNext(params.get('next')) ?? homeOf(user), { replace: true });
    } catch (err) {
      server.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className="tb-form-card" title={<h1 className="tb-card-title">{t('login.title')}</h1>}>
      {server.alert}
      <Form<LoginForm> form={form} name="login" layout="vertical" onFinish={onFinish} onValuesChange={server.onValuesChange} initialValues={{ account: prefill ?? '' }} requiredMark={false}>
        <Form.Item
          name="account"
          label={t('login.account')}
          extra={t('login.accountHelp')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('login.account') }) }]}
        >
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('common.required', { field: t('login.password') }) }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>{t('login.submit')}</Button>
      </Form>
      <p style={{ marginTop: 16 }}>
        {t('login.noAccount')} <Link to="/register">{t('login.registerLink')}</Link>
      </p>
    </Card>
  );
}

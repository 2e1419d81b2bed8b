import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import type { Role } from '../types.js';
import { ErrorState, PageLoading } from './status.js';

/** Shows its children only to a logged-in user with one of the roles; everyone else gets a clear reason. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const session = useSession();
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  if (session.status === 'loading') return <PageLoading />;
  if (session.status === 'error') return <ErrorState error={session.error} onRetry={session.retry} />;
  if (!session.user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return (
      <Result
        status="info"
        title={<h1 className="tb-state-title">{t('guard.loginTitle')}</h1>}
        subTitle={t('guard.loginBody')}
        extra={<Button type="primary" onClick={() => navigate(`/login?next=${next}`)}>{t('guard.goLogin')}</Button>}
      />
    );
  }
  if (!session.hasRole(...roles)) {
    return (
      <Result
        status="403"
        title={<h1 className="tb-state-title">{t('guard.forbiddenTitle')}</h1>}
        subTitle={t('guard.forbiddenBody', {
          roles: session.user.roles.map((r) => t(`role.${r}`)).join('、'),
          required: roles.map((r) => t(`role.${r}`)).join('、'),
        })}
        extra={<Link to="/">{t('common.backHome')}</Link>}
      />
    );
  }
  return <>{children}</>;
}

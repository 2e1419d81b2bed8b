import { Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../i18n.js';

export default function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={<h1 className="tb-state-title">{t('error.notFoundTitle')}</h1>}
      subTitle={t('error.notFound')}
      extra={<Link to="/">{t('common.backHome')}</Link>}
    />
  );
}

import { Result } from 'antd';
import { Link, useParams } from 'react-router';
import { useI18n } from '../i18n.js';

/** /apply/item/:id until online application lands with the cases module, which replaces this page. */
export default function ApplyPlaceholder() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  return (
    <Result
      status="info"
      title={<h1 className="tb-state-title">{t('apply.soonTitle')}</h1>}
      subTitle={t('apply.soonBody')}
      extra={<Link to={`/guide/${encodeURIComponent(id)}`}>{t('apply.backToGuide')}</Link>}
    />
  );
}

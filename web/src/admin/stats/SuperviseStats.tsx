import { Link } from 'react-router';
import { useI18n } from '../../i18n.js';
import StatsPanel from './StatsPanel.js';

/** /supervise/stats: the catalog statistics for supervisors, who watch the same rates the admins report. */
export default function SuperviseStats() {
  const { t } = useI18n();
  return (
    <>
      <h1 className="tb-page-title">{t('stats.title')}</h1>
      <p><Link to="/supervise">{t('stats.back')}</Link></p>
      <StatsPanel />
    </>
  );
}

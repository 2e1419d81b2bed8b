import { Alert } from 'antd';
import { Link } from 'react-router';
import { api, useLoad } from '../api.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import type { MissingYears } from '../types.js';

/**
 * 日历预警: a year nobody has entered is computed on weekends alone, so every due date falling in it may be
 * wrong until the holiday notice is imported. Says so, or that every year in range is entered.
 */
export function CalendarWarning() {
  const { t, lang } = useI18n();
  const { hasRole } = useSession();
  const missing = useLoad((signal) => api.get<MissingYears>('/api/v1/supervise/calendar/missing-years', { signal }), []);
  if (missing.error) {
    return <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={t('supervise.calendarUnknown')} description={missing.error.text(lang)} />;
  }
  if (!missing.data) return null;
  const m = missing.data;
  if (!m.missing.length) {
    return <Alert type="success" showIcon style={{ marginBottom: 16 }} data-testid="calendar-ok" title={t('supervise.calendarOk', { from: m.from, to: m.to })} />;
  }
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      data-testid="calendar-warning"
      title={t('supervise.calendarMissing', { years: m.missing.join('、') })}
      description={
        <>
          {t('supervise.calendarMissingBody')}
          {hasRole('admin') && <> <Link to="/admin/calendar">{t('supervise.calendarFix')}</Link></>}
        </>
      }
    />
  );
}

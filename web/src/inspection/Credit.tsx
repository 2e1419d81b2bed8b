import { Alert } from 'antd';
import { useI18n } from '../i18n.js';

/** 信用记录: filled in by the next step. */
export function CreditTab({ region }: { region: string }) {
  const { t } = useI18n();
  void region;
  return <Alert type="info" title={t('in.credit.explain')} />;
}

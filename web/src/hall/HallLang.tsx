import { Button } from 'antd';
import { useI18n } from '../i18n.js';

/** The language switch of the hall's stand-alone pages (kiosk, phone ticket, big screen), which have no portal header. */
export function HallLang() {
  const { lang, setLang, t } = useI18n();
  return (
    <Button lang={lang === 'zh' ? 'en' : 'zh-CN'} title={t('lang.switchLabel')} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch" style={{ float: 'right' }}>
      {t('lang.switch')}
    </Button>
  );
}

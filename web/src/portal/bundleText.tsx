import { Tag } from 'antd';
import type { BundleSummary } from '../cases/bundleApi.js';
import type { Lang, useI18n } from '../i18n.js';

type T = ReturnType<typeof useI18n>['t'];

export const bundleName = (b: { name: string; nameEn: string }, lang: Lang) => (lang === 'en' && b.nameEn) || b.name;

/** The line every list of bundles shows: the 一件事 mark, the whole limit in working days and the number of items. */
export function BundleFacts({ bundle, t }: { bundle: BundleSummary; t: T }) {
  return (
    <>
      <Tag className="tb-tag-ok">{t('bundle.tag')}</Tag>
      <span>{bundle.limitDays != null ? t('bundle.limit', { n: bundle.limitDays }) : t('bundle.limitByItems')}</span>
      <span>· {t('bundle.itemCount', { n: bundle.itemCount })}</span>
    </>
  );
}

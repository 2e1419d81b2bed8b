import { Tag } from 'antd';
import { useI18n } from '../../i18n.js';

/** Published version, open draft and suspension of an item, each spelled out (not by colour alone). */
export function StatusTags({ item }: { item: { publishedVersion: number | null; draftVersion: number | null; suspended: boolean } }) {
  const { t } = useI18n();
  return (
    <span className="tb-result-meta" style={{ display: 'inline-flex' }}>
      {item.publishedVersion !== null && <Tag className="tb-tag-ok">{t('catalog.state.published', { v: item.publishedVersion })}</Tag>}
      {item.draftVersion !== null && <Tag className="tb-tag-warn">{t('catalog.state.draft', { v: item.draftVersion })}</Tag>}
      {item.suspended && <Tag className="tb-tag-bad">{t('catalog.state.suspended')}</Tag>}
    </span>
  );
}

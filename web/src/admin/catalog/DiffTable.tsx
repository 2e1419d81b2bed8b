import { Table, Tag } from 'antd';
import { useI18n, type MessageKey } from '../../i18n.js';
import type { Change } from './diff.js';

/** What publishing would change, element by element, for the admin to read before confirming (items and bundles). */
export function DiffTable({ changes, labels, none }: { changes: Change[]; labels: Record<string, MessageKey>; none: string }) {
  const { t } = useI18n();
  if (!changes.length) return <p data-testid="publish-diff-empty">{none}</p>;
  // The list scrolls in its own box, which takes the keyboard focus so it can be scrolled without a mouse.
  return (
    <div role="region" aria-label={t('catalog.diff.region')} tabIndex={0} style={{ maxHeight: 360, overflow: 'auto' }}>
    <Table<Change>
      data-testid="publish-diff"
      size="small"
      rowKey={(c) => `${c.path}|${c.kind}|${c.before}|${c.after}`}
      pagination={false}
      dataSource={changes}
      columns={[
        { title: t('catalog.diff.element'), key: 'el', render: (_, c) => <>{labels[c.top] ? t(labels[c.top]!) : c.top}<div className="tb-result-code">{c.path}</div></> },
        { title: t('catalog.diff.kind'), dataIndex: 'kind', render: (k: Change['kind']) => <Tag className={k === 'removed' ? 'tb-tag-bad' : k === 'added' ? 'tb-tag-ok' : 'tb-tag-warn'}>{t(`catalog.diff.${k}`)}</Tag> },
        { title: t('catalog.diff.before'), dataIndex: 'before', render: (v?: string) => <span className="tb-pre">{v ?? ''}</span> },
        { title: t('catalog.diff.after'), dataIndex: 'after', render: (v?: string) => <span className="tb-pre">{v ?? ''}</span> },
      ]}
    />
    </div>
  );
}

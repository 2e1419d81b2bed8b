import { PlusOutlined } from '@ant-design/icons';
import { Button, Table, Tag } from 'antd';
import { lazy, Suspense } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, useLoad } from '../../api.js';
import { ErrorState, PageLoading } from '../../components/status.js';
import { useI18n } from '../../i18n.js';
import type { BundleSummary } from './types.js';

const BundleEditor = lazy(() => import('./BundleEditor.js'));

/** Published version and open draft, each spelled out (not by colour alone). */
export function BundleState({ bundle }: { bundle: BundleSummary }) {
  const { t } = useI18n();
  return (
    <span className="tb-result-meta" style={{ display: 'inline-flex' }}>
      {bundle.publishedVersion !== null && <Tag className="tb-tag-ok">{t('bd.published', { v: bundle.publishedVersion })}</Tag>}
      {bundle.draftVersion !== null && <Tag className="tb-tag-warn">{t('bd.draft', { v: bundle.draftVersion })}</Tag>}
    </span>
  );
}

function BundleList() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const list = useLoad((signal) => api.get<BundleSummary[]>('/api/v1/admin/bundles', { signal }), []);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <>
    <div className="tb-toolbar">
      <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => navigate('/admin/bundles/new')}>{t('bd.new')}</Button>
    </div>
    <Table<BundleSummary>
      data-testid="bundle-list"
      rowKey="code"
      size="small"
      loading={list.loading}
      dataSource={list.data ?? []}
      scroll={{ x: true }}
      locale={{ emptyText: t('bd.none') }}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      columns={[
        { title: t('bd.code'), dataIndex: 'code' },
        { title: t('bd.name'), dataIndex: 'name', render: (name: string, r) => <Link to={`/admin/bundles/${encodeURIComponent(r.code)}`}>{name}</Link> },
        { title: t('bd.region'), dataIndex: 'regionCode' },
        { title: t('bd.status'), key: 'state', render: (_, r) => <BundleState bundle={r} /> },
      ]}
    />
    </>
  );
}

/** /admin/bundles: the bundle definitions of the admin's region and below; /admin/bundles/:code edits one. */
export default function BundlesTab() {
  const { '*': rest = '' } = useParams();
  const code = rest.split('/')[1];
  if (code) {
    return (
      <Suspense fallback={<PageLoading />}>
        <BundleEditor code={decodeURIComponent(code)} />
      </Suspense>
    );
  }
  return <BundleList />;
}

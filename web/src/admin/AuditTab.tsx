import { Input, Table } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, useLoad } from '../api.js';
import { ErrorState } from '../components/status.js';
import { useI18n } from '../i18n.js';
import type { AuditEntry } from '../types.js';
import { Pager } from './shared.js';

const PAGE_SIZE = 30;

export default function AuditTab() {
  const { t } = useI18n();
  const [action, setAction] = useState('');
  const [page, setPage] = useState(0);
  const entries = useLoad(
    (signal) => api.get<AuditEntry[]>('/api/v1/admin/audit', { signal, query: { action: action || undefined, limit: PAGE_SIZE + 1, offset: page * PAGE_SIZE } }),
    [action, page],
  );
  if (entries.error) return <ErrorState error={entries.error} onRetry={entries.reload} />;
  return (
    <>
      <div className="tb-toolbar">
        <label htmlFor="audit-action">{t('admin.audit.filter')}</label>
        <Input.Search
          id="audit-action"
          style={{ maxWidth: 280 }}
          allowClear
          enterButton={t('common.search')}
          onSearch={(v) => {
            setAction(v.trim());
            setPage(0);
          }}
        />
      </div>
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={entries.loading}
        dataSource={(entries.data ?? []).slice(0, PAGE_SIZE)}
        pagination={false}
        scroll={{ x: true }}
        expandable={{ rowExpandable: (e) => e.details != null, expandedRowRender: (e) => <pre className="tb-pre">{JSON.stringify(e.details, null, 2)}</pre> }}
        columns={[
          { title: t('admin.audit.at'), dataIndex: 'at', render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss') },
          { title: t('admin.audit.actor'), dataIndex: 'actorName', render: (n: string | null) => n ?? '' },
          { title: t('admin.audit.action'), dataIndex: 'action', render: (a: string) => <code>{a}</code> },
          { title: t('admin.audit.target'), key: 'target', render: (_, e) => [e.targetType, e.targetId].filter(Boolean).join(' · ') },
          { title: t('admin.audit.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '' },
        ]}
      />
      <Pager page={page} hasNext={(entries.data?.length ?? 0) > PAGE_SIZE} onChange={setPage} />
    </>
  );
}

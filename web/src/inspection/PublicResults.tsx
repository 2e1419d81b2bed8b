import { Button, Empty, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useLoad } from '../api.js';
import { formatTime } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { publicResults, type PublicResult } from './api.js';
import { OutcomeTag, classLabel } from './parts.js';

/** 一公开: published inspection results, no login; the route masks 个体工商户 names and carries no personal data. */
export default function PublicResults() {
  const { t, lang } = useI18n();
  const [q, setQ] = useState<{ regionCode?: string; creditCode?: string }>({});
  const [region, setRegion] = useState('');
  const [code, setCode] = useState('');
  const list = useLoad((signal) => publicResults(q, signal), [q.regionCode, q.creditCode]);
  const search = () => setQ({ regionCode: /^\d{6,12}$/.test(region) ? region : undefined, creditCode: /^[0-9A-Za-z]{18}$/.test(code) ? code : undefined });
  return (
    <>
      <h1 className="tb-page-title">{t('in.pub.title')}</h1>
      <p>{t('in.pub.intro')}</p>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="in-pub-region">{t('in.pub.region')}</label>
        <Input id="in-pub-region" style={{ width: 140 }} value={region} onChange={(e) => setRegion(e.target.value.trim())} onPressEnter={search} />
        <label htmlFor="in-pub-code">{t('in.creditCode')}</label>
        <Input id="in-pub-code" style={{ width: 220 }} value={code} onChange={(e) => setCode(e.target.value.trim())} onPressEnter={search} />
        <Button type="primary" onClick={search} data-testid="in-pub-search">{t('in.pub.search')}</Button>
      </Space>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : !list.data ? <PageLoading /> : list.data.length === 0 ? <Empty description={t('in.pub.empty')} /> : (
        <div className="tb-table-scroll">
          <Table<PublicResult>
            data-testid="in-public"
            size="small"
            rowKey={(r) => `${r.drawId}-${r.creditCode}`}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={list.data}
            onRow={(r) => ({ 'data-credit-code': r.creditCode, 'data-outcome': r.outcome } as React.HTMLAttributes<HTMLElement>)}
            columns={[
              { title: t('in.pub.publishedAt'), key: 'pub', render: (_, r) => formatTime(r.publishedAt, lang) },
              { title: t('in.creditCode'), dataIndex: 'creditCode', key: 'cc' },
              { title: t('in.task.subject'), dataIndex: 'subjectName', key: 'name' },
              { title: t('in.task.class'), key: 'cls', render: (_, r) => t(classLabel(r.objectClass)) },
              { title: t('in.plan.items'), key: 'items', render: (_, r) => r.items.join('、') },
              { title: t('in.pub.departments'), key: 'd', render: (_, r) => r.departments.map((d) => <Tag key={d}>{d}</Tag>) },
              { title: t('in.task.outcome'), key: 'out', render: (_, r) => <OutcomeTag outcome={r.outcome} /> },
              { title: t('in.task.inspectedAt'), key: 'at', render: (_, r) => formatTime(r.inspectedAt, lang) },
              { title: t('in.draw.seedHash'), key: 'seed', render: (_, r) => <code title={r.seedHash}>{r.seedHash.slice(0, 12)}…</code> },
            ]}
          />
        </div>
      )}
    </>
  );
}

import { Empty, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useLoad } from '../api.js';
import { formatTime } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { currentMonth, publicFigures, publicRegions, type PublicFigures } from './api.js';
import { FigureTable } from './FigureTable.js';
import { LevelText } from './RatingForm.js';
import './ratings.css';

type Rect = PublicFigures['rectifications'][number];


/** 双公开: each department's figures and every 差评's rectification status, public and without personal data. */
export default function PublicRatings() {
  const { t, lang } = useI18n();
  const regions = useLoad((signal) => publicRegions(signal), []);
  const [chosen, setRegion] = useState<string | null>(null);
  // The org tree's first region (the top of the tree) until the visitor picks another.
  const region = chosen ?? regions.data?.[0]?.code ?? null;
  const to = currentMonth();
  const from = `${to.slice(0, 4)}-01`;
  const data = useLoad((signal) => (region ? publicFigures({ regionCode: region, from, to }, signal) : Promise.resolve(null)), [region, from, to]);
  return (
    <>
      <h1 className="tb-page-title">{t('rt.pub.title')}</h1>
      <p>{t('rt.pub.intro')}</p>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="rt-region">{t('rt.pub.region')}</label>
        <Select
          id="rt-region"
          data-testid="rt-region"
          value={region}
          loading={!regions.data}
          onChange={setRegion}
          style={{ width: 200 }}
          options={(regions.data ?? []).map((r) => ({ value: r.code, label: `${'\u3000'.repeat(r.depth)}${r.name}${lang === 'en' ? ` (${r.code})` : ''}` }))}
        />
        <span>{t('rt.sup.months')}:{from} – {to}</span>
      </Space>
      {regions.error || data.error ? (
        <ErrorState error={(regions.error ?? data.error)!} onRetry={regions.error ? regions.reload : data.reload} />
      ) : !data.data ? (
        <PageLoading />
      ) : (
        <>
          <FigureTable data={data.data} testId="public-figures" />
          <h2 className="tb-card-title" style={{ marginTop: 24 }}>{t('rt.pub.rectifications')}</h2>
          {data.data.rectifications.length ? (
            <div className="tb-table-scroll">
              <Table<Rect>
                data-testid="public-rectifications"
                size="small"
                rowKey="id"
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                dataSource={data.data.rectifications}
                onRow={(r) => ({ 'data-rect': r.id, 'data-state': r.state } as React.HTMLAttributes<HTMLElement>)}
                columns={[
                  { title: t('rt.pub.month'), dataIndex: 'month', key: 'month' },
                  { title: t('rt.pub.department'), key: 'dept', render: (_, r) => (lang === 'zh' ? r.departmentName.zh : r.departmentName.en) },
                  { title: t('rt.item'), dataIndex: 'itemName', key: 'item' },
                  { title: t('rt.level'), key: 'level', render: (_, r) => <LevelText level={r.level} /> },
                  { title: t('rt.classification'), key: 'class', render: (_, r) => (r.classification ? t(`rt.class.${r.classification}` as MessageKey) : '—') },
                  { title: t('rt.rect.state'), key: 'state', render: (_, r) => <Tag>{t(`rt.rect.state.${r.state}` as MessageKey)}</Tag> },
                  { title: t('rt.rectifyNote'), key: 'fixed', render: (_, r) => formatTime(r.rectifiedAt ?? r.verifiedAt, lang) },
                  {
                    title: t('rt.followUp.yes'),
                    key: 'fu',
                    render: (_, r) => (r.followUpSatisfied === null ? '—' : <span data-testid="public-satisfied">{t(r.followUpSatisfied ? 'rt.pub.satisfied' : 'rt.pub.unsatisfied')}</span>),
                  },
                  { title: t('rt.pub.onTime'), key: 'ontime', render: (_, r) => t(r.onTime ? 'rt.pub.onTime' : 'rt.pub.late') },
                ]}
              />
            </div>
          ) : (
            <Empty description={t('rt.pub.empty')} />
          )}
        </>
      )}
    </>
  );
}

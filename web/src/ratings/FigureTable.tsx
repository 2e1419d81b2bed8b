import { Table } from 'antd';
import { useI18n, type MessageKey } from '../i18n.js';
import { percent, type FigureSet } from './api.js';

type Row = FigureSet['groups'][number];

const RATE_COLUMNS = ['goodRate', 'activeGoodRate', 'unratedRate', 'badReplyRate', 'followUpRate', 'followUpSatisfiedRate'] as const;

/** The eight published figures, one row per group and a total row. */
export function FigureTable({ data, testId }: { data: FigureSet; testId: string }) {
  const { t, lang } = useI18n();
  const total: Row = { key: '__total', name: { zh: t('rt.fig.total'), en: t('rt.fig.total') }, ...data.total };
  const columns = [
    { title: t('rt.fig.group'), key: 'name', render: (_: unknown, r: Row) => (lang === 'zh' ? r.name.zh : r.name.en) },
    { title: t('rt.fig.ratings'), dataIndex: 'ratings', key: 'ratings', align: 'right' as const },
    ...RATE_COLUMNS.slice(0, 3).map((k) => ({ title: t(`rt.fig.${k}` as MessageKey), key: k, align: 'right' as const, render: (_: unknown, r: Row) => <span data-figure={k}>{percent(r[k])}</span> })),
    { title: t('rt.fig.bad'), dataIndex: 'bad', key: 'bad', align: 'right' as const, render: (v: number) => <span data-figure="bad">{v}</span> },
    ...RATE_COLUMNS.slice(3).map((k) => ({ title: t(`rt.fig.${k}` as MessageKey), key: k, align: 'right' as const, render: (_: unknown, r: Row) => <span data-figure={k}>{percent(r[k])}</span> })),
  ];
  return (
    <div className="tb-table-scroll">
      <Table<Row> data-testid={testId} size="small" pagination={false} rowKey="key" columns={columns} dataSource={[...data.groups, total]} onRow={(r) => ({ 'data-group': r.key } as React.HTMLAttributes<HTMLElement>)} />
    </div>
  );
}

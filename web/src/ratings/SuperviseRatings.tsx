import { Empty, List, Segmented, Space, Table, Tabs } from 'antd';
import { useState } from 'react';
import { useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { currentMonth, figures, listRectifications, rectificationCards, rectificationStep, type CardRow } from './api.js';
import { RectificationItem } from './DepartmentInbox.js';
import { FigureTable } from './FigureTable.js';
import { StepButton } from './parts.js';
import './ratings.css';

type By = 'department' | 'region' | 'item' | 'month';

function Figures() {
  const { t } = useI18n();
  const [by, setBy] = useState<By>('department');
  const month = currentMonth();
  const from = `${month.slice(0, 4)}-01`;
  const data = useLoad((signal) => figures({ from, to: month, by }, signal), [by, from, month]);
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('rt.sup.months')}:{from} – {month}</span>
        <Segmented<By> aria-label={t('rt.sup.by')} value={by} onChange={setBy} options={(['department', 'region', 'item', 'month'] as const).map((b) => ({ value: b, label: t(`rt.sup.by.${b}`) }))} />
      </Space>
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : !data.data ? <PageLoading /> : <FigureTable data={data.data} testId="rating-figures" />}
    </>
  );
}

function Cards() {
  const { t, lang } = useI18n();
  const cards = useLoad((signal) => rectificationCards(signal), []);
  const late = useLoad((signal) => listRectifications({ card: 'red' }, signal), []);
  if (cards.error) return <ErrorState error={cards.error} onRetry={cards.reload} />;
  if (!cards.data) return <PageLoading />;
  return (
    <>
      {cards.data.some((c) => c.red + c.yellow > 0) ? (
        <div className="tb-table-scroll">
          <Table<CardRow>
            data-testid="rating-cards"
            size="small"
            pagination={false}
            rowKey="departmentId"
            dataSource={cards.data}
            columns={[
              { title: t('rt.pub.department'), key: 'name', render: (_, r) => (lang === 'zh' ? r.departmentName.zh : r.departmentName.en) },
              { title: t('rt.card.red'), dataIndex: 'red', key: 'red', align: 'right', render: (v: number) => <span className={v ? 'tb-card-red' : undefined}>{v}</span> },
              { title: t('rt.card.yellow'), dataIndex: 'yellow', key: 'yellow', align: 'right', render: (v: number) => <span className={v ? 'tb-card-yellow' : undefined}>{v}</span> },
              { title: t('rt.sup.open'), dataIndex: 'open', key: 'open', align: 'right' },
            ]}
          />
        </div>
      ) : (
        <Empty description={t('rt.sup.cardsEmpty')} />
      )}
      {late.data && late.data.length > 0 && <List style={{ marginTop: 16 }} dataSource={late.data} renderItem={(r) => <RectificationItem r={r} onDone={late.reload} actions={<span />} />} />}
    </>
  );
}

function Appeals() {
  const { t } = useI18n();
  const list = useLoad((signal) => listRectifications({ appeal: 'pending', state: 'all' }, signal), []);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageLoading />;
  if (!list.data.length) return <Empty description={t('rt.sup.appealsEmpty')} />;
  return (
    <List
      data-testid="rating-appeals"
      dataSource={list.data}
      renderItem={(r) => (
        <RectificationItem
          r={r}
          onDone={list.reload}
          actions={
            <StepButton
              primary
              label="rt.sup.appeals"
              testId="appeal-decide"
              fields={[
                { name: 'upheld', label: 'rt.sup.appeals', kind: 'choice', choices: [{ value: true, label: 'rt.decide.uphold' }, { value: false, label: 'rt.decide.reject' }] },
                { name: 'reason', label: 'rt.decide.reason' },
              ]}
              run={(v) => rectificationStep(r.ratingId, 'appeal/decide', v)}
              onDone={list.reload}
            />
          }
        />
      )}
    />
  );
}

/** Items the rater stayed unsatisfied with after they were reopened once: a supervisor closes each with a decision. */
function Escalations() {
  const { t } = useI18n();
  const list = useLoad((signal) => listRectifications({ state: 'escalated' }, signal), []);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageLoading />;
  if (!list.data.length) return <Empty description={t('rt.sup.escalationsEmpty')} />;
  return (
    <List
      data-testid="rating-escalations"
      dataSource={list.data}
      renderItem={(r) => (
        <RectificationItem
          r={r}
          onDone={list.reload}
          actions={<StepButton primary label="rt.escalation.decide" testId="escalation-decide" fields={[{ name: 'decision', label: 'rt.escalation.decision' }]} run={(v) => rectificationStep(r.ratingId, 'escalation/decide', v)} onDone={list.reload} />}
        />
      )}
    />
  );
}

/** 好差评 supervision: the figures from the rollups, the red/yellow cards of rectification, and the appeal queue. */
export default function SuperviseRatings() {
  const { t } = useI18n();
  return (
    <>
      <h1 className="tb-page-title">{t('rt.sup.title')}</h1>
      <Tabs
        items={[
          { key: 'figures', label: t('rt.sup.figures'), children: <Figures /> },
          { key: 'cards', label: t('rt.sup.cards'), children: <Cards /> },
          { key: 'appeals', label: t('rt.sup.appeals'), children: <Appeals /> },
          { key: 'escalations', label: t('rt.sup.escalations'), children: <Escalations /> },
        ]}
      />
    </>
  );
}

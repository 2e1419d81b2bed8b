import { Button, Card, Empty, Table, Tabs } from 'antd';
import { useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router';
import { api, useLoad } from '../api.js';
import { byUrgency, type CaseSummary } from '../cases/caseApi.js';
import { CardMark, formatTime, StateTag } from '../cases/parts.js';
import { StaffCase } from '../cases/StaffCase.js';
import { ErrorState } from '../components/status.js';
import { Workspace } from '../components/Workspace.js';
import { useI18n } from '../i18n.js';

/** The department's inbox, most urgent first: red, then yellow, then green, each by its due date. */
function Inbox() {
  const { t, lang } = useI18n();
  const [tab, setTab] = useState<'inbox' | 'all'>('inbox');
  const cases = useLoad((signal) => api.get<CaseSummary[]>('/api/v1/cases', { signal, query: { inbox: tab === 'inbox' ? true : undefined, limit: 200 } }), [tab]);
  const rows = byUrgency(cases.data ?? []);
  const counts = { red: rows.filter((c) => c.card === 'red').length, yellow: rows.filter((c) => c.card === 'yellow').length };
  return (
    <Workspace title="approve.title">
      <Card
        title={<h2 className="tb-card-title">{t('cs.appr.inbox')}</h2>}
        extra={<Button onClick={cases.reload}>{t('cs.refresh')}</Button>}
      >
        <Tabs activeKey={tab} onChange={(k) => setTab(k as 'inbox' | 'all')} items={[{ key: 'inbox', label: t('cs.appr.waiting') }, { key: 'all', label: t('cs.appr.all') }]} />
        {cases.error ? (
          <ErrorState error={cases.error} onRetry={cases.reload} />
        ) : (
          <>
            <p data-testid="inbox-summary">{t('cs.appr.summary', { n: rows.length, red: counts.red, yellow: counts.yellow })}</p>
            <Table<CaseSummary>
              size="small"
              rowKey="id"
              loading={cases.loading}
              dataSource={rows}
              scroll={{ x: true }}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty description={t('cs.none')} /> }}
              data-testid="approve-inbox"
              columns={[
                { title: t('cs.clock.card'), key: 'card', render: (_, c) => <CardMark card={c.card} paused={c.paused} /> },
                { title: t('cs.number'), key: 'number', render: (_, c) => <Link to={`/approve/cases/${c.id}`}>{c.number}</Link> },
                { title: t('cs.item'), dataIndex: 'itemName' },
                { title: t('cs.step'), key: 'step', render: (_, c) => c.currentStepName ?? '—' },
                { title: t('cs.state'), key: 'state', render: (_, c) => <StateTag state={c.state} /> },
                { title: t('cs.clock.due'), key: 'due', render: (_, c) => formatTime(c.dueAt, lang) },
              ]}
            />
          </>
        )}
      </Card>
    </Workspace>
  );
}

function ApproveCase() {
  const { id = '' } = useParams();
  return <StaffCase id={id} backTo="/approve" backLabel="cs.appr.back" />;
}

/** 审批办理: the inbox and the case workbench (pass, return, deny, 特别程序, conclude). */
export default function ApproveDesk() {
  return (
    <Routes>
      <Route path="cases/:id" element={<ApproveCase />} />
      <Route path="*" element={<Inbox />} />
    </Routes>
  );
}

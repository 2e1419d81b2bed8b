import { Badge, Empty, List, Tabs } from 'antd';
import { Link, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { api, useLoad } from '../api.js';
import { listBundleCases } from '../cases/bundleApi.js';
import { BundleView } from '../cases/BundleView.js';
import { BundleRatingPanel } from '../ratings/CaseRatingPanel.js';
import type { CaseSummary, Notification } from '../cases/caseApi.js';
import { CardMark, formatTime, StateTag, useCodeLabel, waitingOn } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import MyCaseDetail from './MyCasesDetail.js';
import MyMessages from './MyCasesInbox.js';
import { MyLicenceList, MyLicenceView } from './MyLicences.js';

/** 我的办件: the applicant's cases, newest first, each with its state, what it waits for and its due date. */
function CaseList() {
  const { t, lang } = useI18n();
  const cases = useLoad((signal) => api.get<CaseSummary[]>('/api/v1/cases', { signal, query: { limit: 100 } }), []);
  if (cases.error) return <ErrorState error={cases.error} onRetry={cases.reload} />;
  if (!cases.data) return <PageLoading />;
  if (!cases.data.length) return <Empty description={<span>{t('cs.my.empty')} <Link to="/search">{t('cs.my.findItem')}</Link></span>} />;
  const rows = [...cases.data].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  return (
    <List
      className="tb-case-list"
      data-testid="my-cases"
      dataSource={rows}
      renderItem={(c) => (
        <List.Item key={c.id} data-case={c.number}>
          <List.Item.Meta
            title={<Link to={`/my/cases/${c.id}`}>{c.itemName}</Link>}
            description={
              <div>
                <div className="tb-result-meta">
                  <StateTag state={c.state} />
                  {c.dueAt && <CardMark card={c.card} paused={c.paused} />}
                  <span className="tb-result-code">{c.number}</span>
                </div>
                <div>{t('cs.waitingOn')}:{waitingOn(c, t)}</div>
                <div className="tb-result-code">
                  {t('cs.submittedAt')} {formatTime(c.submittedAt, lang)}
                  {c.dueAt && ` · ${t('cs.clock.due')} ${formatTime(c.dueAt, lang)}`}
                </div>
              </div>
            }
          />
        </List.Item>
      )}
    />
  );
}

/** The applicant's 一件事: each links to its stages and the items' cases. */
function BundleList() {
  const { t, lang } = useI18n();
  const label = useCodeLabel();
  const bundles = useLoad((signal) => listBundleCases(signal), []);
  if (bundles.error) return <ErrorState error={bundles.error} onRetry={bundles.reload} />;
  if (!bundles.data?.length) return null;
  return (
    <section aria-labelledby="my-bundles" style={{ marginBottom: 16 }}>
      <h2 id="my-bundles" className="tb-section-title">{t('cs.bundle.mine')}</h2>
      <List
        data-testid="my-bundles"
        dataSource={bundles.data}
        renderItem={(b) => (
          <List.Item key={b.id}>
            <List.Item.Meta
              title={<Link to={`/my/bundles/${b.id}`}>{b.name}</Link>}
              description={<span>{label('cs.bundle.status', b.status)} · {b.number} · {formatTime(b.submittedAt, lang)}</span>}
            />
          </List.Item>
        )}
      />
    </section>
  );
}

function MyBundle() {
  const { id = '' } = useParams();
  return <><BundleView id={id} caseLink={(caseId) => `/my/cases/${caseId}`} back="/my/cases" backLabel="cs.my.back" /><BundleRatingPanel bundleId={id} /></>;
}

function UnreadCount() {
  const unread = useLoad((signal) => api.get<Notification[]>('/api/v1/inbox', { signal, query: { unread: true, limit: 100 } }), []);
  const n = unread.data?.length ?? 0;
  return n ? <Badge count={n} style={{ marginLeft: 6 }} /> : null;
}

function Overview() {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const tab = location.pathname.startsWith('/my/messages') ? 'messages' : location.pathname.startsWith('/my/licences') ? 'licences' : 'cases';
  return (
    <>
      <h1 className="tb-page-title">{t('cs.my.title')}</h1>
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(`/my/${k}`)}
        items={[
          { key: 'cases', label: t('cs.my.cases'), children: tab === 'cases' ? <><BundleList /><CaseList /></> : null },
          { key: 'messages', label: <span>{t('cs.my.messages')}<UnreadCount /></span>, children: tab === 'messages' ? <MyMessages /> : null },
          { key: 'licences', label: t('lic.nav'), children: tab === 'licences' ? <MyLicenceList /> : null },
        ]}
      />
    </>
  );
}

/** /my/cases, /my/cases/:id, /my/messages and /my/licences: the applicant's own corner of the portal (专属空间). */
export default function MyCases() {
  return (
    <Routes>
      <Route path="cases/:id" element={<MyCaseDetail />} />
      <Route path="bundles/:id" element={<MyBundle />} />
      <Route path="licences/:id" element={<MyLicenceView />} />
      <Route path="*" element={<Overview />} />
    </Routes>
  );
}

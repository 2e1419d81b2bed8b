import { Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { useNavigate, useParams } from 'react-router';
import { PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';

const RegionsTab = lazy(() => import('./RegionsTab.js'));
const DepartmentsTab = lazy(() => import('./DepartmentsTab.js'));
const UsersTab = lazy(() => import('./UsersTab.js'));
const AuditTab = lazy(() => import('./AuditTab.js'));
const CatalogTab = lazy(() => import('./catalog/CatalogTab.js'));
const CalendarTab = lazy(() => import('./calendar/CalendarTab.js'));
const LedgerTab = lazy(() => import('./ledger/LedgerTab.js'));
const BundlesTab = lazy(() => import('./bundles/BundlesTab.js'));
const StatsPanel = lazy(() => import('./stats/StatsPanel.js'));
const LicencesTab = lazy(() => import('../licences/AdminLicences.js'));

/** Each tab has its own address (/admin/users …) so a link or a reload lands on the same tab. */
const TABS: { key: string; label: MessageKey; Panel: React.ComponentType }[] = [
  { key: 'regions', label: 'admin.tab.regions', Panel: RegionsTab },
  { key: 'departments', label: 'admin.tab.departments', Panel: DepartmentsTab },
  { key: 'users', label: 'admin.tab.users', Panel: UsersTab },
  { key: 'catalog', label: 'admin.tab.catalog', Panel: CatalogTab },
  { key: 'bundles', label: 'admin.tab.bundles', Panel: BundlesTab },
  { key: 'stats', label: 'stats.tab', Panel: StatsPanel },
  { key: 'calendar', label: 'admin.tab.calendar', Panel: CalendarTab },
  { key: 'ledger', label: 'admin.tab.ledger', Panel: LedgerTab },
  { key: 'licences', label: 'lic.admin.tab', Panel: LicencesTab },
  { key: 'audit', label: 'admin.tab.audit', Panel: AuditTab },
];

export default function AdminDesk() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const tab = useParams()['*']?.split('/')[0] || 'regions';
  const active = TABS.some((x) => x.key === tab) ? tab : 'regions';
  return (
    <>
      <h1 className="tb-page-title">{t('admin.title')}</h1>
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`/admin/${key}`)}
        destroyOnHidden
        items={TABS.map(({ key, label, Panel }) => ({
          key,
          label: t(label),
          children: (
            <Suspense fallback={<PageLoading />}>
              <Panel />
            </Suspense>
          ),
        }))}
      />
    </>
  );
}

import { Card, Table } from 'antd';
import { Link } from 'react-router';
import { api, useLoad } from '../api.js';
import { ErrorState } from '../components/status.js';
import { Workspace } from '../components/Workspace.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import { CalendarWarning } from './CalendarWarning.js';
import type { Department, Region } from '../types.js';

/** What a supervisor oversees today: the regions and departments in scope, where the red and yellow cards will land. */
function InScope() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const within = user?.regionCode ?? undefined;
  const data = useLoad(
    async (signal) => {
      const [regions, departments] = await Promise.all([
        api.get<Region[]>('/api/v1/regions', { signal, query: { within } }),
        api.get<Department[]>('/api/v1/departments', { signal, query: { within } }),
      ]);
      return { regions, departments };
    },
    [within],
  );
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  const regionName = new Map((data.data?.regions ?? []).map((r) => [r.code, r.name]));
  return (
    <div className="tb-cards" style={{ marginBottom: 16 }}>
      <Card title={<h2 className="tb-card-title">{t('supervise.regions')}</h2>}>
        <Table<Region>
          size="small"
          rowKey="code"
          loading={data.loading}
          dataSource={data.data?.regions}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: true }}
          columns={[
            { title: t('admin.region.code'), dataIndex: 'code' },
            { title: t('admin.region.name'), dataIndex: 'name' },
          ]}
        />
      </Card>
      <Card title={<h2 className="tb-card-title">{t('supervise.departments')}</h2>}>
        <Table<Department>
          size="small"
          rowKey="id"
          loading={data.loading}
          dataSource={data.data?.departments}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: true }}
          columns={[
            { title: t('admin.dept.name'), key: 'name', render: (_, d) => (lang === 'en' && d.nameEn) || d.name },
            { title: t('admin.dept.region'), key: 'region', render: (_, d) => regionName.get(d.regionCode) ?? d.regionCode },
          ]}
        />
      </Card>
    </div>
  );
}

export default function SuperviseDesk() {
  const { t } = useI18n();
  return (
    <Workspace title="supervise.title" plan="supervise.plan">
      <CalendarWarning />
      <p><Link to="/supervise/ledger">{t('supervise.ledgerLink')}</Link></p>
      <p><Link to="/supervise/stats">{t('stats.link')}</Link></p>
      <p><Link to="/supervise/figures">{t('sv.figures.link')}</Link></p>
      <p><Link to="/supervise/ranking">{t('sv.ranking.link')}</Link></p>
      <p><Link to="/supervise/reports">{t('sv.reports.link')}</Link></p>
      <p><Link to="/supervise/wall">{t('sv.wall.link')}</Link></p>
      <InScope />
    </Workspace>
  );
}

import { Alert, Card, Descriptions, Tag } from 'antd';
import type { ReactNode } from 'react';
import { api, useLoad } from '../api.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { useSession } from '../session.js';
import type { Department, Region } from '../types.js';
import { ErrorState, PageLoading } from './status.js';

interface Scope {
  path: Region[];
  department: Department | null;
}

async function loadScope(regionCode: string | null, departmentId: string | null, signal: AbortSignal): Promise<Scope> {
  if (!regionCode) return { path: [], department: null };
  const [region, departments] = await Promise.all([
    api.get<{ region: Region; path: Region[] }>(`/api/v1/regions/${encodeURIComponent(regionCode)}`, { signal }),
    departmentId ? api.get<Department[]>('/api/v1/departments', { signal, query: { regionCode } }) : Promise.resolve([]),
  ]);
  return { path: region.path, department: departments.find((d) => d.id === departmentId) ?? null };
}

/** The frame of a staff workspace: who is working, in which region and department, and the work itself. */
export function Workspace({ title, plan, children }: { title: MessageKey; plan?: MessageKey; children?: ReactNode }) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const scope = useLoad((signal) => loadScope(user?.regionCode ?? null, user?.departmentId ?? null, signal), [user?.regionCode, user?.departmentId]);
  return (
    <>
      <h1 className="tb-page-title">{t(title)}</h1>
      <Card title={<h2 className="tb-card-title">{t('workspace.scope')}</h2>} style={{ marginBottom: 16 }}>
        {scope.loading && !scope.data ? (
          <PageLoading />
        ) : scope.error ? (
          <ErrorState error={scope.error} onRetry={scope.reload} />
        ) : (
          <Descriptions column={{ xs: 1, sm: 1, md: 3 }} size="small">
            <Descriptions.Item label={t('workspace.region')}>
              <span data-testid="scope-region">{scope.data?.path.map((r) => r.name).join(' › ') || t('common.none')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('workspace.department')}>
              {scope.data?.department ? (lang === 'en' && scope.data.department.nameEn) || scope.data.department.name : t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('workspace.roles')}>
              {user?.roles.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>)}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {children}
      {plan && <Alert type="info" showIcon title={t('workspace.pending')} description={t(plan)} />}
    </>
  );
}

import { Button, Space } from 'antd';
import { api, useLoad } from '../api.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import type { Department, Region } from '../types.js';

/** The regions and departments the signed-in admin administers (their region and everything under it). */
export function useOrgScope() {
  const { user } = useSession();
  const within = user?.regionCode ?? undefined;
  return useLoad(
    async (signal) => {
      const [regions, departments] = await Promise.all([
        api.get<Region[]>('/api/v1/regions', { signal, query: { within } }),
        api.get<Department[]>('/api/v1/departments', { signal, query: { within } }),
      ]);
      return { regions, departments };
    },
    [within],
  );
}

export function regionOptions(regions: Region[] | undefined) {
  return (regions ?? []).map((r) => ({ value: r.code, label: `${r.name}(${r.code})` }));
}

export function departmentLabel(d: Department, lang: 'zh' | 'en'): string {
  return (lang === 'en' && d.nameEn) || d.name;
}

/** The list APIs page by limit/offset without a total; asking for one row more tells whether a next page exists. */
export function Pager({ page, hasNext, onChange }: { page: number; hasNext: boolean; onChange: (page: number) => void }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('pager.label')}>
      <Space style={{ marginTop: 12 }}>
        <Button disabled={page === 0} onClick={() => onChange(page - 1)}>{t('pager.prev')}</Button>
        <span>{t('pager.page', { n: page + 1 })}</span>
        <Button disabled={!hasNext} onClick={() => onChange(page + 1)}>{t('pager.next')}</Button>
      </Space>
    </nav>
  );
}

import { Card, Empty, Segmented, Select, Tag } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, useLoad } from '../api.js';
import { listBundles } from '../cases/bundleApi.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import type { CatalogItemSummary, Department, Region } from '../types.js';
import { BundleFacts, bundleName } from './bundleText.js';
import { SearchBox } from './SearchBox.js';

type Audience = 'person' | 'enterprise';
export const ONLINE: Record<string, MessageKey> = { full: 'search.online.full', prereview: 'search.online.prereview', offline: 'search.online.offline' };

/**
 * Search results and browsing over the published catalog: by audience (个人办事 / 法人办事), by department and
 * by theme (/search?q=…&audience=…&department=…&theme=…).
 */
export default function Search() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const audience = (params.get('audience') as Audience | null) ?? undefined;
  const departmentCode = params.get('department') ?? undefined;
  const theme = params.get('theme') ?? undefined;
  // The list names the filter its results answer (data-filter), so a reader or a test can tell a stale list from
  // the one for the filter just chosen.
  const filter = new URLSearchParams(Object.entries({ q, audience, department: departmentCode, theme }).filter((e): e is [string, string] => !!e[1])).toString();
  const result = useLoad(
    async (signal) => ({
      filter,
      ...(await api.get<{ items: CatalogItemSummary[] }>('/api/v1/catalog/items', { signal, query: { q: q || undefined, audience, departmentCode, theme, limit: 50 } })),
    }),
    [q, audience, departmentCode, theme],
  );
  // Bundles answer the words only: they belong to no single department or theme, so those filters leave them out.
  const bundleQuery = q && !departmentCode && !theme ? q : '';
  const bundleResult = useLoad(async (signal) => (bundleQuery ? listBundles({ q: bundleQuery }, signal) : []), [bundleQuery]);
  const bundles = (bundleResult.data ?? []).filter((b) => !audience || b.audiences.includes(audience));
  // Names of regions and departments are a nicety next to the results, so a failure here is silent.
  const names = useLoad(
    async (signal) => {
      const [regions, departments] = await Promise.all([
        api.get<Region[]>('/api/v1/regions', { signal }).catch(() => [] as Region[]),
        api.get<Department[]>('/api/v1/departments', { signal }).catch(() => [] as Department[]),
      ]);
      return { regions, departments };
    },
    [],
  );
  const regionName = new Map((names.data?.regions ?? []).map((r) => [r.code, r.name]));
  const departments = names.data?.departments ?? [];
  const departmentName = new Map(departments.map((d) => [d.code, (lang === 'en' && d.nameEn) || d.name]));
  const update = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) (v ? p.set(k, v) : p.delete(k));
    setParams(p);
  };
  // Under the group headings the cards step down a level, so the outline stays h1 > h2 > h3.
  const Heading = bundles.length > 0 ? 'h3' : 'h2';
  const title = q ? t('search.resultsFor', { q }) : theme ? t('search.themeTitle', { theme }) : t('search.title');
  return (
    <>
      <h1 className="tb-page-title">{title}</h1>
      <form role="search" className="tb-hero-search" style={{ marginBottom: 12 }} onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="search-q" className="tb-sr-only">{t('search.label')}</label>
        <SearchBox id="search-q" key={q} defaultValue={q} onSearch={(v) => update({ q: v })} />
      </form>
      <div className="tb-toolbar">
        <span id="search-audience">{t('search.audience')}</span>
        <Segmented
          aria-labelledby="search-audience"
          value={audience ?? 'all'}
          onChange={(v) => update({ audience: v === 'all' ? undefined : String(v) })}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'person', label: t('home.personal') },
            { value: 'enterprise', label: t('home.enterprise') },
          ]}
        />
        <label htmlFor="search-department">{t('search.department')}</label>
        <Select
          id="search-department"
          style={{ minWidth: 260 }}
          allowClear
          placeholder={t('common.all')}
          value={departmentCode}
          onChange={(v) => update({ department: v })}
          showSearch={{ optionFilterProp: 'label' }}
          options={departments.map((d) => ({ value: d.code, label: `${(lang === 'en' && d.nameEn) || d.name}` }))}
        />
        {theme && (
          <Tag closable onClose={() => update({ theme: undefined })} closeIcon={<span aria-label={t('search.clearTheme')}>×</span>}>
            {t('search.theme')}: {theme}
          </Tag>
        )}
      </div>
      {bundles.length > 0 && (
        <section aria-labelledby="search-bundles" style={{ marginBottom: 16 }}>
          <h2 id="search-bundles" className="tb-section-title">{t('bundle.group')}</h2>
          <ul className="tb-bundle-results" data-testid="bundle-results">
            {bundles.map((b) => (
              <li key={b.code}>
                <Card size="small" title={<h3 className="tb-card-title"><Link to={`/bundle/${encodeURIComponent(b.code)}`}>{bundleName(b, lang)}</Link></h3>}>
                  <p className="tb-result-meta"><BundleFacts bundle={b} t={t} /></p>
                  {b.slogan && <p className="tb-result-meta">{b.slogan}</p>}
                  <p className="tb-result-code">{[regionName.get(b.regionCode), b.code].filter(Boolean).join(' · ')}</p>
                </Card>
              </li>
            ))}
          </ul>
        </section>
      )}
      {bundles.length > 0 && (result.data?.items.length ?? 1) > 0 && <h2 className="tb-section-title">{t('bundle.itemsGroup')}</h2>}
      {result.error ? (
        <ErrorState error={result.error} onRetry={result.reload} />
      ) : !result.data ? (
        <PageLoading />
      ) : result.data.items.length === 0 ? (
        bundles.length === 0 && <Empty description={t('search.empty')} />
      ) : (
        <ul className="tb-results" aria-busy={result.loading} data-filter={result.data.filter}>
          {result.data.items.map((item) => (
            <li key={item.id}>
              <Card size="small" title={<Heading className="tb-card-title"><Link to={`/guide/${item.id}`}>{item.name}</Link></Heading>}>
                <p className="tb-result-meta">
                  <Tag>{t(ONLINE[item.onlineDepth] ?? 'search.online.offline')}</Tag>
                  {item.immediate && <Tag>{t('search.immediate')}</Tag>}
                  {item.promisedLimit != null && !item.immediate && <span>{t('search.promised', { n: item.promisedLimit })}</span>}
                </p>
                <p className="tb-result-meta">{departmentName.get(item.departmentCode) ?? item.departmentCode}</p>
                {item.themes.length > 0 && (
                  <p className="tb-result-meta">
                    {t('search.theme')}:
                    {item.themes.map((th) => (
                      <Link key={th} to={`/search?theme=${encodeURIComponent(th)}`}>{th}</Link>
                    ))}
                  </p>
                )}
                <p className="tb-result-code">{[regionName.get(item.regionCode), item.code].filter(Boolean).join(' · ')}</p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

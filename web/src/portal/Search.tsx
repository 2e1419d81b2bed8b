import { Card, Empty, Input, Segmented, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import { api, useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import type { CatalogItemSummary, Region } from '../types.js';

type Audience = 'person' | 'enterprise';
const ONLINE: Record<string, MessageKey> = { full: 'search.online.full', prereview: 'search.online.prereview', offline: 'search.online.offline' };

/** Search results and browsing by audience over the published catalog (/search?q=…&audience=…). */
export default function Search() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const audience = (params.get('audience') as Audience | null) ?? undefined;
  const result = useLoad(
    (signal) => api.get<{ items: CatalogItemSummary[] }>('/api/v1/catalog/items', { signal, query: { q: q || undefined, audience, limit: 50 } }),
    [q, audience],
  );
  // Items of several regions share a name; the region tells them apart. Names are a nicety, so a failure here is silent.
  const regions = useLoad((signal) => api.get<Region[]>('/api/v1/regions', { signal }).catch(() => [] as Region[]), []);
  const regionName = new Map((regions.data ?? []).map((r) => [r.code, r.name]));
  const update = (next: { q?: string; audience?: Audience | 'all' }) => {
    const p = new URLSearchParams(params);
    if (next.q !== undefined) (next.q ? p.set('q', next.q) : p.delete('q'));
    if (next.audience !== undefined) (next.audience === 'all' ? p.delete('audience') : p.set('audience', next.audience));
    setParams(p);
  };
  return (
    <>
      <h1 className="tb-page-title">{q ? t('search.resultsFor', { q }) : t('search.title')}</h1>
      <div className="tb-toolbar">
        <label htmlFor="search-q" className="tb-sr-only">{t('search.label')}</label>
        <Input.Search id="search-q" key={q} defaultValue={q} placeholder={t('search.placeholder')} enterButton={t('search.button')} style={{ maxWidth: 520 }} onSearch={(v) => update({ q: v.trim() })} />
        <span id="search-audience">{t('search.audience')}</span>
        <Segmented
          aria-labelledby="search-audience"
          value={audience ?? 'all'}
          onChange={(v) => update({ audience: v as Audience | 'all' })}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'person', label: t('home.personal') },
            { value: 'enterprise', label: t('home.enterprise') },
          ]}
        />
      </div>
      {result.error ? (
        <ErrorState error={result.error} onRetry={result.reload} />
      ) : !result.data ? (
        <PageLoading />
      ) : result.data.items.length === 0 ? (
        <Empty description={t('search.empty')} />
      ) : (
        <ul className="tb-results" aria-busy={result.loading}>
          {result.data.items.map((item) => (
            <li key={item.id}>
              <Card size="small" title={<h2 className="tb-card-title">{item.name}</h2>}>
                <p className="tb-result-meta">
                  <Tag>{t(ONLINE[item.onlineDepth] ?? 'search.online.offline')}</Tag>
                  {item.immediate && <Tag>{t('search.immediate')}</Tag>}
                  {item.promisedLimit != null && !item.immediate && <span>{t('search.promised', { n: item.promisedLimit })}</span>}
                </p>
                {item.themes.length > 0 && (
                  <p className="tb-result-meta">
                    {t('search.theme')}: {item.themes.join('、')}
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

import { AutoComplete, Input } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api.js';
import { listBundles, type BundleSummary } from '../cases/bundleApi.js';
import { useI18n } from '../i18n.js';
import type { CatalogItemSummary } from '../types.js';
import { BundleFacts, bundleName } from './bundleText.js';

const SUGGEST_DELAY_MS = 200;
const SUGGEST_TIMEOUT_MS = 5000;

interface Suggestion {
  value: string;
  label: ReactNode;
  to: string;
}

interface Found {
  items: CatalogItemSummary[];
  bundles: BundleSummary[];
}

/**
 * The portal's search field: suggestions while typing, 一件事 bundles as a group of their own above the single items
 * (choosing one opens its guide), Enter or the button lists every result. Suggestions are a convenience, so a
 * failed lookup just shows none of that kind.
 */
export function SearchBox({ id, defaultValue = '', size, onSearch }: { id: string; defaultValue?: string; size?: 'large'; onSearch?: (q: string) => void }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [value, setValue] = useState(defaultValue);
  const [found, setFound] = useState<Found>({ items: [], bundles: [] });
  const [active, setActive] = useState<string | null>(null);

  useEffect(() => {
    const q = value.trim();
    if (!q) {
      setFound({ items: [], bundles: [] });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const signal = controller.signal;
      void Promise.all([
        api
          .get<{ items: CatalogItemSummary[] }>('/api/v1/catalog/items', { signal, query: { q, limit: 8 }, timeoutMs: SUGGEST_TIMEOUT_MS })
          .then((r) => r.items)
          .catch(() => []),
        listBundles({ q }, signal, SUGGEST_TIMEOUT_MS).then((b) => b.slice(0, 4)).catch(() => []),
      ]).then(([items, bundles]) => {
        if (!signal.aborted) setFound({ items, bundles });
      });
    }, SUGGEST_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value]);

  const items: Suggestion[] = found.items.map((i) => ({ value: `${i.name} · ${i.code}`, label: i.name, to: `/guide/${i.id}` }));
  const bundles: Suggestion[] = found.bundles.map((b) => ({
    value: `${b.name} · ${b.code}`,
    label: (
      <span className="tb-suggest-bundle" data-testid="suggest-bundle">
        <span>{bundleName(b, lang)}</span>
        <span className="tb-result-meta"><BundleFacts bundle={b} t={t} /></span>
      </span>
    ),
    to: `/bundle/${encodeURIComponent(b.code)}`,
  }));
  // A group's heading is a disabled option rather than an antd option group: the select's hidden list for screen
  // readers marks a group row with aria-selected, which its role does not allow.
  const heading = (key: string, label: string) => ({ value: `group:${key}`, label, disabled: true, className: 'tb-suggest-group' });
  const options = bundles.length
    ? [heading('bundles', t('bundle.group')), ...bundles, ...(items.length ? [heading('items', t('bundle.itemsGroup')), ...items] : [])]
    : items;

  const search = (q: string) => (onSearch ? onSearch(q.trim()) : navigate(`/search?q=${encodeURIComponent(q.trim())}`));
  return (
    <AutoComplete
      style={{ width: '100%' }}
      defaultActiveFirstOption={false}
      value={value}
      options={options}
      onChange={setValue}
      onActive={(v: string | null) => setActive(v ?? null)}
      onSelect={(_v, option) => {
        const to = (option as { to?: string }).to;
        if (to) navigate(to);
      }}
    >
      {/* With no suggestion active the select points aria-activedescendant at an element it never renders. */}
      <Input.Search {...(active === null ? { 'aria-activedescendant': undefined } : {})} id={id} size={size} placeholder={t('search.placeholder')} enterButton={t('search.button')} onSearch={search} />
    </AutoComplete>
  );
}

import { AutoComplete, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api.js';
import { useI18n } from '../i18n.js';
import type { CatalogItemSummary } from '../types.js';

const SUGGEST_DELAY_MS = 200;

/**
 * The portal's search field: suggestions of published items while typing (choosing one opens its 办事指南),
 * Enter or the button lists every result. Suggestions are a convenience, so a failed lookup just shows none.
 */
export function SearchBox({ id, defaultValue = '', size, onSearch }: { id: string; defaultValue?: string; size?: 'large'; onSearch?: (q: string) => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [value, setValue] = useState(defaultValue);
  const [options, setOptions] = useState<{ value: string; label: string; itemId: string }[]>([]);

  useEffect(() => {
    const q = value.trim();
    if (!q) {
      setOptions([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .get<{ items: CatalogItemSummary[] }>('/api/v1/catalog/items', { signal: controller.signal, query: { q, limit: 8 }, timeoutMs: 5000 })
        .then((r) => setOptions(r.items.map((i) => ({ value: `${i.name} · ${i.code}`, label: i.name, itemId: i.id }))))
        .catch(() => setOptions([]));
    }, SUGGEST_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value]);

  const search = (q: string) => (onSearch ? onSearch(q.trim()) : navigate(`/search?q=${encodeURIComponent(q.trim())}`));
  return (
    <AutoComplete
      style={{ width: '100%' }}
      defaultActiveFirstOption={false}
      value={value}
      options={options.map((o) => ({ value: o.value, label: o.label, itemId: o.itemId }))}
      onChange={setValue}
      onSelect={(_v, option) => navigate(`/guide/${(option as { itemId: string }).itemId}`)}
    >
      <Input.Search id={id} size={size} placeholder={t('search.placeholder')} enterButton={t('search.button')} onSearch={search} />
    </AutoComplete>
  );
}

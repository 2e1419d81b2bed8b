import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Card, Checkbox, Input, Select, Table, Upload } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, asApiError, urlWithQuery, useLoad } from '../../api.js';
import { ErrorState, PageLoading } from '../../components/status.js';
import { useI18n } from '../../i18n.js';
import type { CatalogItemSummary } from '../../types.js';
import { Pager } from '../shared.js';
import { StatusTags } from './StatusTags.js';

const ItemEditor = lazy(() => import('./ItemEditor.js'));
/** Kept in step with ItemEditor's NEW_ITEM without pulling the editor into the list's chunk. */
const NEW_ITEM = 'new';

const PAGE = 100;

interface RowProblem {
  row: number;
  sheet?: string;
  code: string | null;
  problems: { field: string; zh: string; en: string }[];
}

/** Import JSON or xlsx (all or nothing), and the problems of a refused file row by row. */
function ImportExport({ onImported }: { onImported: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [publish, setPublish] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ text: string; rows: RowProblem[] } | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setFailure(null);
    try {
      const query = { publish: publish || undefined };
      let result: { created: number; updated: number };
      if (/\.xlsx$/i.test(file.name)) {
        const form = new FormData();
        form.append('file', file, file.name);
        result = await api.upload(urlWithQuery('/api/v1/admin/catalog/import.xlsx', query), form, { timeoutMs: 60_000 });
      } else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(await file.text());
        } catch {
          setFailure({ text: t('catalog.import.badJson'), rows: [] });
          return;
        }
        const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown }).items;
        result = await api.post(urlWithQuery('/api/v1/admin/catalog/import', query), { items }, { timeoutMs: 60_000 });
      }
      void message.success(t('catalog.import.done', result));
      onImported();
    } catch (err) {
      const e = asApiError(err);
      const rows = (e.details as { rows?: RowProblem[] } | undefined)?.rows;
      const fields = e.fields.map((f) => ({ row: 0, code: null, problems: [{ field: f.field, zh: e.messageZh, en: e.messageEn }] }));
      setFailure({ text: e.text(lang), rows: Array.isArray(rows) ? rows : fields });
    } finally {
      setBusy(false);
    }
  };

  const problemRows = (failure?.rows ?? []).flatMap((r) => r.problems.map((p, i) => ({ key: `${r.sheet ?? ''}-${r.row}-${i}`, ...r, ...p })));
  return (
    <Card size="small" title={<h2 className="tb-card-title">{t('catalog.import.title')}</h2>} style={{ marginBottom: 16 }}>
      <div className="tb-toolbar">
        <a className="ant-btn" href="/api/v1/admin/catalog/export.json" download="catalog.json">{t('catalog.export.json')}</a>
        <a className="ant-btn" href="/api/v1/admin/catalog/export.xlsx" download="catalog.xlsx">{t('catalog.export.xlsx')}</a>
        <Upload accept=".json,.xlsx" showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
          <Button icon={<UploadOutlined aria-hidden />} loading={busy}>{t('catalog.import.choose')}</Button>
        </Upload>
        <Checkbox checked={publish} onChange={(e) => setPublish(e.target.checked)}>{t('catalog.import.publish')}</Checkbox>
      </div>
      {failure && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={failure.text}
          description={
            problemRows.length ? (
              <Table
                data-testid="import-errors"
                size="small"
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                scroll={{ x: true }}
                dataSource={problemRows}
                columns={[
                  { title: t('catalog.import.sheet'), dataIndex: 'sheet', render: (s?: string) => s ?? 'JSON' },
                  { title: t('catalog.import.row'), dataIndex: 'row' },
                  { title: t('catalog.code'), dataIndex: 'code' },
                  { title: t('catalog.import.field'), dataIndex: 'field' },
                  { title: t('catalog.import.problem'), key: 'msg', render: (_, p) => p[lang] },
                ]}
              />
            ) : undefined
          }
        />
      )}
    </Card>
  );
}

function ItemList() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [page, setPage] = useState(0);
  const [filter, setFilter] = useState('');
  const [published, setPublished] = useState<'all' | 'true' | 'false'>('all');
  const list = useLoad(
    (signal) => api.get<{ items: CatalogItemSummary[] }>('/api/v1/admin/catalog/items', { signal, query: { limit: PAGE + 1, offset: page * PAGE, published: published === 'all' ? undefined : published } }),
    [page, published],
  );
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  const rows = (list.data?.items ?? []).slice(0, PAGE);
  const q = filter.trim();
  const shown = q ? rows.filter((r) => r.name.includes(q) || r.code.toLowerCase().includes(q.toLowerCase()) || r.themes.some((th) => th.includes(q))) : rows;
  return (
    <>
      <ImportExport onImported={list.reload} />
      <div className="tb-toolbar">
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => navigate(`/admin/catalog/${NEW_ITEM}`)}>{t('catalog.new')}</Button>
        <label htmlFor="catalog-filter">{t('catalog.filter')}</label>
        <Input id="catalog-filter" allowClear style={{ maxWidth: 320 }} value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('catalog.filterHelp')} />
        <label htmlFor="catalog-published">{t('catalog.status')}</label>
        <Select
          id="catalog-published"
          style={{ minWidth: 160 }}
          value={published}
          onChange={(v) => { setPublished(v); setPage(0); }}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'true', label: t('catalog.filter.published') },
            { value: 'false', label: t('catalog.filter.unpublished') },
          ]}
        />
      </div>
      <Table<CatalogItemSummary>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={shown}
        scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          { title: t('catalog.code'), dataIndex: 'code' },
          { title: t('catalog.el.name'), dataIndex: 'name', render: (name: string, r) => <Link to={`/admin/catalog/${r.id}`}>{name}</Link> },
          { title: t('guide.promisedLimit'), dataIndex: 'promisedLimit', render: (v: number | null) => (v === null ? t('common.none') : t('catalog.days', { n: v })) },
          { title: t('catalog.status'), key: 'status', render: (_, r) => <StatusTags item={r} /> },
        ]}
      />
      <Pager page={page} hasNext={(list.data?.items.length ?? 0) > PAGE} onChange={setPage} />
    </>
  );
}

/** /admin/catalog: the items of the admin's region with their state; /admin/catalog/:id edits one. */
export default function CatalogTab() {
  const { '*': rest = '' } = useParams();
  const id = rest.split('/')[1];
  if (id) {
    return (
      <Suspense fallback={<PageLoading />}>
        <ItemEditor />
      </Suspense>
    );
  }
  return <ItemList />;
}

import { UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Input, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import { api, useLoad } from '../api.js';
import { formatTime } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { useSession } from '../session.js';
import { FormError, ImportFailure, emptyText } from './parts.js';

interface CreditRecord {
  id: string;
  identifierMasked?: string;
  subjectName: string;
  list: string;
  source: string;
  sourceRef: string;
  reason: string;
  listedAt: string;
  expiresAt: string | null;
  active: boolean;
}

const listLabel = (l: string) => `in.credit.list.${l}` as MessageKey;

/** A CSV list with a header row into the import route's rows; quoted cells may hold commas. */
function csvRows(text: string): Record<string, string>[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const cells = (line: string) => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
        else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') (out.push(cur.trim()), (cur = ''));
      else cur += ch;
    }
    out.push(cur.trim());
    return out;
  };
  const [header, ...rest] = lines.map(cells);
  if (!header) return [];
  return rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''] as const).filter(([, v]) => v !== '')));
}

function RecordTable({ rows, testId }: { rows: CreditRecord[]; testId: string }) {
  const { t, lang } = useI18n();
  return (
    <div className="tb-table-scroll">
      <Table<CreditRecord> data-testid={testId} size="small" rowKey="id" pagination={{ pageSize: 20, hideOnSinglePage: true }} dataSource={rows} locale={{ emptyText: emptyText(t('in.empty')) }} columns={[
        ...(rows.some((r) => r.identifierMasked) ? [{ title: t('in.credit.identifier'), dataIndex: 'identifierMasked', key: 'id' }] : []),
        { title: t('in.name'), dataIndex: 'subjectName', key: 'name' },
        { title: t('in.credit.list'), key: 'list', render: (_, r) => <Tag>{t(listLabel(r.list))}</Tag> },
        { title: t('in.credit.reason'), dataIndex: 'reason', key: 'reason' },
        { title: t('in.credit.source'), key: 'src', render: (_, r) => `${r.source}${r.sourceRef ? ` · ${r.sourceRef}` : ''}` },
        { title: t('in.credit.listedAt'), key: 'at', render: (_, r) => formatTime(r.listedAt, lang) },
        { title: t('in.credit.expiresAt'), key: 'exp', render: (_, r) => formatTime(r.expiresAt, lang) },
        { title: t('in.credit.active'), key: 'active', render: (_, r) => t(r.active ? 'in.yes' : 'in.no') },
      ]} />
    </div>
  );
}

function Lookup() {
  const { t } = useI18n();
  const [result, setResult] = useState<{ identifierMasked: string; blocked: boolean; records: CreditRecord[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const search = async (identifier: string) => {
    setError(null);
    setResult(null);
    if (!identifier.trim()) return;
    try {
      setResult(await api.get('/api/v1/credit/records', { query: { identifier: identifier.trim().toUpperCase() } }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Card size="small" title={<h2 className="tb-card-title">{t('in.credit.lookup')}</h2>} style={{ marginBottom: 16 }}>
      <div className="tb-toolbar">
        <label htmlFor="in-credit-id">{t('in.credit.identifier')}</label>
        <Input.Search id="in-credit-id" style={{ width: 320 }} enterButton={t('in.credit.lookup')} onSearch={(v) => void search(v)} />
      </div>
      {error ? <FormError error={error} /> : null}
      {result && (
        <>
          <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('in.credit.identifier')}>{result.identifierMasked}</Descriptions.Item>
            <Descriptions.Item label={t('in.credit.list')}>
              <Tag data-testid="in-credit-blocked" data-blocked={String(result.blocked)}>{t(result.blocked ? 'in.credit.blocked' : 'in.credit.clear')}</Tag>
            </Descriptions.Item>
          </Descriptions>
          <RecordTable rows={result.records} testId="in-credit-record" />
        </>
      )}
    </Card>
  );
}

function RegionRecords({ region }: { region: string }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const list = useLoad((signal) => api.get<{ items: CreditRecord[] }>('/api/v1/credit/lists', { signal, query: { regionCode: region } }).then((r) => r.items), [region]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File) => {
    setBusy(true);
    setFailure(null);
    try {
      const rows = csvRows(await file.text());
      const r = await api.post<{ imported: number }>('/api/v1/credit/records/import', { regionCode: region, rows }, { timeoutMs: 120_000 });
      void message.success(t('in.credit.imported', { n: r.imported }));
      list.reload();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={<h2 className="tb-card-title">{t('in.credit.recent')}</h2>}>
      <div className="tb-toolbar">
        <Upload accept=".csv" showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
          <Button icon={<UploadOutlined aria-hidden />} loading={busy}>{t('in.credit.import')}</Button>
        </Upload>
      </div>
      <p style={{ marginTop: 8 }}>{t('in.credit.importHint')}</p>
      {failure ? <ImportFailure error={failure} /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : !list.data ? <PageLoading /> : <RecordTable rows={list.data} testId="in-credit-list" />}
    </Card>
  );
}

/** 信用: what a listing does to 告知承诺, a subject's record, and (for the region's supervisor or admin) its list and import. */
export function CreditTab({ region }: { region: string }) {
  const { t } = useI18n();
  const { hasRole } = useSession();
  return (
    <>
      <Alert type="info" showIcon title={t('in.credit.explain')} style={{ marginBottom: 16 }} data-testid="in-credit-explain" />
      <Lookup />
      {hasRole('supervisor', 'admin') && <RegionRecords region={region} />}
    </>
  );
}

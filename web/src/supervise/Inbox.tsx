import { App as AntApp, Button, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, ApiError, errorMessage, useLoad } from '../api.js';
import { ErrorState } from '../components/status.js';
import { useI18n } from '../i18n.js';

interface Delivery {
  reportId: string;
  regionCode: string;
  period: string;
  title: string;
  deliveredAt: string;
  readAt: string | null;
}

/**
 * /inbox/reports: the 考核通报 sent to the user's department. Opening a report downloads the department's own
 * page (PDF); the server marks it read on that first download, so the list is reloaded after it rather than
 * marked here, and "read" always means the page was actually fetched.
 */
export default function ReportInbox() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [opening, setOpening] = useState<string | null>(null);
  const list = useLoad((signal) => api.get<Delivery[]>('/api/v1/supervision/inbox', { signal }), []);
  const open = async (d: Delivery) => {
    setOpening(d.reportId);
    try {
      const res = await fetch(`/api/v1/supervision/inbox/${d.reportId}/pdf`, { credentials: 'same-origin' });
      if (!res.ok) {
        // A binary download bypasses the JSON client, so its coded error is read here, in both languages.
        const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string; messageEn?: string };
        throw new ApiError({ code: body.code ?? `HTTP_${res.status}`, status: res.status, messageZh: body.message ?? res.statusText, messageEn: body.messageEn ?? res.statusText });
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${d.title}.pdf`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      // The browser has taken the blob once the click returns; keep the URL only for this task.
      setTimeout(() => URL.revokeObjectURL(url), 0);
      list.reload();
    } catch (e) {
      message.error(errorMessage(e, lang));
    } finally {
      setOpening(null);
    }
  };
  const unread = list.data?.filter((d) => !d.readAt).length ?? 0;
  return (
    <>
      <h1 className="tb-page-title">{t('sv.inbox.title')}</h1>
      <p>{t('sv.inbox.intro')}</p>
      {list.data ? <p data-testid="sv-inbox-unread">{t('sv.inbox.unread', { n: unread })}</p> : null}
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      <Table<Delivery>
        rowKey="reportId"
        size="small"
        loading={list.loading}
        dataSource={list.data}
        locale={{ emptyText: t('sv.inbox.none') }}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('sv.month'), dataIndex: 'period' },
          { title: t('sv.name'), dataIndex: 'title' },
          { title: t('sv.inbox.deliveredAt'), key: 'at', render: (_, d) => new Date(d.deliveredAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') },
          {
            title: t('sv.inbox.state'),
            key: 'state',
            render: (_, d) => (d.readAt ? <Tag>{t('sv.inbox.read')}</Tag> : <Tag color="red">{t('sv.inbox.new')}</Tag>),
          },
          {
            title: t('sv.inbox.page'),
            key: 'open',
            render: (_, d) => (
              <Button size="small" type={d.readAt ? 'default' : 'primary'} loading={opening === d.reportId} onClick={() => void open(d)} aria-label={`${t('sv.inbox.open')}:${d.title}`}>
                {t('sv.inbox.open')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}

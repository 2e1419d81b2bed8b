import { Button, Empty, List, Tag } from 'antd';
import { Link } from 'react-router';
import { api, errorMessage, useLoad } from '../api.js';
import type { Notification } from '../cases/caseApi.js';
import { formatTime } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { App as AntApp } from 'antd';

/** The applicant's messages: each notice of the cases, unread ones marked, marked read when opened. */
export default function MyMessages() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const inbox = useLoad((signal) => api.get<Notification[]>('/api/v1/inbox', { signal, query: { limit: 100 } }), []);
  if (inbox.error) return <ErrorState error={inbox.error} onRetry={inbox.reload} />;
  if (!inbox.data) return <PageLoading />;
  if (!inbox.data.length) return <Empty description={t('cs.inbox.empty')} />;
  const markRead = async (n: Notification) => {
    try {
      await api.post(`/api/v1/inbox/${n.id}/read`);
      inbox.reload();
    } catch (err) {
      void message.error(errorMessage(err, lang));
    }
  };
  return (
    <List
      data-testid="inbox"
      dataSource={inbox.data}
      renderItem={(n) => (
        <List.Item
          key={n.id}
          actions={n.readAt ? [] : [<Button key="read" size="small" onClick={() => void markRead(n)}>{t('cs.inbox.markRead')}</Button>]}
        >
          <List.Item.Meta
            title={
              <span>
                {!n.readAt && <Tag className="tb-tag-warn">{t('cs.inbox.unread')}</Tag>}
                <Link to={`/my/cases/${n.caseId}`}>{n.title}</Link>
              </span>
            }
            description={
              <>
                <div>{n.body}</div>
                <div className="tb-result-code">{formatTime(n.createdAt, lang)}</div>
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}

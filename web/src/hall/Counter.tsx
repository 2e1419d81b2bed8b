import { Alert, Button, Card, Descriptions, Empty, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { callNext, myWindows, ticketAction, type Desk } from './api.js';
import './hall.css';

/** The window clerk's calling desk (`/hall/window`): one card per window they staff, a 综合窗口 serving several types. */
export default function Counter() {
  const { t } = useI18n();
  const desks = useLoad((signal) => myWindows(signal), []);
  if (desks.error) return <ErrorState error={desks.error} onRetry={desks.reload} />;
  if (!desks.data) return <PageLoading />;
  return (
    <>
      <h1 className="tb-page-title">{t('hall.desk.title')}</h1>
      {desks.data.length === 0 ? <Empty description={t('hall.desk.none')} /> : desks.data.map((d) => <WindowCard key={d.window.id} desk={d} onChange={desks.reload} />)}
    </>
  );
}

function WindowCard({ desk, onChange }: { desk: Desk; onChange: () => void }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState<string | undefined>();
  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      onChange();
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  const cur = desk.current;
  const name = (x: { name: string; nameEn: string | null }) => (lang === 'en' && x.nameEn ? x.nameEn : x.name);
  return (
    <Card title={`${desk.window.number} · ${desk.window.name} — ${name({ name: desk.hallName, nameEn: desk.hallNameEn })}`} style={{ marginBottom: 16 }} data-testid={`hall-window-${desk.window.number}`}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('hall.desk.serves')}>{desk.types.map((ty) => <Tag key={ty.id}>{ty.prefix} {name(ty)}</Tag>)}</Descriptions.Item>
        <Descriptions.Item label={t('hall.display.waiting')}><span data-testid="hall-queue">{t('hall.desk.queue', { n: desk.waiting })}</span></Descriptions.Item>
      </Descriptions>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ margin: '12px 0' }} />}
      <h2 style={{ fontSize: 16 }}>{t('hall.desk.current')}</h2>
      {cur ? (
        <div data-testid="hall-current" data-status={cur.status}>
          <p><span className="hall-current">{cur.number}</span> <Tag>{t(`hall.status.${cur.status}` as MessageKey)}</Tag> {cur.recalls > 0 && t('hall.desk.recalls', { n: cur.recalls })}</p>
          <Space wrap>
            {cur.status === 'called' && <Button disabled={busy} onClick={() => void run(() => ticketAction(cur.id, 'recall'))}>{t('hall.desk.recall')}</Button>}
            {cur.status === 'called' && <Button type="primary" disabled={busy} onClick={() => void run(() => ticketAction(cur.id, 'start'))}>{t('hall.desk.start')}</Button>}
            {cur.status === 'called' && <Button disabled={busy} onClick={() => void run(() => ticketAction(cur.id, 'skip'))}>{t('hall.desk.skip')}</Button>}
            {cur.status === 'called' && <Button disabled={busy} onClick={() => void run(() => ticketAction(cur.id, 'no-show'))}>{t('hall.desk.noShow')}</Button>}
            <Link to={`/window/file?ticket=${encodeURIComponent(cur.id)}&number=${encodeURIComponent(cur.number)}`}><Button type="primary" ghost>{t('hall.desk.file')}</Button></Link>
            <Button disabled={busy} onClick={() => void run(() => ticketAction(cur.id, 'finish'))} data-testid="hall-finish">{t('hall.desk.finish')}</Button>
          </Space>
          {desk.others.length > 0 && (
            <Space style={{ marginTop: 12 }}>
              <Select aria-label={t('hall.desk.transferTo')} placeholder={t('hall.desk.transferTo')} style={{ minWidth: 200 }} value={target} onChange={setTarget}
                options={desk.others.map((o) => ({ value: o.id, label: `${o.number} · ${o.name}` }))} />
              <Button disabled={busy || !target} onClick={() => void run(() => ticketAction(cur.id, 'transfer', { windowId: target! }))}>{t('hall.desk.transfer')}</Button>
            </Space>
          )}
        </div>
      ) : (
        <>
          <p>{t('hall.desk.empty')}</p>
          <Button type="primary" size="large" disabled={busy} onClick={() => void run(() => callNext(desk.window.id))} data-testid="hall-call-next">{t('hall.desk.callNext')}</Button>
        </>
      )}
    </Card>
  );
}

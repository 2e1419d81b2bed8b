import { Button, Descriptions, Tag } from 'antd';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { eventsUrl, publicTicket } from './api.js';
import { HallLang } from './HallLang.js';
import './hall.css';

/** The phone's ticket: its number, how many are ahead, and the window once called (updated by the hall's call stream). */
export default function TicketPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const ticket = useLoad((signal) => publicTicket(id, signal), [id]);
  const hallId = ticket.data?.hallId;
  const { reload } = ticket;
  useEffect(() => {
    if (!hallId || typeof EventSource === 'undefined') return;
    // Any call in the hall moves this ticket up the queue or calls it: read it again.
    const source = new EventSource(eventsUrl(hallId));
    source.addEventListener('call', () => reload());
    return () => source.close();
  }, [hallId, reload]);
  if (ticket.error) return <main className="hall-screen"><ErrorState error={ticket.error} onRetry={ticket.reload} /></main>;
  if (!ticket.data) return <main className="hall-screen"><PageLoading /></main>;
  const tk = ticket.data;
  return (
    <main className="hall-screen">
      <HallLang />
      <h1>{t('hall.ticket.title')}</h1>
      <section className="hall-ticket" aria-live="polite">
        <div>{tk.hallName}</div>
        <div className="hall-number" data-testid="hall-ticket-number">{tk.number}</div>
        <Tag>{t(`hall.status.${tk.status}` as MessageKey)}</Tag>
        {tk.status === 'waiting' && <p>{t('hall.kiosk.ahead', { n: tk.waitingAhead })}</p>}
        {(tk.status === 'called' || tk.status === 'serving') && tk.windowNumber !== null && <p className="hall-current">{t('hall.ticket.goTo', { n: tk.windowNumber })}</p>}
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('hall.desk.serves')}>{lang === 'en' && tk.typeNameEn ? tk.typeNameEn : tk.typeName}</Descriptions.Item>
        </Descriptions>
        <Button onClick={ticket.reload}>{t('hall.ticket.refresh')}</Button>
      </section>
    </main>
  );
}

import { Alert, Button } from 'antd';
import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { errorMessage, useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { publicHall, takeTicket, type Ticket } from './api.js';
import { HallLang } from './HallLang.js';
import './hall.css';

/**
 * 取号: the kiosk at the hall (`/hall/kiosk/:hallId`, prints the number on screen and starts over) and the phone
 * page the QR code at the door opens (`/hall/take/:hallId`, then follows the ticket on `/hall/ticket/:id`). No login.
 */
export default function Kiosk({ mode }: { mode: 'kiosk' | 'phone' }) {
  const { hallId = '' } = useParams();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const hall = useLoad((signal) => publicHall(hallId, signal), [hallId]);
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    if (mode !== 'kiosk') return;
    void toDataURL(`${window.location.origin}/hall/take/${encodeURIComponent(hallId)}`, { margin: 1, width: 160 }).then(setQr, () => setQr(null));
  }, [mode, hallId]);

  const take = async (typeId: string) => {
    setBusy(true);
    setError(null);
    try {
      const tk = await takeTicket(hallId, typeId, mode);
      if (mode === 'phone') navigate(`/hall/ticket/${tk.id}`);
      else setTicket(tk);
      hall.reload();
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };

  if (hall.error) return <main className="hall-screen"><ErrorState error={hall.error} onRetry={hall.reload} /></main>;
  if (!hall.data) return <main className="hall-screen"><PageLoading /></main>;
  const h = hall.data;
  const name = (x: { name: string; nameEn: string | null }) => (lang === 'en' && x.nameEn ? x.nameEn : x.name);
  return (
    <main className="hall-screen">
      <HallLang />
      <h1>{name(h)} · {t(mode === 'kiosk' ? 'hall.kiosk.title' : 'hall.phone.title')}</h1>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
      {ticket ? (
        <section className="hall-ticket" aria-live="polite" data-testid="hall-ticket">
          <div>{t('hall.kiosk.your')}</div>
          <div className="hall-number" data-testid="hall-ticket-number">{ticket.number}</div>
          <div>{lang === 'en' && ticket.typeNameEn ? ticket.typeNameEn : ticket.typeName}</div>
          <p>{t('hall.kiosk.ahead', { n: ticket.waitingAhead })}</p>
          <Button type="primary" size="large" onClick={() => setTicket(null)}>{t('hall.kiosk.again')}</Button>
        </section>
      ) : (
        <>
          <h2>{t('hall.kiosk.choose')}</h2>
          <div className="hall-types">
            {h.types.map((ty) => (
              <Button key={ty.id} className="hall-type-button" size="large" disabled={busy} onClick={() => void take(ty.id)} data-testid={`hall-type-${ty.prefix}`}>
                <span>{ty.prefix} · {name(ty)}</span>
                <small>{t('hall.kiosk.waiting', { n: ty.waiting })}</small>
              </Button>
            ))}
          </div>
          {mode === 'kiosk' && qr && (
            <p style={{ marginTop: 24, display: 'flex', alignItems: 'center', gap: 16 }}>
              <img src={qr} alt={t('hall.kiosk.phone')} width={160} height={160} />
              <span>{t('hall.kiosk.phone')}</span>
            </p>
          )}
        </>
      )}
    </main>
  );
}

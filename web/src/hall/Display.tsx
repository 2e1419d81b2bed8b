import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useLoad } from '../api.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { displayState, eventsUrl, type Call } from './api.js';
import { HallLang } from './HallLang.js';
import './hall.css';

/** The hall's big screen (`/hall/display/:hallId`): the numbers being served and where, live from the call stream, read aloud. */
export default function Display() {
  const { hallId = '' } = useParams();
  const { t, lang } = useI18n();
  const state = useLoad((signal) => displayState(hallId, signal), [hallId]);
  const [latest, setLatest] = useState<Call | null>(null);
  const [live, setLive] = useState(false);
  const { reload } = state;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(eventsUrl(hallId));
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener('call', (e) => {
      const call = JSON.parse((e as MessageEvent<string>).data) as Call;
      setLatest(call);
      reload();
      if (typeof speechSynthesis !== 'undefined' && typeof SpeechSynthesisUtterance !== 'undefined') {
        const u = new SpeechSynthesisUtterance(lang === 'en' ? call.voiceEn : call.voice);
        u.lang = lang === 'en' ? 'en' : 'zh-CN';
        speechSynthesis.speak(u);
      }
    });
    return () => source.close();
  }, [hallId, reload, lang]);

  if (state.error) return <main className="hall-screen hall-display"><ErrorState error={state.error} onRetry={state.reload} /></main>;
  if (!state.data) return <main className="hall-screen hall-display"><PageLoading /></main>;
  const d = state.data;
  return (
    <main className="hall-screen hall-display" data-live={live ? 'yes' : 'no'} data-testid="hall-display">
      <HallLang />
      <h1>{lang === 'en' && d.hallNameEn ? d.hallNameEn : d.hallName} · {t('hall.display.title')}</h1>
      <p className="hall-voice" aria-live="assertive" data-testid="hall-voice">{latest ? (lang === 'en' ? latest.voiceEn : latest.voice) : ''}</p>
      <table className="hall-calls" data-testid="hall-calls">
        <thead><tr><th scope="col">{t('hall.display.number')}</th><th scope="col">{t('hall.display.window')}</th></tr></thead>
        <tbody>
          {d.calls.map((c) => (
            <tr key={c.ticketId}><td>{c.number}</td><td>{c.windowNumber} · {c.windowName}</td></tr>
          ))}
        </tbody>
      </table>
      <h2 style={{ marginTop: 24 }}>{t('hall.display.waiting')}</h2>
      <div className="hall-waiting">
        {d.waiting.map((w) => <span key={w.typeId}>{w.prefix} {lang === 'en' && w.nameEn ? w.nameEn : w.name}: {w.waiting}</span>)}
      </div>
      {!live && <p role="status">{t('hall.display.reconnecting')}</p>}
    </main>
  );
}

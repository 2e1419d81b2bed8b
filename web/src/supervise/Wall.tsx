import { useEffect } from 'react';
import { Link } from 'react-router';
import { api, useLoad } from '../api.js';
import { ErrorState } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { pct, type BundleFigures, type Figures } from './figures.js';

interface WallView {
  regionName: string;
  day: string;
  at: string;
  today: Figures;
  month: Figures;
  bundlesToday: BundleFigures;
  byRegion: { key: string; name: string; applications: number; concluded: number }[];
  cards: { red: number; yellow: number };
  ratings: { rated: number; goodRate: number | null } | null;
  hotline: { orders: number; satisfactionRate: number | null } | null;
}

const REFRESH_MS = 30_000;

function Tile({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <div className="tb-wall-tile">
      <div className="tb-wall-label">{label}</div>
      <div className="tb-wall-value" data-testid={testId}>{value}</div>
    </div>
  );
}

/** /supervise/wall: the hall's or the city's screen; it reloads itself every 30 seconds. */
export default function Wall() {
  const { t, lang } = useI18n();
  const data = useLoad((signal) => api.get<WallView>('/api/v1/supervision/wall', { signal }), []);
  useEffect(() => {
    const timer = setInterval(data.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [data.reload]);
  const w = data.data;
  return (
    <div className="tb-wall">
      <h1 className="tb-wall-title">{w ? `${w.regionName} · ` : ''}{t('sv.wall.title')}</h1>
      <p><Link to="/supervise" className="tb-wall-link">{t('sv.back')}</Link></p>
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : null}
      {w ? (
        <>
          <h2 className="tb-wall-section">{t('sv.wall.today')} {w.day}</h2>
          <div className="tb-wall-grid">
            <Tile label={t('sv.f.applications')} value={w.today.applications} testId="wall-applications" />
            <Tile label={t('sv.f.accepted')} value={w.today.accepted} />
            <Tile label={t('sv.f.concluded')} value={w.today.concluded} />
            <Tile label={t('sv.f.onlineRate')} value={pct(w.today.onlineRate)} />
            <Tile label={t('sv.wall.cards')} value={`${w.cards.red} / ${w.cards.yellow}`} testId="wall-cards" />
            <Tile label={t('sv.wall.ratings')} value={w.ratings ? `${w.ratings.rated} · ${pct(w.ratings.goodRate)}` : t('sv.wall.absent')} />
            <Tile label={t('sv.wall.hotline')} value={w.hotline ? `${w.hotline.orders} · ${pct(w.hotline.satisfactionRate)}` : t('sv.wall.absent')} />
            <Tile label={t('sv.f.bundles')} value={`${w.bundlesToday.applications} / ${w.bundlesToday.concluded}`} />
          </div>
          <h2 className="tb-wall-section">{t('sv.wall.month')}</h2>
          <div className="tb-wall-grid">
            <Tile label={t('sv.f.applications')} value={w.month.applications} testId="wall-month-applications" />
            <Tile label={t('sv.f.concluded')} value={w.month.concluded} />
            <Tile label={t('sv.f.onTimeRate')} value={pct(w.month.onTimeRate)} />
            <Tile label={t('sv.f.onceDoneRate')} value={pct(w.month.onceDoneRate)} />
          </div>
          <p className="tb-wall-updated">{t('sv.wall.updated', { time: new Date(w.at).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB') })}</p>
        </>
      ) : null}
    </div>
  );
}

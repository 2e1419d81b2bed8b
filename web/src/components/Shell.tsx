import { GlobalOutlined } from '@ant-design/icons';
import { App as AntApp, Button } from 'antd';
import { Suspense } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../api.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import { surfacesOf } from '../surfaces.js';
import { ErrorBoundary, PageLoading } from './status.js';

function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      className="tb-header-button"
      type="text"
      icon={<GlobalOutlined aria-hidden />}
      lang={lang === 'zh' ? 'en' : 'zh-CN'}
      title={t('lang.switchLabel')}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
      data-testid="lang-switch"
    >
      {t('lang.switch')}
    </Button>
  );
}

function Account() {
  const session = useSession();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  if (session.status !== 'ready') return null;
  if (!session.user) {
    return (
      <>
        <Link className="tb-header-link" to="/login">{t('nav.login')}</Link>
        <Link className="tb-header-link" to="/register">{t('nav.register')}</Link>
      </>
    );
  }
  const onLogout = async () => {
    try {
      await session.logout();
      navigate('/');
    } catch (err) {
      void message.error(errorMessage(err, lang));
    }
  };
  return (
    <>
      <span className="tb-header-user" data-testid="current-user">{t('nav.signedInAs', { name: session.user.displayName })}</span>
      <Button className="tb-header-button" type="text" onClick={onLogout}>{t('nav.logout')}</Button>
    </>
  );
}

const within = (pathname: string, path: string) => pathname === path || pathname.startsWith(`${path}/`);

/** The frame of every page: banner with navigation and the language switch, the main region, the footer. */
export function Shell() {
  const { t } = useI18n();
  const session = useSession();
  const location = useLocation();
  const surfaces = surfacesOf(session.user);
  // A surface nested in another (/supervise/cards in /supervise) is the one active item on its pages: the parent
  // link then matches its own path only ("end"), elsewhere below it (/supervise/ledger) it stays active.
  return (
    <div className="tb-page">
      <a className="tb-skip" href="#main">{t('app.skip')}</a>
      <header className="tb-header">
        <Link to="/" className="tb-brand">
          <span className="tb-brand-name">{t('app.name')}</span>
          <span className="tb-brand-tagline">{t('app.tagline')}</span>
        </Link>
        <nav className="tb-nav" aria-label={t('nav.main')}>
          <NavLink className="tb-header-link" to="/" end>{t('nav.home')}</NavLink>
          {surfaces.map((s) => (
            <NavLink key={s.path} className="tb-header-link" to={s.path} end={surfaces.some((o) => o.path.startsWith(`${s.path}/`) && within(location.pathname, o.path))}>{t(s.label)}</NavLink>
          ))}
        </nav>
        <div className="tb-header-tools">
          <Account />
          <LangSwitch />
        </div>
      </header>
      <main id="main" className="tb-main" tabIndex={-1}>
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
      <footer className="tb-footer">{t('app.footer')} · <Link to="/ratings/public" style={{ textDecoration: 'underline' }}>{t('rt.pub.link')}</Link></footer>
    </div>
  );
}

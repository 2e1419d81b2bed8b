import { BankOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Space } from 'antd';
import { Link } from 'react-router';
import { useNavigate } from 'react-router';
import { useLoad } from '../api.js';
import { listBundles } from '../cases/bundleApi.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import { surfacesOf } from '../surfaces.js';
import { BundleFacts, bundleName } from './bundleText.js';
import { SearchBox } from './SearchBox.js';

function Welcome() {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  if (session.status === 'error') return <ErrorState error={session.error} onRetry={session.retry} />;
  if (session.status !== 'ready') return null;
  if (!session.user) {
    return (
      <Card title={<h2 className="tb-card-title">{t('home.startTitle')}</h2>}>
        <p>{t('home.startBody')}</p>
        <Space wrap>
          <Button type="primary" onClick={() => navigate('/login')}>{t('nav.login')}</Button>
          <Button onClick={() => navigate('/register')}>{t('nav.register')}</Button>
        </Space>
      </Card>
    );
  }
  const surfaces = surfacesOf(session.user);
  return (
    <Card title={<h2 className="tb-card-title">{t('home.welcome', { name: session.user.displayName })}</h2>}>
      {surfaces.length ? (
        <Space wrap>
          {surfaces.map((s) => (
            <Button key={s.path} type="primary" onClick={() => navigate(s.path)}>{t(s.label)}</Button>
          ))}
        </Space>
      ) : (
        <p>{t('home.myCasesSoon')}</p>
      )}
    </Card>
  );
}

/** 一件事一次办: every published bundle, each linking to its guide. */
function Bundles() {
  const { t, lang } = useI18n();
  const bundles = useLoad((signal) => listBundles({}, signal), []);
  return (
    <section aria-labelledby="home-bundles" style={{ marginBottom: 24 }}>
      <h2 id="home-bundles" className="tb-section-title">{t('bundle.group')}</h2>
      <p>{t('bundle.homeLead')}</p>
      {bundles.error ? (
        <ErrorState error={bundles.error} onRetry={bundles.reload} />
      ) : !bundles.data ? (
        <PageLoading />
      ) : bundles.data.length === 0 ? (
        <p>{t('bundle.homeEmpty')}</p>
      ) : (
        <ul className="tb-bundle-results" data-testid="home-bundles">
          {bundles.data.map((b) => (
            <li key={b.code}>
              <Card size="small" title={<h3 className="tb-card-title"><Link to={`/bundle/${encodeURIComponent(b.code)}`}>{bundleName(b, lang)}</Link></h3>}>
                <p className="tb-result-meta"><BundleFacts bundle={b} t={t} /></p>
                {b.slogan && <p className="tb-result-meta">{b.slogan}</p>}
              </Card>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function Home() {
  const { t } = useI18n();
  return (
    <>
      <section className="tb-hero" aria-labelledby="home-title">
        <h1 id="home-title">{t('home.title')}</h1>
        <p>{t('home.lead')}</p>
        <form role="search" className="tb-hero-search" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor="home-search" className="tb-sr-only">{t('search.label')}</label>
          <SearchBox id="home-search" size="large" />
        </form>
      </section>
      <div className="tb-cards" style={{ marginBottom: 24 }}>
        <Welcome />
      </div>
      <Bundles />
      <section aria-labelledby="home-services">
        <h2 id="home-services" className="tb-section-title">{t('home.services')}</h2>
        <div className="tb-cards">
          <Card title={<h3 className="tb-card-title"><UserOutlined aria-hidden /> {t('home.personal')}</h3>}>
            <p>{t('home.personalBody')}</p>
            <Link to="/search?audience=person">{t('search.browse')}</Link>
          </Card>
          <Card title={<h3 className="tb-card-title"><BankOutlined aria-hidden /> {t('home.enterprise')}</h3>}>
            <p>{t('home.enterpriseBody')}</p>
            <Link to="/search?audience=enterprise">{t('search.browse')}</Link>
          </Card>
        </div>
      </section>
    </>
  );
}

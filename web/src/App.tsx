import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { RequireRole } from './components/RequireRole.js';
import { Shell } from './components/Shell.js';
import { I18nProvider, useI18n } from './i18n.js';
import { SessionProvider } from './session.js';

// One chunk per surface: the portal home never downloads the staff workspaces' code.
const Home = lazy(() => import('./portal/Home.js'));
const Search = lazy(() => import('./portal/Search.js'));
const Guide = lazy(() => import('./portal/Guide.js'));
const BundleGuide = lazy(() => import('./portal/BundleGuide.js'));
const ApplyItem = lazy(() => import('./portal/ApplyItem.js'));
const ApplyBundle = lazy(() => import('./portal/ApplyBundle.js'));
const MyCases = lazy(() => import('./portal/MyCases.js'));
const MyIdentity = lazy(() => import('./portal/MyIdentity.js'));
const LicenceVerify = lazy(() => import('./portal/LicenceVerify.js'));
const Login = lazy(() => import('./portal/Login.js'));
const Register = lazy(() => import('./portal/Register.js'));
const NotFound = lazy(() => import('./portal/NotFound.js'));
const WindowDesk = lazy(() => import('./window/WindowDesk.js'));
const ApproveDesk = lazy(() => import('./approve/ApproveDesk.js'));
const SuperviseDesk = lazy(() => import('./supervise/SuperviseDesk.js'));
const SuperviseLedger = lazy(() => import('./supervise/LedgerDesk.js'));
const LedgerMyTasks = lazy(() => import('./ledger/MyTasks.js'));
const SuperviseCards = lazy(() => import('./supervise/Cards.js'));
const SuperviseStats = lazy(() => import('./admin/stats/SuperviseStats.js'));
const SuperviseFigures = lazy(() => import('./supervise/Figures.js'));
const SuperviseRanking = lazy(() => import('./supervise/Ranking.js'));
const SuperviseReports = lazy(() => import('./supervise/Reports.js'));
const SuperviseWall = lazy(() => import('./supervise/Wall.js'));
const ReportInbox = lazy(() => import('./supervise/Inbox.js'));
const AdminDesk = lazy(() => import('./admin/AdminDesk.js'));
const QrRate = lazy(() => import('./ratings/QrRate.js'));
const RatingDevice = lazy(() => import('./ratings/RatingDevice.js'));
const RatingInbox = lazy(() => import('./ratings/DepartmentInbox.js'));
const SuperviseRatings = lazy(() => import('./ratings/SuperviseRatings.js'));
const PublicRatings = lazy(() => import('./ratings/PublicRatings.js'));
const HotlineDesk = lazy(() => import('./hotline/Desk.js'));
const HotlineInbox = lazy(() => import('./hotline/Inbox.js'));
const HotlineFigures = lazy(() => import('./hotline/Figures.js'));
const MyHotline = lazy(() => import('./hotline/MyHotline.js'));
const HallKiosk = lazy(() => import('./hall/Kiosk.js'));
const HallTicket = lazy(() => import('./hall/TicketPage.js'));
const HallDisplay = lazy(() => import('./hall/Display.js'));
const HallCounter = lazy(() => import('./hall/Counter.js'));
const HallFigures = lazy(() => import('./hall/Figures.js'));
const InspectionDesk = lazy(() => import('./inspection/Desk.js'));
const InspectionDraw = lazy(() => import('./inspection/DrawPage.js'));
const InspectionTasks = lazy(() => import('./inspection/MyTasks.js'));
const PublicInspection = lazy(() => import('./inspection/PublicResults.js'));

/**
 * Colours chosen for WCAG 2.1 AA contrast (4.5:1 on white): antd's default blue, red and grey text fall short.
 * Hover and active states darken instead of antd's lightening, so a pointer resting on a button or link keeps the
 * contrast (#1e40af is 8.7:1 on white, and white text on it the same).
 */
const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1d4ed8',
    colorLink: '#1d4ed8',
    colorError: '#c62828',
    colorSuccess: '#2e7d32',
    colorWarning: '#a15c00',
    colorInfo: '#1d4ed8',
    colorPrimaryHover: '#1e40af',
    colorPrimaryActive: '#1e3a8a',
    colorLinkHover: '#1e40af',
    colorLinkActive: '#1e3a8a',
    colorErrorHover: '#a51d1d',
    colorErrorActive: '#8e1b1b',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    borderRadius: 4,
    fontFamily: "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Button: {
      defaultHoverColor: '#1e40af',
      defaultHoverBorderColor: '#1e40af',
      defaultHoverBg: '#ffffff',
      defaultActiveColor: '#1e3a8a',
      defaultActiveBorderColor: '#1e3a8a',
    },
  },
};

function Routed() {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={theme}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              {/* The hall's kiosk, phone ticket and big screen stand alone, without the portal's header. */}
              <Route path="hall/kiosk/:hallId" element={<Suspense fallback={null}><HallKiosk mode="kiosk" /></Suspense>} />
              <Route path="hall/take/:hallId" element={<Suspense fallback={null}><HallKiosk mode="phone" /></Suspense>} />
              <Route path="hall/ticket/:id" element={<Suspense fallback={null}><HallTicket /></Suspense>} />
              <Route path="hall/display/:hallId" element={<Suspense fallback={null}><HallDisplay /></Suspense>} />
              <Route element={<Shell />}>
                <Route path="hall/window" element={<RequireRole roles={['window_clerk']}><HallCounter /></RequireRole>} />
                <Route path="supervise/hall" element={<RequireRole roles={['supervisor', 'admin']}><HallFigures /></RequireRole>} />
                <Route index element={<Home />} />
                <Route path="search" element={<Search />} />
                <Route path="guide/:id" element={<Guide />} />
                <Route path="bundle/:code" element={<BundleGuide />} />
                <Route path="apply/item/:id" element={<ApplyItem />} />
                <Route path="apply/bundle/:code" element={<ApplyBundle />} />
                <Route path="my/hotline" element={<RequireRole roles={['applicant_person', 'applicant_enterprise']}><MyHotline /></RequireRole>} />
                <Route path="hotline/desk" element={<RequireRole roles={['window_clerk']}><HotlineDesk /></RequireRole>} />
                <Route path="hotline/inbox" element={<RequireRole roles={['approver', 'window_clerk']}><HotlineInbox /></RequireRole>} />
                <Route path="supervise/hotline" element={<RequireRole roles={['supervisor', 'admin']}><HotlineFigures /></RequireRole>} />
                <Route path="my/identity" element={<RequireRole roles={['applicant_person', 'applicant_enterprise']}><MyIdentity /></RequireRole>} />
                <Route path="my/*" element={<RequireRole roles={['applicant_person', 'applicant_enterprise']}><MyCases /></RequireRole>} />
                <Route path="licence/verify/:code?" element={<LicenceVerify />} />
                <Route path="login" element={<Login />} />
                <Route path="register" element={<Register />} />
                <Route path="rate/:token" element={<QrRate />} />
                <Route path="ratings/public" element={<PublicRatings />} />
                <Route path="window/rate/:caseId" element={<RequireRole roles={['window_clerk']}><RatingDevice /></RequireRole>} />
                <Route path="approve/ratings" element={<RequireRole roles={['approver', 'window_clerk']}><RatingInbox /></RequireRole>} />
                <Route path="supervise/ratings" element={<RequireRole roles={['supervisor', 'admin']}><SuperviseRatings /></RequireRole>} />
                <Route path="public/inspection" element={<PublicInspection />} />
                <Route path="inspection" element={<RequireRole roles={['supervisor', 'admin', 'approver']}><InspectionDesk /></RequireRole>} />
                <Route path="inspection/draws/:id" element={<RequireRole roles={['supervisor', 'admin', 'approver', 'window_clerk']}><InspectionDraw /></RequireRole>} />
                <Route path="inspection/tasks" element={<RequireRole roles={['window_clerk', 'approver']}><InspectionTasks /></RequireRole>} />
                <Route path="window/*" element={<RequireRole roles={['window_clerk']}><WindowDesk /></RequireRole>} />
                <Route path="approve/*" element={<RequireRole roles={['approver']}><ApproveDesk /></RequireRole>} />
                <Route path="ledger/*" element={<RequireRole roles={['window_clerk', 'approver']}><LedgerMyTasks /></RequireRole>} />
                <Route path="supervise/cards/*" element={<RequireRole roles={['supervisor', 'admin']}><SuperviseCards /></RequireRole>} />
                <Route path="supervise/stats" element={<RequireRole roles={['supervisor', 'admin']}><SuperviseStats /></RequireRole>} />
                <Route path="supervise/figures" element={<RequireRole roles={['supervisor', 'admin']}><SuperviseFigures /></RequireRole>} />
                <Route path="supervise/ranking" element={<RequireRole roles={['supervisor', 'admin']}><SuperviseRanking /></RequireRole>} />
                <Route path="supervise/reports" element={<RequireRole roles={['supervisor', 'admin']}><SuperviseReports /></RequireRole>} />
                <Route path="inbox/reports" element={<RequireRole roles={['approver', 'window_clerk']}><ReportInbox /></RequireRole>} />
                <Route path="supervise/wall" element={<RequireRole roles={['supervisor', 'admin']}><SuperviseWall /></RequireRole>} />
                <Route path="supervise/ledger/*" element={<RequireRole roles={['supervisor', 'admin']}><SuperviseLedger /></RequireRole>} />
                <Route path="supervise/*" element={<RequireRole roles={['supervisor']}><SuperviseDesk /></RequireRole>} />
                <Route path="admin/*" element={<RequireRole roles={['admin']}><AdminDesk /></RequireRole>} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Routed />
    </I18nProvider>
  );
}

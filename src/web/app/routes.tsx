import { Result, Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';
import { CaseIntakePage } from '../features/cases/case-intake-page';
import { CaseListPage } from '../features/cases/case-list-page';
import { MyQueuePage, TeamQueuePage } from '../features/cases/queue-pages';
import { HomePage } from './home-page';
import { AppLayout } from './layout';
import { LoginPage } from './login-page';

// Every URL of the app. Pages owned by other features load on demand to keep the first download small.
const CasePage = lazy(() => import('../features/case-detail/case-page').then((m) => ({ default: m.CasePage })));
const CustomerListPage = lazy(() => import('../features/customers/customer-list-page').then((m) => ({ default: m.CustomerListPage })));
const CustomerPage = lazy(() => import('../features/customers/customer-page').then((m) => ({ default: m.CustomerPage })));
const AdminPage = lazy(() => import('../features/admin/admin-page').then((m) => ({ default: m.AdminPage })));
const KpiDashboardPage = lazy(() => import('../features/contact-center/kpi-dashboard-page').then((m) => ({ default: m.KpiDashboardPage })));
const WallboardPage = lazy(() => import('../features/contact-center/wallboard-page').then((m) => ({ default: m.WallboardPage })));
const ContactImportPage = lazy(() => import('../features/contact-center/import-page').then((m) => ({ default: m.ImportPage })));
const ErlangCalculatorPage = lazy(() => import('../features/workforce/erlang-calculator-page').then((m) => ({ default: m.ErlangCalculatorPage })));
const PlanningPage = lazy(() => import('../features/planning/planning-page').then((m) => ({ default: m.PlanningPage })));
const CalendarsPage = lazy(() => import('../features/calendars/calendars-page').then((m) => ({ default: m.CalendarsPage })));
const CallbackQueuePage = lazy(() => import('../features/callbacks/callback-queue-page').then((m) => ({ default: m.CallbackQueuePage })));
const CallbackCallPage = lazy(() => import('../features/callbacks/callback-call-page').then((m) => ({ default: m.CallbackCallPage })));
const CallbackRulesPage = lazy(() => import('../features/callbacks/callback-rules-page').then((m) => ({ default: m.CallbackRulesPage })));
const CommitmentsPage = lazy(() => import('../features/sla/commitments-page').then((m) => ({ default: m.CommitmentsPage })));
const PublicCommitmentsPage = lazy(() => import('../features/sla/public-commitments-page').then((m) => ({ default: m.PublicCommitmentsPage })));
const CompliancePage = lazy(() => import('../features/reports/compliance-page').then((m) => ({ default: m.CompliancePage })));
const SlaWatchPage = lazy(() => import('../features/sla/sla-watch-page').then((m) => ({ default: m.SlaWatchPage })));

function Loading() {
  return <div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>;
}
const later = (el: ReactNode) => <Suspense fallback={<Loading />}>{el}</Suspense>;

function NotFound() {
  const { t } = useTranslation('app');
  return <Result status="404" title="404" subTitle={t('errors.notFound')} />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/public/commitments" element={later(<PublicCommitmentsPage />)} />
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route path="queue/mine" element={<MyQueuePage />} />
        <Route path="queue/team" element={<TeamQueuePage />} />
        <Route path="cases" element={<CaseListPage />} />
        <Route path="cases/new" element={<CaseIntakePage />} />
        <Route path="cases/:id" element={later(<CasePage />)} />
        <Route path="customers" element={later(<CustomerListPage />)} />
        <Route path="customers/:id" element={later(<CustomerPage />)} />
        <Route path="admin/*" element={later(<AdminPage />)} />
        <Route path="workforce/erlang" element={later(<ErlangCalculatorPage />)} />
        <Route path="workforce/planning" element={later(<PlanningPage />)} />
        <Route path="contact-center/kpis" element={later(<KpiDashboardPage />)} />
        <Route path="contact-center/wallboard" element={later(<WallboardPage />)} />
        <Route path="contact-center/import" element={later(<ContactImportPage />)} />
        <Route path="calendars" element={later(<CalendarsPage />)} />
        <Route path="callbacks" element={later(<CallbackQueuePage />)} />
        <Route path="callbacks/rules" element={later(<CallbackRulesPage />)} />
        <Route path="callbacks/:id" element={later(<CallbackCallPage />)} />
        <Route path="commitments" element={later(<CommitmentsPage />)} />
        <Route path="sla/watch" element={later(<SlaWatchPage />)} />
        <Route path="reports/sla-compliance" element={later(<CompliancePage />)} />
        <Route path="home" element={<Navigate to="/" replace />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

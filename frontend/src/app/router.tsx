import { lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Link, type RouteObject } from 'react-router';
import { canReadAudit, objectHistoryPath, PERANGKAT_DAERAH_MODEL } from '@/features/audit/tracked-models';
import { useMe } from '@/features/auth/api/get-me';
import { can } from '@/lib/permissions';
import { LoginPage } from '@/features/auth/components/login-page';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { findReport } from '@/features/reports/registry';
import { AppShell, RouteTitle, type TitleHandle } from './app-shell';

// Each screen is its own chunk, loaded the first time its route is visited.
const DashboardPage = lazy(() =>
  import('@/features/dashboard/components/dashboard-page').then((m) => ({ default: m.DashboardPage })),
);
const PerangkatDaerahPage = lazy(() =>
  import('@/features/organisation/components/perangkat-daerah-page').then((m) => ({ default: m.PerangkatDaerahPage })),
);
const ReferencePage = lazy(() =>
  import('@/features/reference/components/reference-page').then((m) => ({ default: m.ReferencePage })),
);
const AdminPage = lazy(() => import('@/features/admin/components/admin-page').then((m) => ({ default: m.AdminPage })));
const AuditPage = lazy(() => import('@/features/audit/components/audit-page').then((m) => ({ default: m.AuditPage })));
const ObjectHistoryPage = lazy(() =>
  import('@/features/audit/components/object-history-page').then((m) => ({ default: m.ObjectHistoryPage })),
);
const RpjmdPage = lazy(() =>
  import('@/features/planning/components/rpjmd-page').then((m) => ({ default: m.RpjmdPage })),
);
const RenjaPage = lazy(() =>
  import('@/features/renja/components/renja-page').then((m) => ({ default: m.RenjaPage })),
);
const UsulanPage = lazy(() =>
  import('@/features/usulan/components/usulan-page').then((m) => ({ default: m.UsulanPage })),
);
const CascadePage = lazy(() =>
  import('@/features/planning/components/cascade-page').then((m) => ({ default: m.CascadePage })),
);
const PlanningChecksPage = lazy(() =>
  import('@/features/planning/components/planning-checks-page').then((m) => ({ default: m.PlanningChecksPage })),
);

const StagesPage = lazy(() =>
  import('@/features/stages/components/stages-page').then((m) => ({ default: m.StagesPage })),
);
const PergeseranPage = lazy(() =>
  import('@/features/pergeseran/components/pergeseran-page').then((m) => ({ default: m.PergeseranPage })),
);
const PlafonPage = lazy(() =>
  import('@/features/plafon/components/plafon-page').then((m) => ({ default: m.PlafonPage })),
);
const RincianPage = lazy(() =>
  import('@/features/budget/components/rincian-page').then((m) => ({ default: m.RincianPage })),
);
const KasPage = lazy(() => import('@/features/budget/components/kas-page').then((m) => ({ default: m.KasPage })));
const RealizationPage = lazy(() =>
  import('@/features/realization/components/realization-page').then((m) => ({ default: m.RealizationPage })),
);
const FisikPage = lazy(() =>
  import('@/features/fisik/components/fisik-page').then((m) => ({ default: m.FisikPage })),
);

const ReportsIndexPage = lazy(() =>
  import('@/features/reports/components/reports-index-page').then((m) => ({ default: m.ReportsIndexPage })),
);
const ReportPage = lazy(() =>
  import('@/features/reports/components/report-page').then((m) => ({ default: m.ReportPage })),
);

function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="page">
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link to="/">{t('notFound.back')}</Link>
      </p>
    </section>
  );
}

/** The OPD list, with a link to each row's history for those who may read the audit trail. */
function PerangkatDaerahRoute() {
  const { data: me } = useMe();
  return (
    <PerangkatDaerahPage
      historyPath={canReadAudit(me) ? (row) => objectHistoryPath(PERANGKAT_DAERAH_MODEL, row.id) : undefined}
    />
  );
}

/** Administration: the signed-in admin (who cannot deactivate themselves) and their pemda. */
function AdminRoute() {
  const { data: me } = useMe();
  return <AdminPage selfId={me?.id} pemdaId={me?.pemda?.id} />;
}

/** Beranda, with the base data for those who maintain it (the organisation). */
function DashboardRoute() {
  const { data: me } = useMe();
  return <DashboardPage baseData={can(me, 'perangkat-daerah', 'w')} />;
}

function StagesRoute() {
  const { data: me } = useMe();
  return <StagesPage me={me} />;
}

function PergeseranRoute() {
  const { data: me } = useMe();
  return <PergeseranPage me={me} />;
}

/** A report; an OPD user gets its own OPD's figures, so no OPD choice is offered. */
function ReportRoute() {
  const { data: me } = useMe();
  return <ReportPage opdScoped={Boolean(me?.perangkat_daerah)} />;
}

function PlafonRoute() {
  const { data: me } = useMe();
  return <PlafonPage me={me} />;
}

function RincianRoute() {
  const { data: me } = useMe();
  return <RincianPage me={me} />;
}

function KasRoute() {
  const { data: me } = useMe();
  return <KasPage me={me} />;
}

function RealizationRoute() {
  const { data: me } = useMe();
  return me ? <RealizationPage me={me} /> : null;
}

function FisikRoute() {
  const { data: me } = useMe();
  return <FisikPage me={me} />;
}

function RpjmdRoute() {
  const { data: me } = useMe();
  return <RpjmdPage me={me} />;
}

function RenjaRoute() {
  const { data: me } = useMe();
  return <RenjaPage me={me} />;
}

function UsulanRoute() {
  const { data: me } = useMe();
  return <UsulanPage me={me} />;
}

export const routes: RouteObject[] = [
  {
    element: <RouteTitle />,
    children: [
      { path: '/login', element: <LoginPage />, handle: { title: 'Masuk' } },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppShell />,
            children: [
              { index: true, element: <DashboardRoute />, handle: { title: 'nav.home' } },
              { path: 'rpjmd', element: <RpjmdRoute />, handle: { title: 'nav.rpjmd' } },
              { path: 'renja', element: <RenjaRoute />, handle: { title: 'nav.renja' } },
              { path: 'usulan', element: <UsulanRoute />, handle: { title: 'nav.usulan' } },
              { path: 'pohon-kinerja', element: <CascadePage />, handle: { title: 'nav.cascade' } },
              { path: 'pemeriksaan-perencanaan', element: <PlanningChecksPage />, handle: { title: 'nav.checks' } },
              { path: 'tahapan', element: <StagesRoute />, handle: { title: 'nav.stages' } },
              { path: 'plafon', element: <PlafonRoute />, handle: { title: 'nav.plafon' } },
              { path: 'pergeseran', element: <PergeseranRoute />, handle: { title: 'nav.pergeseran' } },
              { path: 'anggaran/rincian', element: <RincianRoute />, handle: { title: 'nav.rincian' } },
              { path: 'anggaran/kas', element: <KasRoute />, handle: { title: 'nav.anggaranKas' } },
              { path: 'realisasi', element: <RealizationRoute />, handle: { title: 'nav.realization' } },
              { path: 'realisasi-fisik', element: <FisikRoute />, handle: { title: 'nav.fisik' } },
              { path: 'laporan', element: <ReportsIndexPage />, handle: { title: 'nav.reports' } },
              {
                path: 'laporan/:report',
                element: <ReportRoute />,
                handle: { title: ({ report }) => findReport(report)?.title ?? 'Laporan' } satisfies TitleHandle,
              },
              { path: 'perangkat-daerah', element: <PerangkatDaerahRoute />, handle: { title: 'nav.perangkatDaerah' } },
              { path: 'referensi/:kind?', element: <ReferencePage />, handle: { title: 'nav.reference' } },
              { path: 'audit', element: <AuditPage />, handle: { title: 'nav.audit' } },
              { path: 'admin', element: <AdminRoute />, handle: { title: 'nav.admin' } },
              { path: 'audit/:model/:objectId', element: <ObjectHistoryPage />, handle: { title: 'Riwayat' } },
              { path: '*', element: <NotFound />, handle: { title: 'notFound.title' } },
            ],
          },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}

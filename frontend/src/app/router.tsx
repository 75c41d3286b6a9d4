import { createBrowserRouter, Link, type RouteObject } from 'react-router';
import { AuditPage } from '@/features/audit/components/audit-page';
import { ObjectHistoryPage } from '@/features/audit/components/object-history-page';
import { canReadAudit, objectHistoryPath, PERANGKAT_DAERAH_MODEL } from '@/features/audit/tracked-models';
import { useMe } from '@/features/auth/api/get-me';
import { LoginPage } from '@/features/auth/components/login-page';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { DashboardPage } from '@/features/dashboard/components/dashboard-page';
import { PerangkatDaerahPage } from '@/features/organisation/components/perangkat-daerah-page';
import { ReferencePage } from '@/features/reference/components/reference-page';
import { AppShell } from './app-shell';

function NotFound() {
  return (
    <section className="page">
      <h1>Halaman tidak ditemukan</h1>
      <p>
        <Link to="/">Kembali ke beranda</Link>
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

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'perangkat-daerah', element: <PerangkatDaerahRoute /> },
          { path: 'referensi/:kind?', element: <ReferencePage /> },
          { path: 'audit', element: <AuditPage /> },
          { path: 'audit/:model/:objectId', element: <ObjectHistoryPage /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}

import { createBrowserRouter, Link, type RouteObject } from 'react-router';
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

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'perangkat-daerah', element: <PerangkatDaerahPage /> },
          { path: 'referensi/:kind?', element: <ReferencePage /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}

import { NavLink, Outlet } from 'react-router';
import { canReadAudit } from '@/features/audit/tracked-models';
import { useMe } from '@/features/auth/api/get-me';
import { UserMenu } from '@/features/auth/components/user-menu';

const NAV = [
  { to: '/', label: 'Beranda', end: true },
  { to: '/perangkat-daerah', label: 'Perangkat Daerah', end: false },
  { to: '/referensi', label: 'Referensi', end: false },
];

const AUDIT_NAV = { to: '/audit', label: 'Audit', end: false };

/** Header (pemda, user, logout), navigation and the page. */
export function AppShell() {
  const { data: me } = useMe();
  const nav = canReadAudit(me) ? [...NAV, AUDIT_NAV] : NAV;
  return (
    <div className="shell">
      <header className="shell-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          <span>Pagu</span>
        </div>
        {me?.pemda && (
          <div className="shell-pemda">
            <span className="shell-pemda-name">{me.pemda.nama}</span>
            <span className="shell-pemda-code">{me.pemda.kode}</span>
          </div>
        )}
        <UserMenu />
      </header>
      <div className="shell-body">
        <nav className="shell-nav" aria-label="Menu utama">
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
          <a className="shell-nav-external" href="/api/docs/" target="_blank" rel="noreferrer">
            Dokumentasi API
          </a>
        </nav>
        <main className="shell-main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}

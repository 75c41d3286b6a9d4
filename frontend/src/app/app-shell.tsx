import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useMatches } from 'react-router';
import { $api } from '@/api/client';
import { Loading } from '@/components/ui/status';
import { useMe } from '@/features/auth/api/get-me';
import { UserMenu } from '@/features/auth/components/user-menu';
import { LANGUAGES } from '@/lib/i18n';
import { usePageTitle } from '@/lib/page-title';
import { currentYear, usePeriod } from '@/lib/period';
import { navFor } from './navigation';

/** An i18n key, or a function of the route's parameters giving the title itself. */
export type TitleHandle = { title?: string | ((params: Readonly<Record<string, string | undefined>>) => string) };

/** The page title of the deepest matched route that names one (`handle: { title: 'nav.rpjmd' }`). */
export function RouteTitle() {
  const { t } = useTranslation();
  const matches = useMatches();
  const match = [...matches].reverse().find((candidate) => (candidate.handle as TitleHandle | undefined)?.title);
  const title = (match?.handle as TitleHandle | undefined)?.title;
  usePageTitle(typeof title === 'function' ? title(match?.params ?? {}) : title ? t(title) : '');
  return <Outlet />;
}

function YearSwitcher() {
  const { t } = useTranslation();
  const { tahun, setTahun } = usePeriod();
  const now = currentYear();
  const years = Array.from({ length: 9 }, (_, i) => now - 4 + i);
  if (!years.includes(tahun)) years.push(tahun);
  return (
    <label className="shell-switch">
      <span>{t('shell.year')}</span>
      <select value={tahun} onChange={(event) => setTahun(Number(event.target.value))}>
        {years.sort().map((year) => (
          <option key={year} value={year}>
            {year}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A platform operator (superuser without a pemda) sees every pemda and picks the one to work on. */
function PemdaSwitcher() {
  const { t } = useTranslation();
  const { pemdaId, setPemdaId } = usePeriod();
  const list = $api.useQuery('get', '/api/pemda/', { params: { query: { page_size: 1000 } } });
  return (
    <label className="shell-switch">
      <span>{t('shell.pemda')}</span>
      <select
        value={pemdaId ?? ''}
        onChange={(event) => setPemdaId(event.target.value ? Number(event.target.value) : null)}
      >
        <option value="">{t('shell.pickPemda')}</option>
        {list.data?.results.map((pemda) => (
          <option key={pemda.id} value={pemda.id}>
            {pemda.kode} {pemda.nama}
          </option>
        ))}
      </select>
    </label>
  );
}

function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <label className="shell-switch">
      <span>{t('shell.language')}</span>
      <select value={i18n.language} onChange={(event) => void i18n.changeLanguage(event.target.value)}>
        {LANGUAGES.map((language) => (
          <option key={language.value} value={language.value}>
            {language.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Skip link, header (pemda, year, user, logout), navigation by role and the page; the menu folds at phone width. */
export function AppShell() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [menuOpen, setMenuOpen] = useState(false);
  const nav = navFor(me);
  const operator = Boolean(me?.is_superuser && !me.pemda);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="shell-header">
        <button
          type="button"
          className="shell-burger"
          aria-expanded={menuOpen}
          aria-controls="shell-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <span aria-hidden="true">☰</span>
          <span className="visually-hidden">{menuOpen ? t('nav.close') : t('nav.open')}</span>
        </button>
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
        <div className="shell-switches">
          {operator && <PemdaSwitcher />}
          <YearSwitcher />
          <LanguageSwitcher />
        </div>
        <UserMenu />
      </header>
      <div className="shell-body">
        <nav id="shell-nav" className={menuOpen ? 'shell-nav shell-nav-open' : 'shell-nav'} aria-label={t('nav.menu')}>
          {nav.map((section) => {
            const heading = section.label ? `nav-${section.label.replace(/\W/g, '-')}` : undefined;
            return (
              <div key={section.label ?? 'home'} className="shell-nav-section">
                {section.label && (
                  <p className="shell-nav-heading" id={heading}>
                    {t(section.label)}
                  </p>
                )}
                <ul aria-labelledby={heading}>
                  {section.items.map((item) => (
                    <li key={item.to}>
                      <NavLink to={item.to} end={item.end} onClick={() => setMenuOpen(false)}>
                        {t(item.label)}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
          <a className="shell-nav-external" href="/api/docs/" target="_blank" rel="noreferrer">
            {t('nav.apiDocs')}
          </a>
        </nav>
        <main className="shell-main" id="main" tabIndex={-1}>
          <Suspense fallback={<Loading label={t('status.loading')} />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}

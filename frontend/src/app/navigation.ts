import type { Me } from '@/features/auth/api/get-me';
import { can, type Right } from '@/lib/permissions';

export type NavItem = {
  to: string;
  /** i18n key of the label */
  label: string;
  end?: boolean;
  /** Offered only to roles that have one of these rights (organisation/permissions.py:MATRIX via /api/auth/me/). */
  requires?: readonly (readonly [resource: string, right: Right])[];
};

export type NavSection = {
  /** i18n key of the section's heading; the first section (Beranda) has none */
  label?: string;
  items: readonly NavItem[];
};

/** The menu in the order of the year's work: plan, budget, carry out, report, and the data behind them. */
export const NAV: readonly NavSection[] = [
  { items: [{ to: '/', label: 'nav.home', end: true }] },
  {
    label: 'nav.section.planning',
    items: [
      { to: '/rpjmd', label: 'nav.rpjmd', requires: [['rpjmd', 'r']] },
      { to: '/renja', label: 'nav.renja', requires: [['renja', 'r']] },
      { to: '/usulan', label: 'nav.usulan', requires: [['usulan', 'r']] },
      { to: '/pohon-kinerja', label: 'nav.cascade', requires: [['rpjmd', 'r']] },
      // A worklist of things to fix: for those who can fix plans.
      {
        to: '/pemeriksaan-perencanaan',
        label: 'nav.checks',
        requires: [
          ['rpjmd', 'w'],
          ['renja', 'w'],
        ],
      },
    ],
  },
  {
    label: 'nav.section.budget',
    items: [
      { to: '/tahapan', label: 'nav.stages', requires: [['anggaran', 'r']] },
      // KUA-PPAS ceilings and their live use: TAPD sets them, every reader of the budget follows them.
      { to: '/plafon', label: 'nav.plafon', requires: [['plafon', 'r']] },
      // Budget lines and their cash plan: the OPD's bendahara / PPK and TAPD write them, the others read them.
      { to: '/anggaran/rincian', label: 'nav.rincian', requires: [['budget-line', 'r']] },
      { to: '/anggaran/kas', label: 'nav.anggaranKas', requires: [['anggaran-kas', 'r']] },
      // Shifts and the APBD-P: drafted by finance officers, approved by a second person, applied by TAPD.
      { to: '/pergeseran', label: 'nav.pergeseran', requires: [['pergeseran', 'w']] },
    ],
  },
  {
    label: 'nav.section.execution',
    items: [
      // Where realization is recorded: the OPD's bendahara / PPK and BPKAD / TAPD (readers follow it in Laporan RFK).
      { to: '/realisasi', label: 'nav.realization', requires: [['realisasi', 'w']] },
      { to: '/realisasi-fisik', label: 'nav.fisik', requires: [['realisasi-fisik', 'r']] },
      { to: '/laporan', label: 'nav.reports', requires: [['report', 'r']] },
    ],
  },
  {
    label: 'nav.section.data',
    items: [
      { to: '/perangkat-daerah', label: 'nav.perangkatDaerah', requires: [['perangkat-daerah', 'r']] },
      { to: '/referensi', label: 'nav.reference', requires: [['reference', 'r']] },
      { to: '/audit', label: 'nav.audit', requires: [['audit', 'r']] },
      // Users, the OPD list and the pemda's settings: the admin's alone (only the admin writes users).
      { to: '/admin', label: 'nav.admin', requires: [['user', 'w']] },
    ],
  },
];

/** The menu for this user: what the role may not do is not offered (the API refuses it anyway). */
export function navFor(me: Me | null | undefined): NavSection[] {
  const offered = (item: NavItem) =>
    !item.requires || item.requires.some(([resource, right]) => can(me, resource, right));
  return NAV.map((section) => ({ ...section, items: section.items.filter(offered) })).filter(
    (section) => section.items.length > 0,
  );
}

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

export const NAV: readonly NavItem[] = [
  { to: '/', label: 'nav.home', end: true },
  { to: '/rpjmd', label: 'nav.rpjmd', requires: [['rpjmd', 'r']] },
  { to: '/renja', label: 'nav.renja', requires: [['renja', 'r']] },
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
  { to: '/laporan', label: 'nav.reports', requires: [['report', 'r']] },
  { to: '/perangkat-daerah', label: 'nav.perangkatDaerah', requires: [['perangkat-daerah', 'r']] },
  { to: '/referensi', label: 'nav.reference', requires: [['reference', 'r']] },
  { to: '/audit', label: 'nav.audit', requires: [['audit', 'r']] },
];

/** The menu for this user: what the role may not do is not offered (the API refuses it anyway). */
export function navFor(me: Me | null | undefined): NavItem[] {
  return NAV.filter((item) => !item.requires || item.requires.some(([resource, right]) => can(me, resource, right)));
}

import type { Schemas } from '@/api/client';

// Columns of organisation/permissions.py:MATRIX (README "Roles and access"): admin, bappeda, opd_planner, finance,
// opd_finance, leader, auditor; the resources the screens under test look at.
const MATRIX: Record<string, readonly string[]> = {
  pemda: ['rw', 'r', 'r', 'r', 'r', 'r', 'r'],
  'perangkat-daerah': ['rw', 'r', 'r', 'r', 'r', 'r', 'r'],
  user: ['rw', '', '', '', '', '', 'r'],
  reference: ['rw', 'r', 'r', 'r', 'r', 'r', 'r'],
  audit: ['r', '', '', '', '', '', 'r'],
  rpjmd: ['rwsva', 'rwsva', 'r', 'r', 'r', 'ra', 'r'],
  renstra: ['rwsva', 'rwsva', 'rws', 'r', 'r', 'ra', 'r'],
  renja: ['rwsva', 'rwsva', 'rws', 'r', 'r', 'ra', 'r'],
  indikator: ['rw', 'rw', 'rw', 'r', 'r', 'r', 'r'],
  anggaran: ['rw', 'r', 'r', 'rw', 'r', 'r', 'r'],
  report: ['r', 'r', 'r', 'r', 'r', 'r', 'r'],
  pergeseran: ['rwa', 'r', 'r', 'rwa', 'rw', 'r', 'r'],
  'realisasi-fisik': ['rw', 'r', 'r', 'rw', 'rw', 'r', 'r'],
};
const ROLES: Schemas['RoleEnum'][] = ['admin', 'bappeda', 'opd_planner', 'finance', 'opd_finance', 'leader', 'auditor'];

/** What `/api/auth/me/` reports as `permissions` for a role. */
export function permissionsFor(role: Schemas['RoleEnum']): Record<string, string> {
  const column = ROLES.indexOf(role);
  return Object.fromEntries(Object.entries(MATRIX).map(([resource, letters]) => [resource, letters[column]!]));
}

export const pemda: Schemas['PemdaBrief'] = { id: 1, kode: '99.01', nama: 'Kabupaten Sukamaju', level: 'KABKOT' };

export const bappedaUser: Schemas['Me'] = {
  id: 2,
  username: 'bappeda',
  first_name: 'Sri',
  last_name: 'Wahyuni',
  role: 'bappeda',
  role_label: 'Perencana Bappeda',
  pemda,
  // The API sends null for users outside any OPD, though the schema does not say so.
  perangkat_daerah: null as unknown as Schemas['Me']['perangkat_daerah'],
  is_superuser: false,
  permissions: permissionsFor('bappeda'),
};

export const opdPlannerUser: Schemas['Me'] = {
  ...bappedaUser,
  id: 3,
  username: 'dinkes',
  first_name: 'Andi',
  last_name: 'Pratama',
  role: 'opd_planner',
  role_label: 'Perencana OPD',
  perangkat_daerah: { id: 7, kode: '1.02.0.00.0.00.01.0000', nama: 'Dinas Kesehatan', singkatan: 'Dinkes' },
  permissions: permissionsFor('opd_planner'),
};

export const nomenklaturVersion: Schemas['ReferenceVersion'] = {
  id: 11,
  kind: 'nomenklatur',
  pemda_level: 'KABKOT',
  legal_basis: 'Kepmendagri 900.1.15.5-1317/2023',
  tahun_mulai: 2024,
  tahun_selesai: 2030,
  created_at: '2026-01-01T00:00:00Z',
};

function nomenklatur(
  id: number,
  kode: string,
  nama: string,
  level: Schemas['Nomenklatur']['level'],
  parent: number | null,
  child_count: number,
  extra: Partial<Schemas['Nomenklatur']> = {},
): Schemas['Nomenklatur'] {
  const blank = { keterangan: '', kinerja: '', indikator: '', satuan: '' };
  return { id, version: 11, kode, nama, level, parent, child_count, ...blank, ...extra };
}

export const urusan = nomenklatur(100, '1', 'URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR', 1, null, 2);
export const bidangKesehatan = nomenklatur(101, '1.02', 'URUSAN PEMERINTAHAN BIDANG KESEHATAN', 2, 100, 1);
export const bidangPendidikan = nomenklatur(102, '1.01', 'URUSAN PEMERINTAHAN BIDANG PENDIDIKAN', 2, 100, 0);
export const subKegiatan = nomenklatur(
  105,
  '1.02.02.2.01.0001',
  'Pengembangan Rumah Sakit',
  5,
  104,
  0,
  { kinerja: 'Tersedianya rumah sakit', indikator: 'Jumlah rumah sakit yang dikembangkan', satuan: 'Unit' },
);

export const auditorUser: Schemas['Me'] = {
  ...bappedaUser,
  id: 9,
  username: 'inspektorat',
  first_name: 'Dewi',
  last_name: 'Lestari',
  role: 'auditor',
  role_label: 'Auditor / Inspektorat',
  permissions: permissionsFor('auditor'),
};

function user(id: number, username: string, first_name: string, last_name: string, role: Schemas['RoleEnum']) {
  return { id, username, first_name, last_name, email: '', role, pemda: 1, perangkat_daerah: null, is_active: true };
}

export const users: Schemas['User'][] = [
  user(1, 'admin', 'Admin', 'Sukamaju', 'admin'),
  user(2, 'bappeda', 'Sri', 'Wahyuni', 'bappeda'),
  user(9, 'inspektorat', 'Dewi', 'Lestari', 'auditor'),
];

const dinkesRow = {
  id: 7,
  kode: '1.02.0.00.0.00.01.0000',
  nama: 'Dinas Kesehatan',
  singkatan: 'Dinkes',
  induk_id: null,
  pemda_id: 1,
  is_active: true,
  version: 1,
  created_at: '2026-01-02T01:00:00+00:00',
};

/** Dinkes created by the demo loader (no request, so no context). */
export const dinkesInsertEvent: Schemas['AuditEvent'] = {
  pgh_slug: 'organisation.PerangkatDaerahEvent:10',
  pgh_id: 10,
  pgh_created_at: '2026-01-02T01:00:00Z',
  pgh_label: 'insert',
  pgh_model: 'organisation.PerangkatDaerahEvent',
  pgh_obj_model: 'organisation.PerangkatDaerah',
  pgh_obj_id: '7',
  pgh_data: dinkesRow,
  pgh_diff: null,
  pgh_context: null,
};

/** The admin renames Dinkes's abbreviation through the API. */
export const dinkesUpdateEvent: Schemas['AuditEvent'] = {
  pgh_slug: 'organisation.PerangkatDaerahEvent:20',
  pgh_id: 20,
  pgh_created_at: '2026-01-15T03:04:05Z',
  pgh_label: 'update',
  pgh_model: 'organisation.PerangkatDaerahEvent',
  pgh_obj_model: 'organisation.PerangkatDaerah',
  pgh_obj_id: '7',
  pgh_data: { ...dinkesRow, singkatan: 'Dinkes Kab', version: 2 },
  pgh_diff: { singkatan: ['Dinkes', 'Dinkes Kab'], version: [1, 2] },
  pgh_context: { user: 1, url: '/api/perangkat-daerah/7/' },
};

/** A budget line deleted by a Bappeda user. */
export const budgetLineDeleteEvent: Schemas['AuditEvent'] = {
  pgh_slug: 'budgeting.BudgetLineEvent:30',
  pgh_id: 30,
  pgh_created_at: '2026-01-20T10:00:00Z',
  pgh_label: 'delete',
  pgh_model: 'budgeting.BudgetLineEvent',
  pgh_obj_model: 'budgeting.BudgetLine',
  pgh_obj_id: '880',
  pgh_data: { id: 880, komponen: 'Honorarium Narasumber', jumlah: 82555200.0, anggaran_id: 3, melebihi_plafon: false },
  pgh_diff: null,
  pgh_context: { user: 2, url: '/api/budget-lines/880/' },
};

export const leaderUser: Schemas['Me'] = {
  ...bappedaUser,
  id: 12,
  username: 'bupati',
  first_name: 'Bupati',
  last_name: 'Sukamaju',
  role: 'leader',
  role_label: 'Pimpinan',
  permissions: permissionsFor('leader'),
};

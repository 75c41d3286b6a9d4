import type { Schemas } from '@/api/client';

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
  permissions: { 'perangkat-daerah': 'r', nomenklatur: 'r' },
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

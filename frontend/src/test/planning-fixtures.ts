import type { Schemas } from '@/api/client';
import { page } from '@/test/fake-api';

const stamp = { created_at: '2026-01-02T01:00:00Z', updated_at: '2026-01-02T01:00:00Z', pemda: 1 };

export const draftRpjmd: Schemas['Rpjmd'] = {
  ...stamp,
  id: 5,
  status: 'draft',
  revisi: 2,
  is_current: true,
  catatan: '',
  updated_by: null,
  submitted_by: null,
  submitted_at: null,
  verified_by: null,
  verified_at: null,
  approved_by: null,
  approved_at: null,
  version: 3,
  tahun_awal: 2025,
  tahun_akhir: 2029,
  visi: 'Sukamaju maju, sehat dan sejahtera',
  dasar_hukum: 'Perda 1/2025',
};

export const misi: Schemas['Misi'] = { ...stamp, id: 10, rpjmd: 5, nomor: 1, uraian: 'Meningkatkan kualitas SDM', version: 1 };
export const tujuan: Schemas['Tujuan'] = {
  ...stamp,
  id: 20,
  rpjmd: 5,
  misi: 10,
  nomor: 1,
  uraian: 'Meningkatkan derajat kesehatan',
  version: 1,
};
export const sasaran: Schemas['Sasaran'] = {
  ...stamp,
  id: 30,
  rpjmd: 5,
  tujuan: 20,
  nomor: 1,
  uraian: 'Meningkatnya usia harapan hidup',
  kunci: '6f1d0c6a-0000-4000-8000-000000000030',
  version: 1,
};
export const program: Schemas['ProgramRpjmd'] = {
  ...stamp,
  id: 40,
  rpjmd: 5,
  sasaran: 30,
  nomenklatur: 900,
  kode: '1.02.02',
  nama: 'PROGRAM PEMENUHAN UPAYA KESEHATAN',
  perangkat_daerah: 7,
  pagu_tahunan: [
    { tahun: 2026, pagu: '1500000000.00' },
    { tahun: 2027, pagu: '250000.50' },
  ],
  prioritas_daerah: true,
  version: 4,
};

export const dinkes = {
  id: 7,
  kode: '1.02.0.00.0.00.01.0000',
  nama: 'Dinas Kesehatan',
  singkatan: 'Dinkes',
  induk: null,
  is_active: true,
  version: 1,
};

/** The reads of the RPJMD screen for one document. */
export function rpjmdRoutes(document: Schemas['Rpjmd']) {
  return {
    'GET /api/rpjmd/': { body: page([document]) },
    'GET /api/misi/': { body: page([misi]) },
    'GET /api/tujuan/': { body: page([tujuan]) },
    'GET /api/sasaran/': { body: page([sasaran]) },
    'GET /api/strategi/': { body: page([]) },
    'GET /api/arah-kebijakan/': { body: page([]) },
    'GET /api/program-rpjmd/': { body: page([program]) },
    'GET /api/indikator/': { body: page([]) },
    'GET /api/perangkat-daerah/': { body: page([dinkes]) },
  };
}

/**
 * The report pages: each report of the API (`/api/reports/<key>/`) with the filters it takes and the files it can
 * be downloaded as. The page reads its filters from the address, so a dashboard tile or a shared link opens the
 * same figures.
 */
export type ReportFilter =
  | 'periode'
  | 'triwulan'
  | 'tahap'
  | 'perangkat_daerah'
  | 'sub_kegiatan'
  | 'level'
  | 'dengan'
  | 'grain'
  | 'sumber_dana';
export type DownloadFormat = 'xlsx' | 'csv';

export type ReportDefinition = {
  key: string;
  title: string;
  description: string;
  /** who reads it, for the index page */
  audience: string;
  filters: readonly ReportFilter[];
  formats: readonly DownloadFormat[];
};

export const REPORTS = [
  {
    key: 'rfk',
    title: 'Realisasi Fisik dan Keuangan (RFK)',
    description:
      'Pagu, anggaran kas, realisasi keuangan dan fisik s.d. bulan atau triwulan, per perangkat daerah sampai sub kegiatan dan akun, dengan deviasi dan permasalahan.',
    audience: 'Pimpinan, TAPD, perangkat daerah',
    filters: ['periode', 'tahap', 'perangkat_daerah', 'sumber_dana', 'level'],
    formats: ['xlsx', 'csv'],
  },
  {
    key: 'lra',
    title: 'Laporan Realisasi Anggaran (LRA)',
    description:
      'Pendapatan, belanja, surplus/(defisit), pembiayaan dan SiLPA: anggaran, realisasi dan persentase s.d. bulan, dengan realisasi tahun lalu.',
    audience: 'BPKAD, pimpinan',
    filters: ['periode', 'tahap', 'perangkat_daerah'],
    formats: ['xlsx', 'csv'],
  },
  {
    key: 'capaian',
    title: 'Capaian Indikator Kinerja',
    description:
      'Indikator tujuan, sasaran (IKU) dan program RPJMD: baseline, target, realisasi per triwulan, capaian dan predikat.',
    audience: 'Bappeda, pimpinan',
    filters: ['periode', 'perangkat_daerah'],
    formats: ['xlsx', 'csv'],
  },
  {
    key: 'evaluasi-rkpd',
    title: 'Evaluasi Hasil RKPD',
    description:
      'Formulir Permendagri 86/2017 per triwulan: target akhir periode, realisasi s.d. tahun lalu, target dan realisasi tahun ini per triwulan (K dan Rp), capaian dan predikat, per program, kegiatan dan sub kegiatan.',
    audience: 'Bappeda, perangkat daerah',
    filters: ['triwulan', 'perangkat_daerah'],
    formats: ['xlsx', 'csv'],
  },
  {
    key: 'evaluasi-renja',
    title: 'Evaluasi Hasil Renja Perangkat Daerah',
    description:
      'Formulir Permendagri 86/2017 per perangkat daerah dan triwulan: target Renstra akhir periode, realisasi s.d. tahun lalu, target Renja dan realisasi per triwulan (K dan Rp), capaian dan predikat; satu lembar kerja per perangkat daerah.',
    audience: 'Perangkat daerah, Bappeda',
    filters: ['triwulan', 'perangkat_daerah'],
    formats: ['xlsx', 'csv'],
  },
  {
    key: 'rincian',
    title: 'Rincian Belanja (RKA / DPA)',
    description:
      'RKA-SKPD, DPA-SKPD atau DPPA-SKPD satu sub kegiatan: blok indikator, rincian per akun dengan koefisien, harga dan jumlah, rencana penarikan dana, dan sebelum/sesudah pada perubahan.',
    audience: 'Perangkat daerah, TAPD',
    filters: ['tahap', 'perangkat_daerah', 'sub_kegiatan'],
    formats: ['xlsx'],
  },
  {
    key: 'anggaran-kas',
    title: 'Anggaran Kas',
    description:
      'Rencana penarikan dana per perangkat daerah, sub kegiatan dan akun, dua belas bulan, dibandingkan dengan pagu DPA; baris yang tidak seimbang ditandai.',
    audience: 'BPKAD, bendahara',
    filters: ['periode', 'tahap', 'perangkat_daerah', 'sumber_dana'],
    formats: ['xlsx', 'csv'],
  },
  {
    key: 'perbandingan',
    title: 'Perbandingan Tahap',
    description:
      'Dua tahap anggaran berdampingan per sub kegiatan × akun atau per rincian: sebelum, sesudah, bertambah (berkurang), yang ditambah dan dihapus.',
    audience: 'TAPD, BPKAD',
    filters: ['tahap', 'dengan', 'perangkat_daerah', 'grain'],
    formats: ['xlsx', 'csv'],
  },
  {
    key: 'anomali',
    title: 'Anomali Rincian Belanja',
    description:
      'Rincian yang patut diperiksa: harga di atas standar, jauh di atas pembanding, volume ekstrem, komponen dominan, duplikat, angka bulat; dengan alasan dan tahap kemunculannya.',
    audience: 'Inspektorat, TAPD',
    filters: ['tahap', 'perangkat_daerah'],
    formats: ['xlsx', 'csv'],
  },
  {
    key: 'rekonsiliasi',
    title: 'Rekonsiliasi',
    description:
      'Pemeriksaan satu tahap: kode, Renja, jumlah, plafon, perubahan antartahap, anggaran kas, realisasi, saldo dan harga, masing-masing dengan baris yang bermasalah.',
    audience: 'BPKAD, Inspektorat',
    filters: ['tahap', 'perangkat_daerah'],
    formats: ['xlsx'],
  },
] as const satisfies readonly ReportDefinition[];

export type ReportKey = (typeof REPORTS)[number]['key'];

export function findReport(key: string | undefined): (typeof REPORTS)[number] | undefined {
  return REPORTS.find((report) => report.key === key);
}

// Provisional: replaced by the generated schema types once /api/dashboard/ is in openapi.yaml.
export type Decimal = string;
export type Dashboard = {
  header: {
    pemda: string;
    tahun: number;
    bulan: number;
    periode: string;
    tahap: { id: number; tahap: string; nomor: number; label: string };
    perangkat_daerah: number | null;
    perangkat_daerah_nama: string | null;
  };
  total: {
    pagu: Decimal;
    anggaran_kas: Decimal;
    realisasi: Decimal;
    sisa: Decimal;
    persen_realisasi: Decimal | null;
    persen_rak: Decimal | null;
    deviasi: Decimal | null;
    fisik: Decimal | null;
  };
  series: {
    bulan: number;
    anggaran_kas_kumulatif: Decimal;
    realisasi_kumulatif: Decimal | null;
    persen_rak_kumulatif: Decimal | null;
    persen_realisasi_kumulatif: Decimal | null;
  }[];
  opd: {
    perangkat_daerah: number;
    kode: string;
    nama: string;
    singkatan: string;
    pagu: Decimal;
    anggaran_kas: Decimal;
    realisasi: Decimal;
    persen_realisasi: Decimal | null;
    persen_rak: Decimal | null;
    deviasi: Decimal | null;
    fisik: Decimal | null;
    peringkat_realisasi: number;
    peringkat_deviasi: number;
  }[];
  capaian: { predikat: string; jumlah: number }[];
  capaian_tanpa_realisasi: number;
  deviasi_terbesar: {
    kode: string;
    uraian: string;
    perangkat_daerah: number;
    perangkat_daerah_kode: string;
    pagu: Decimal;
    persen_rak: Decimal | null;
    persen_realisasi: Decimal | null;
    deviasi: Decimal | null;
  }[];
  permasalahan: {
    kode: string;
    uraian: string;
    perangkat_daerah: number;
    perangkat_daerah_kode: string;
    bulan: number;
    fisik: Decimal | null;
    permasalahan: string;
    tindak_lanjut: string;
  }[];
  permasalahan_jumlah: number;
};

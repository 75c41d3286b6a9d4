/** Indonesian, the default: every key the SPA translates. English (en.ts) must have the same keys (a test checks). */
export const id = {
  nav: {
    menu: 'Menu utama',
    open: 'Buka menu',
    close: 'Tutup menu',
    home: 'Beranda',
    rpjmd: 'RPJMD',
    renja: 'Renja',
    cascade: 'Pohon Kinerja',
    rincian: 'Rincian Belanja',
    anggaranKas: 'Anggaran Kas',
    checks: 'Pemeriksaan Perencanaan',
    stages: 'Tahapan Anggaran',
    pergeseran: 'Pergeseran',
    realization: 'Realisasi',
    fisik: 'Realisasi Fisik',
    reports: 'Laporan',
    perangkatDaerah: 'Perangkat Daerah',
    reference: 'Referensi',
    audit: 'Audit',
    apiDocs: 'Dokumentasi API',
    section: {
      planning: 'Perencanaan',
      budget: 'Penganggaran',
      execution: 'Pelaksanaan dan laporan',
      data: 'Data dan pengawasan',
    },
  },
  shell: {
    skip: 'Langsung ke isi',
    year: 'Tahun',
    pemda: 'Pemda',
    pickPemda: 'Pilih pemda',
    language: 'Bahasa',
    logout: 'Keluar',
  },
  status: {
    loading: 'Memuat…',
    retry: 'Coba lagi',
    saving: 'Menyimpan…',
  },
  actions: {
    save: 'Simpan',
    cancel: 'Batal',
    edit: 'Ubah',
    add: 'Tambah',
    delete: 'Hapus',
    print: 'Cetak',
  },
  notFound: { title: 'Halaman tidak ditemukan', back: 'Kembali ke beranda' },
};

export type Messages = typeof id;

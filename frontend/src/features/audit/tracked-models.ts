import type { Schemas } from '@/api/client';

type AppGroup = { app: string; label: string; models: Record<string, string> };

/** Every tracked model by its `app.Model` label, grouped by app, with the name users know it by. */
export const TRACKED_MODELS: readonly AppGroup[] = [
  {
    app: 'organisation',
    label: 'Organisasi',
    models: { Pemda: 'Pemerintah Daerah', PerangkatDaerah: 'Perangkat Daerah', User: 'Pengguna' },
  },
  {
    app: 'reference',
    label: 'Referensi',
    models: {
      ReferenceVersion: 'Versi Referensi',
      Nomenklatur: 'Nomenklatur',
      Akun: 'Akun',
      SumberDana: 'Sumber Dana',
    },
  },
  {
    app: 'planning',
    label: 'Perencanaan',
    models: {
      Rpjmd: 'RPJMD',
      Misi: 'Misi RPJMD',
      Tujuan: 'Tujuan RPJMD',
      Sasaran: 'Sasaran RPJMD',
      Strategi: 'Strategi RPJMD',
      ArahKebijakan: 'Arah Kebijakan RPJMD',
      ProgramRpjmd: 'Program RPJMD',
      Renstra: 'Renstra',
      RenstraTujuan: 'Tujuan Renstra',
      RenstraSasaran: 'Sasaran Renstra',
      RenstraProgram: 'Program Renstra',
      RenstraKegiatan: 'Kegiatan Renstra',
      RenstraSubKegiatan: 'Sub Kegiatan Renstra',
      Rkpd: 'RKPD',
      Renja: 'Renja',
      RenjaProgram: 'Program Renja',
      RenjaKegiatan: 'Kegiatan Renja',
      RenjaSubKegiatan: 'Sub Kegiatan Renja',
      Indikator: 'Indikator',
      IndikatorTarget: 'Target Indikator',
      PaguTahunan: 'Pagu Tahunan',
      Usulan: 'Usulan',
      UsulanReview: 'Telaah Usulan',
    },
  },
  {
    app: 'budgeting',
    label: 'Penganggaran',
    models: {
      StandarHarga: 'Standar Harga',
      Anggaran: 'Dokumen Anggaran',
      AnggaranOpdLock: 'Penguncian Anggaran OPD',
      BudgetLine: 'Rincian Anggaran',
      Plafon: 'Plafon',
      Pergeseran: 'Pergeseran Anggaran',
      PergeseranItem: 'Rincian Pergeseran',
      AnggaranKas: 'Anggaran Kas',
      RealisasiPengaturan: 'Pengaturan Realisasi',
      Realisasi: 'Realisasi',
      RealisasiFisik: 'Realisasi Fisik',
      RealisasiIndikator: 'Realisasi Indikator',
    },
  },
];

const TRACKED = new Set(
  TRACKED_MODELS.flatMap((group) => Object.keys(group.models).map((name) => `${group.app}.${name}`)),
);

export function isTrackedModel(model: string): boolean {
  return TRACKED.has(model);
}

export const PERANGKAT_DAERAH_MODEL = 'organisation.PerangkatDaerah';

/** "organisation.PerangkatDaerah" → "Perangkat Daerah"; an unknown model is split at its capitals. */
export function modelLabel(model: string): string {
  const [app = '', name = model] = model.includes('.') ? model.split('.', 2) : ['', model];
  return TRACKED_MODELS.find((group) => group.app === app)?.models[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2');
}

export type AuditLabel = 'insert' | 'update' | 'delete';

export const ACTION_LABELS: Record<AuditLabel, string> = { insert: 'dibuat', update: 'diubah', delete: 'dihapus' };

export function isAuditLabel(value: string): value is AuditLabel {
  return value in ACTION_LABELS;
}

export function actionLabel(label: string): string {
  return isAuditLabel(label) ? ACTION_LABELS[label] : label;
}

/** The route of one object's history. */
export function objectHistoryPath(model: string, objectId: string | number): string {
  return `/audit/${encodeURIComponent(model)}/${encodeURIComponent(String(objectId))}`;
}

/** Whether the permission matrix sent with /api/auth/me/ lets this user read the audit trail. */
export function canReadAudit(me: Pick<Schemas['Me'], 'permissions'> | null | undefined): boolean {
  return Boolean(me?.permissions.audit?.includes('r'));
}

import type { Schemas } from '@/api/client';

export type ReferenceKind = Schemas['KindEnum'];

export type KindInfo = {
  kind: ReferenceKind;
  /** URL segment under /referensi/. */
  slug: string;
  label: string;
  levels: Record<number, string>;
};

// Akun and sumber dana share the six levels of the chart of accounts (Permendagri 90/2019).
const SIX_LEVELS = {
  1: 'Akun',
  2: 'Kelompok',
  3: 'Jenis',
  4: 'Objek',
  5: 'Rincian objek',
  6: 'Sub rincian objek',
};

export const REFERENCE_KINDS: readonly KindInfo[] = [
  {
    kind: 'nomenklatur',
    slug: 'nomenklatur',
    label: 'Nomenklatur',
    levels: { 1: 'Urusan', 2: 'Bidang urusan', 3: 'Program', 4: 'Kegiatan', 5: 'Sub kegiatan' },
  },
  { kind: 'akun', slug: 'akun', label: 'Akun', levels: SIX_LEVELS },
  { kind: 'sumber_dana', slug: 'sumber-dana', label: 'Sumber Dana', levels: SIX_LEVELS },
];

export function kindBySlug(slug: string | undefined): KindInfo | undefined {
  return REFERENCE_KINDS.find((info) => info.slug === slug);
}

export function levelLabel(info: KindInfo, level: number): string {
  return info.levels[level] ?? `Tingkat ${level}`;
}

import type { Schemas } from '@/api/client';

type Issue = Schemas['PlanIssue'];

export const CHECK_LABELS: Record<string, string> = {
  rpjmd_missing: 'RPJMD tidak ada',
  indicator_missing: 'Tanpa indikator',
  target_missing: 'Tanpa target tahun ini',
  code_not_in_force: 'Kode tidak berlaku',
  k_conflict: 'Digit K salah',
  code_parent_mismatch: 'Kode tak sesuai induk',
  sasaran_without_program: 'Sasaran tanpa program',
  program_not_traced: 'Program tak tertelusur',
  program_empty: 'Program tanpa kegiatan',
  kegiatan_empty: 'Kegiatan tanpa sub kegiatan',
  renstra_sasaran_not_traced: 'Sasaran Renstra tak tertelusur',
};

const RPJMD_KINDS: Record<string, string> = {
  Misi: 'misi',
  Tujuan: 'tujuan',
  Sasaran: 'sasaran',
  Strategi: 'strategi',
  ArahKebijakan: 'arah',
  ProgramRpjmd: 'program',
};

/** Where a finding is fixed: the row in the RPJMD screen, the sub kegiatan's trace, or the row in the pohon kinerja. */
export function issueLink(issue: Issue): string | null {
  const rpjmdKind = RPJMD_KINDS[issue.object_type];
  if (rpjmdKind) return `/rpjmd?node=${rpjmdKind}:${issue.object_id}`;
  if (issue.object_type === 'Rpjmd' || issue.object_type === 'Pemda') return '/rpjmd';
  const opd = issue.perangkat_daerah ? `&opd=${issue.perangkat_daerah}` : '';
  if (issue.object_type === 'RenjaSubKegiatan') return `/pohon-kinerja?trace=${issue.object_id}${opd}`;
  if (issue.kode) return `/pohon-kinerja?q=${encodeURIComponent(issue.kode)}${opd}`;
  return null;
}

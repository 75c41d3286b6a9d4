import type { Schemas } from '@/api/client';

export type Stage = Schemas['Anggaran'];
export type Jenis = Schemas['RealisasiJenisEnum'];

// budgeting/models/anggaran.py: TAHAP_ORDER and EXECUTION_TAHAP; the stage in force is the latest execution one
// (reporting/selectors.py:stage_in_force), the only one a realization may be posted on.
const TAHAP_ORDER = ['rkpd', 'kua_ppas', 'rka', 'apbd', 'dpa', 'pergeseran', 'apbd_p'];
const EXECUTION = new Set(['dpa', 'pergeseran', 'apbd_p']);

export function stageInForce(stages: readonly Stage[]): Stage | null {
  let best: Stage | null = null;
  for (const stage of stages) {
    if (!EXECUTION.has(stage.tahap)) continue;
    const rank = [TAHAP_ORDER.indexOf(stage.tahap), stage.nomor ?? 1];
    const bestRank = best ? [TAHAP_ORDER.indexOf(best.tahap), best.nomor ?? 1] : null;
    if (!bestRank || rank[0]! > bestRank[0]! || (rank[0] === bestRank[0] && rank[1]! > bestRank[1]!)) best = stage;
  }
  return best;
}

export const JENIS_LABEL: Record<Jenis, string> = {
  sp2d_ls: 'SP2D-LS',
  spj_gu: 'SPJ-GU',
  spj_tu: 'SPJ-TU',
  penerimaan: 'STS / Bukti Penerimaan',
  pengembalian: 'Pengembalian',
};

export const ALL_JENIS = Object.keys(JENIS_LABEL) as Jenis[];

/** budgeting/models/realisasi.py:is_receipt — pendapatan (4) and penerimaan pembiayaan (6.1) receive money. */
export function isReceipt(akunKode: string): boolean {
  return akunKode.startsWith('4.') || akunKode.startsWith('6.1.');
}

/** The documents a line of this akun is recorded with (budgeting/models/realisasi.py:jenis_error). */
export function jenisFor(akunKode: string): Jenis[] {
  return isReceipt(akunKode) ? ['penerimaan', 'pengembalian'] : ['sp2d_ls', 'spj_gu', 'spj_tu', 'pengembalian'];
}

/** What the document number field is called for a jenis. */
export function nomorLabel(jenis: Jenis): string {
  if (jenis === 'sp2d_ls') return 'Nomor SP2D';
  if (jenis === 'penerimaan') return 'Nomor STS / bukti penerimaan';
  if (jenis === 'pengembalian') return 'Nomor STS pengembalian';
  return 'Nomor SPJ';
}

/** "2026-03-15" → 3; anything else → null. */
export function monthOf(tanggal: string): number | null {
  const match = /^(\d{4})-(\d{2})-\d{2}$/.exec(tanggal);
  return match ? Number(match[2]) : null;
}

export function yearOf(tanggal: string): number | null {
  const match = /^(\d{4})-\d{2}-\d{2}$/.exec(tanggal);
  return match ? Number(match[1]) : null;
}


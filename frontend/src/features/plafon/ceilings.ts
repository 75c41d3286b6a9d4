import { differenceOf, percentOf, sumMoney } from '@/lib/money';
import type { CeilingRow } from './api/plafon';

/** The program a row belongs to: its own code, or the program of its sub kegiatan. */
export function programOf(row: Pick<CeilingRow, 'program_kode' | 'sub_kegiatan_kode'>): string {
  return row.program_kode || row.sub_kegiatan_kode.split('.').slice(0, 3).join('.');
}

export type ProgramGroup = { kode: string; nama: string; own: CeilingRow | undefined; subs: CeilingRow[] };
export type OpdGroup = { id: number; kode: string; nama: string; own: CeilingRow | undefined; programs: ProgramGroup[] };

/** The ceilings as the table shows them: OPD → program → sub kegiatan, each level in code order. */
export function groupCeilings(rows: readonly CeilingRow[]): OpdGroup[] {
  const opds = new Map<number, OpdGroup>();
  for (const row of rows) {
    let opd = opds.get(row.perangkat_daerah);
    if (!opd) {
      opd = { id: row.perangkat_daerah, kode: row.perangkat_daerah_kode, nama: row.perangkat_daerah_nama, own: undefined, programs: [] };
      opds.set(row.perangkat_daerah, opd);
    }
    if (row.lingkup === 'perangkat_daerah') {
      opd.own = row;
      continue;
    }
    const kode = programOf(row);
    let program = opd.programs.find((entry) => entry.kode === kode);
    if (!program) {
      program = { kode, nama: row.program_nama, own: undefined, subs: [] };
      opd.programs.push(program);
    }
    if (row.lingkup === 'program') program.own = row;
    else program.subs.push(row);
    program.nama ||= row.program_nama;
  }
  const byKode = <T extends { kode: string }>(a: T, b: T) => a.kode.localeCompare(b.kode);
  const groups = [...opds.values()].sort(byKode);
  for (const opd of groups) {
    opd.programs.sort(byKode);
    for (const program of opd.programs) program.subs.sort((a, b) => a.sub_kegiatan_kode.localeCompare(b.sub_kegiatan_kode));
  }
  return groups;
}

/**
 * The ceilings no other ceiling of the same OPD contains: an OPD ceiling, else its program ceilings, else the sub
 * kegiatan ceilings outside them. Only these add up to a total; the inner ones are already counted in them.
 */
export function outermost(rows: readonly CeilingRow[]): CeilingRow[] {
  const opdWide = new Set(rows.filter((row) => row.lingkup === 'perangkat_daerah').map((row) => row.perangkat_daerah));
  const programWide = new Set(
    rows.filter((row) => row.lingkup === 'program').map((row) => `${row.perangkat_daerah} ${row.program_kode}`),
  );
  return rows.filter((row) => {
    if (row.lingkup === 'perangkat_daerah') return true;
    if (opdWide.has(row.perangkat_daerah)) return false;
    return row.lingkup === 'program' || !programWide.has(`${row.perangkat_daerah} ${programOf(row)}`);
  });
}

export type CeilingTotals = { jumlah: string; terpakai: string; sisa: string; persen: string | null; count: number };

/** Σ plafon, Σ terpakai, sisa and % over the outermost ceilings, exact to the sen (BigInt). */
export function totalsOf(rows: readonly CeilingRow[]): CeilingTotals {
  const outer = outermost(rows);
  const jumlah = sumMoney(outer.map((row) => row.jumlah));
  const terpakai = sumMoney(outer.map((row) => row.terpakai));
  return {
    jumlah,
    terpakai,
    sisa: differenceOf(jumlah, terpakai) ?? '0.00',
    persen: percentOf(terpakai, jumlah),
    count: outer.length,
  };
}

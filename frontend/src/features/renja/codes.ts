import { sumMoney } from '@/lib/money';
import type { RenjaContent, RenjaKegiatan, RenjaProgram } from './api/renja';

// The program penunjang is published once for every OPD as `X.XX.01…`; a plan carries the OPD's bidang in its
// place (reference/codes.py: instantiate, generic_of).
const GENERIC_BIDANG = 'X.XX';

/** The first bidang urusan (`U.BB`) of an OPD code `U.BB.U.BB.U.BB.NN.SSSS`. */
export function opdBidang(opdKode: string): string {
  return opdKode.slice(0, 4);
}

/** `X.XX.01.2.01.0001` → `1.02.01.2.01.0001` for an OPD whose kode starts `1.02`; other codes unchanged. */
export function instantiate(kode: string, opdKode: string | undefined): string {
  return opdKode && kode.startsWith(GENERIC_BIDANG) ? opdBidang(opdKode) + kode.slice(GENERIC_BIDANG.length) : kode;
}

/**
 * What to ask the nomenclature for when the planner types a code of the OPD's own program penunjang (`1.02.01…`):
 * the list holds it as `X.XX.01…`. Anything else is sent as typed (a code prefix or words of the name).
 */
export function searchTerm(typed: string, opdKode: string | undefined): string {
  const text = typed.trim();
  if (!opdKode) return text;
  const own = `${opdBidang(opdKode)}.01`;
  return text.startsWith(own) ? GENERIC_BIDANG + text.slice(4) : text;
}

/** The pagu indikatif of every kegiatan, program and the whole Renja: Σ of its sub kegiatan, exact to the sen. */
export function renjaTotals(content: Pick<RenjaContent, 'program' | 'kegiatan' | 'subKegiatan'>) {
  const byKegiatan = new Map<number, string[]>();
  for (const sub of content.subKegiatan) {
    byKegiatan.set(sub.kegiatan, [...(byKegiatan.get(sub.kegiatan) ?? []), sub.pagu_indikatif ?? '0']);
  }
  const kegiatan = new Map<number, string>(
    content.kegiatan.map((k: RenjaKegiatan) => [k.id, sumMoney(byKegiatan.get(k.id) ?? [])]),
  );
  const program = new Map<number, string>(
    content.program.map((p: RenjaProgram) => [
      p.id,
      sumMoney(content.kegiatan.filter((k) => k.program === p.id).map((k) => kegiatan.get(k.id))),
    ]),
  );
  return { kegiatan, program, total: sumMoney(content.subKegiatan.map((s) => s.pagu_indikatif)) };
}


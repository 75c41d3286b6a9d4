/**
 * The five achievement bands of an indicator's capaian (Permendagri 86/2017; the server decides the band:
 * ≥ 91 Sangat Tinggi, 76–90 Tinggi, 66–75 Sedang, 51–65 Rendah, ≤ 50 Sangat Rendah), with one colour each for every
 * screen that shows a predikat. Dark enough for white text (WCAG AA).
 */
export const PREDIKAT = [
  { nama: 'Sangat Tinggi', warna: '#1b6e3a' },
  { nama: 'Tinggi', warna: '#3f7f22' },
  { nama: 'Sedang', warna: '#8a6a00' },
  { nama: 'Rendah', warna: '#b5520f' },
  { nama: 'Sangat Rendah', warna: '#b42323' },
] as const;

export type Predikat = (typeof PREDIKAT)[number]['nama'];

/** The colour of a band; grey for a name the list does not know (an indicator without a capaian). */
export function predikatColour(nama: string | null | undefined): string {
  return PREDIKAT.find((band) => band.nama === nama)?.warna ?? '#5b6876';
}

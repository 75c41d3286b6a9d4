import type { GridColumn } from '@/components/ui/editable-grid';
import { formatDecimal, parseDecimalInput } from '@/lib/format';
import type { Indikator, IndikatorBody, IndikatorOwner } from './api/rpjmd';

/** One grid row per indicator; `t2026` … hold the yearly targets as typed (id-ID). */
export type IndicatorRow = {
  id: string;
  version: string;
  nama: string;
  satuan: string;
  polaritas: string;
  /** '' on a new row: the server reads the rule from the satuan */
  aturan_tahunan: string;
  is_iku: boolean;
  baseline: string;
  target_akhir: string;
  [target: `t${number}`]: string;
};

export const POLARITAS = [
  { value: 'higher', label: 'Makin tinggi makin baik' },
  { value: 'lower', label: 'Makin rendah makin baik' },
] as const;

/** How the four quarters make the year's realization (the Evaluasi RKPD's column 13). */
export const ATURAN_TAHUNAN = [
  { value: '', label: 'Menurut satuan' },
  { value: 'sum', label: 'Jumlah triwulan' },
  { value: 'last', label: 'Triwulan terakhir' },
] as const;

export function periodYears(tahunAwal: number, tahunAkhir: number): number[] {
  return Array.from({ length: Math.max(0, tahunAkhir - tahunAwal + 1) }, (_, i) => tahunAwal + i);
}

export function indicatorColumns(years: readonly number[]): GridColumn[] {
  return [
    { key: 'nama', label: 'Indikator', width: '16rem' },
    { key: 'satuan', label: 'Satuan', width: '6rem' },
    { key: 'polaritas', label: 'Polaritas', kind: 'select', options: POLARITAS },
    { key: 'aturan_tahunan', label: 'Realisasi tahunan', kind: 'select', options: ATURAN_TAHUNAN },
    { key: 'is_iku', label: 'IKU', kind: 'checkbox' },
    { key: 'baseline', label: 'Baseline', kind: 'number' },
    ...years.map((year) => ({ key: `t${year}`, label: `Target ${year}`, kind: 'number' as const })),
    { key: 'target_akhir', label: 'Target akhir', kind: 'number' },
  ];
}

const editText = (value: string | null | undefined) => (value === null || value === undefined ? '' : formatDecimal(value));

export function toRow(indikator: Indikator, years: readonly number[]): IndicatorRow {
  const row: IndicatorRow = {
    id: String(indikator.id),
    version: String(indikator.version ?? ''),
    nama: indikator.nama,
    satuan: indikator.satuan,
    polaritas: indikator.polaritas ?? 'higher',
    aturan_tahunan: indikator.aturan_tahunan ?? '',
    is_iku: indikator.is_iku ?? false,
    baseline: editText(indikator.baseline),
    target_akhir: editText(indikator.target_akhir),
  };
  for (const year of years) {
    row[`t${year}`] = editText(indikator.targets?.find((target) => target.tahun === year)?.target);
  }
  return row;
}

export function blankRow(years: readonly number[]): IndicatorRow {
  const row: IndicatorRow = {
    id: '',
    version: '',
    nama: '',
    satuan: '',
    polaritas: 'higher',
    aturan_tahunan: '',
    is_iku: false,
    baseline: '',
    target_akhir: '',
  };
  for (const year of years) row[`t${year}`] = '';
  return row;
}

const NOT_A_NUMBER = 'Bukan angka: tulis misalnya 1.234,5.';

/**
 * A grid row → the API body for the indicator, or the cells that are not valid numbers. Empty targets are left out
 * (the API keeps one row per year that has a target).
 */
export function toBody(
  row: IndicatorRow,
  owner: IndikatorOwner,
  years: readonly number[],
): { body: IndikatorBody } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const number = (key: string): string | null => {
    const parsed = parseDecimalInput(String(row[key as keyof IndicatorRow] ?? ''));
    if (parsed === undefined) errors[key] = NOT_A_NUMBER;
    return parsed ?? null;
  };
  const baseline = number('baseline');
  const target_akhir = number('target_akhir');
  const targets = years.flatMap((tahun) => {
    const target = number(`t${tahun}`);
    return target === null ? [] : [{ tahun, target }];
  });
  if (Object.keys(errors).length) return { errors };
  return {
    body: {
      [owner.field]: owner.id,
      nama: row.nama.trim(),
      satuan: row.satuan.trim(),
      polaritas: row.polaritas as IndikatorBody['polaritas'],
      ...(row.aturan_tahunan ? { aturan_tahunan: row.aturan_tahunan as IndikatorBody['aturan_tahunan'] } : {}),
      is_iku: row.is_iku,
      baseline,
      target_akhir,
      targets,
      ...(row.version ? { version: Number(row.version) } : {}),
    },
  };
}

/** The API's 400 for one indicator → messages per grid column (`targets` lands on the first year). */
export function errorsToCells(errors: Record<string, string>, years: readonly number[]): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const key = field === 'targets' ? `t${years[0]}` : ['nama', 'satuan', 'polaritas', 'aturan_tahunan', 'is_iku', 'baseline', 'target_akhir'].includes(field) ? field : 'nama';
    cells[key] = cells[key] ? `${cells[key]} ${message}` : message;
  }
  return cells;
}

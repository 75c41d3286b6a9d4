import type { GridColumn } from '@/components/ui/editable-grid';
import { formatDecimal, formatRupiah, parseDecimalInput } from '@/lib/format';
import type { BudgetLine, BudgetLineBody } from './api/budget';

/** A rincian line as the grid edits it: every cell a string; id, version and standar harga ride along unseen. */
export type LineRow = {
  id: string;
  version: string;
  standar_harga: string;
  kelompok: string;
  keterangan: string;
  komponen: string;
  akun: string;
  sumber_dana: string;
  volume_1: string;
  satuan_1: string;
  volume_2: string;
  satuan_2: string;
  volume_3: string;
  satuan_3: string;
  volume_4: string;
  satuan_4: string;
  harga_satuan: string;
  ppn: string;
  /** The server's jumlah, formatted; empty until the line is saved. */
  jumlah: string;
};

const FACTORS = [1, 2, 3, 4] as const;

export function lineColumns(akun: readonly { value: string; label: string }[], sumberDana: readonly { value: string; label: string }[]): GridColumn[] {
  // What decides the amount first, so the server's jumlah is near at hand; grouping and funding after it.
  return [
    { key: 'komponen', label: 'Komponen', width: '14rem' },
    { key: 'akun', label: 'Akun', kind: 'select', options: [{ value: '', label: '— pilih —' }, ...akun], width: '11rem' },
    ...FACTORS.flatMap((n): GridColumn[] => [
      { key: `volume_${n}`, label: `Volume ${n}`, kind: 'number', width: '4.5rem' },
      { key: `satuan_${n}`, label: `Satuan ${n}`, width: '5.5rem' },
    ]),
    { key: 'harga_satuan', label: 'Harga satuan', kind: 'number', width: '8rem' },
    { key: 'ppn', label: 'PPN (%)', kind: 'number', width: '4rem' },
    { key: 'jumlah', label: 'Jumlah', kind: 'number', readOnly: true, width: '11rem' },
    { key: 'kelompok', label: 'Kelompok', width: '9rem' },
    { key: 'keterangan', label: 'Keterangan', width: '9rem' },
    {
      key: 'sumber_dana',
      label: 'Sumber dana',
      kind: 'select',
      options: [{ value: '', label: '— pilih —' }, ...sumberDana],
      width: '10rem',
    },
  ];
}

/** Numbers shown as an Indonesian reads them (the input parses them back with parseDecimalInput). */
function decimalText(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '' : formatDecimal(value);
}

export function toRow(line: BudgetLine): LineRow {
  const row: LineRow = {
    id: String(line.id),
    version: String(line.version ?? ''),
    standar_harga: line.standar_harga ? String(line.standar_harga) : '',
    kelompok: line.kelompok ?? '',
    keterangan: line.keterangan ?? '',
    komponen: line.komponen ?? '',
    akun: String(line.akun),
    sumber_dana: line.sumber_dana ? String(line.sumber_dana) : '',
    volume_1: decimalText(line.volume_1),
    satuan_1: line.satuan_1 ?? '',
    volume_2: decimalText(line.volume_2),
    satuan_2: line.satuan_2 ?? '',
    volume_3: decimalText(line.volume_3),
    satuan_3: line.satuan_3 ?? '',
    volume_4: decimalText(line.volume_4),
    satuan_4: line.satuan_4 ?? '',
    harga_satuan: decimalText(line.harga_satuan),
    ppn: decimalText(line.ppn),
    jumlah: formatRupiah(line.jumlah),
  };
  return row;
}

export function blankRow(defaults: Partial<LineRow> = {}): LineRow {
  return {
    id: '',
    version: '',
    standar_harga: '',
    kelompok: '',
    keterangan: '',
    komponen: '',
    akun: '',
    sumber_dana: '',
    volume_1: '',
    satuan_1: '',
    volume_2: '',
    satuan_2: '',
    volume_3: '',
    satuan_3: '',
    volume_4: '',
    satuan_4: '',
    harga_satuan: '',
    ppn: '0',
    jumlah: '',
    ...defaults,
  };
}

/** What the person changed (the jumlah cell is the server's, never an input). */
export function rowChanged(row: LineRow, original: LineRow | undefined): boolean {
  if (!original) return true;
  return (Object.keys(row) as (keyof LineRow)[]).some((key) => key !== 'jumlah' && row[key] !== original[key]);
}

type Scope = { anggaran: number; perangkat_daerah: number; sub_kegiatan: number };

/** The row as the API's body, or the cells that are not numbers. `jumlah` is never sent: the server computes it. */
export function toBody(row: LineRow, scope: Scope): { body: BudgetLineBody } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const decimal = (key: keyof LineRow, required = false): string | null => {
    const parsed = parseDecimalInput(row[key]);
    if (parsed === undefined) errors[key] = 'Bukan angka.';
    else if (parsed === null && required) errors[key] = 'Wajib diisi.';
    return parsed ?? null;
  };
  const volume_1 = decimal('volume_1', true);
  const harga_satuan = decimal('harga_satuan', true);
  const ppn = decimal('ppn');
  const volumes = { 2: decimal('volume_2'), 3: decimal('volume_3'), 4: decimal('volume_4') };
  if (!row.akun) errors.akun = 'Pilih akun.';
  if (Object.keys(errors).length) return { errors };
  return {
    body: {
      ...scope,
      kelompok: row.kelompok.trim(),
      keterangan: row.keterangan.trim(),
      komponen: row.komponen.trim(),
      akun: Number(row.akun),
      sumber_dana: row.sumber_dana ? Number(row.sumber_dana) : null,
      standar_harga: row.standar_harga ? Number(row.standar_harga) : null,
      volume_1: volume_1!,
      satuan_1: row.satuan_1.trim(),
      volume_2: volumes[2],
      satuan_2: row.satuan_2.trim(),
      volume_3: volumes[3],
      satuan_3: row.satuan_3.trim(),
      volume_4: volumes[4],
      satuan_4: row.satuan_4.trim(),
      harga_satuan: harga_satuan!,
      ppn: ppn ?? '0',
      ...(row.version ? { version: Number(row.version) } : {}),
    },
  };
}

const CELL_KEYS = new Set(Object.keys(blankRow()));

/** The server's field errors on the row's cells; what names no cell (or a 409 / 412) goes on the jumlah cell. */
export function errorsToCells(fields: Record<string, string>): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    const key = field === 'standar_harga' ? 'komponen' : CELL_KEYS.has(field) ? field : 'jumlah';
    cells[key] = cells[key] ? `${cells[key]} ${message}` : message;
  }
  return cells;
}

/** "[#] Belanja Bahan — Narasumber" where the kelompok or keterangan changes from the row above; null otherwise. */
export function headingOf(rows: readonly LineRow[], index: number): string | null {
  const row = rows[index]!;
  const previous = rows[index - 1];
  const text = [row.kelompok, row.keterangan].filter(Boolean).join(' — ');
  if (!text) return null;
  if (previous && previous.kelompok === row.kelompok && previous.keterangan === row.keterangan) return null;
  return text;
}

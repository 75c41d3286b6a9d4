import type { DownloadFormat } from './registry';

/** The report parameters the address carries (`/laporan/rfk?tahun=2026&bulan=6&perangkat_daerah=3`). */
export type ReportQuery = {
  tahun: number;
  bulan?: number;
  triwulan?: number;
  tahap?: number;
  perangkat_daerah?: number;
  level?: Level;
  dengan?: number;
  grain?: 'akun' | 'line';
  /** the code of a sub kegiatan as the budget lines carry it */
  sub_kegiatan?: string;
  /** a sumber dana code: the lines funded by it or by a code under it */
  sumber_dana?: string;
};

/** The levels of the report tree, top first (reporting/calculations.py:LEVELS). */
export const LEVELS = [
  { value: 'opd', label: 'Perangkat daerah' },
  { value: 'urusan', label: 'Urusan' },
  { value: 'bidang', label: 'Bidang urusan' },
  { value: 'program', label: 'Program' },
  { value: 'kegiatan', label: 'Kegiatan' },
  { value: 'sub_kegiatan', label: 'Sub kegiatan' },
  { value: 'akun', label: 'Akun' },
] as const;

export type Level = (typeof LEVELS)[number]['value'];

function isLevel(text: string | null): text is Level {
  return LEVELS.some((level) => level.value === text);
}

const SUB_KEGIATAN = /^[0-9X]{1,2}\.[0-9X]{2}\.[0-9]{2}\.[0-9]\.[0-9]{2}\.[0-9]{4}$/;

const SUMBER_DANA = /^\d+(\.\d+){0,5}$/;

const NUMBERS = ['bulan', 'triwulan', 'tahap', 'perangkat_daerah', 'dengan'] as const;

function positive(text: string | null): number | undefined {
  if (text === null || !/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 ? value : undefined;
}

/** The query of an address; the year falls back to the one chosen in the header. Junk is left out (the server's
 * default applies), never sent. */
export function readQuery(params: URLSearchParams, tahun: number): ReportQuery {
  const query: ReportQuery = { tahun: positive(params.get('tahun')) ?? tahun };
  for (const name of NUMBERS) {
    const value = positive(params.get(name));
    if (value !== undefined) query[name] = value;
  }
  if (query.bulan !== undefined && query.bulan > 12) delete query.bulan;
  if (query.triwulan !== undefined && query.triwulan > 4) delete query.triwulan;
  if (query.bulan !== undefined && query.triwulan !== undefined) delete query.triwulan;
  const level = params.get('level');
  if (isLevel(level)) query.level = level;
  const subKegiatan = params.get('sub_kegiatan');
  if (subKegiatan && SUB_KEGIATAN.test(subKegiatan)) query.sub_kegiatan = subKegiatan;
  const sumberDana = params.get('sumber_dana');
  if (sumberDana && SUMBER_DANA.test(sumberDana)) query.sumber_dana = sumberDana;
  const grain = params.get('grain');
  if (grain === 'akun' || grain === 'line') query.grain = grain;
  return query;
}

/** The query as address parameters (in a stable order, empty ones left out). */
export function searchOf(query: Partial<ReportQuery>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(name, String(value));
  }
  return params;
}

/** `query` with `changes` applied; a change to undefined removes the parameter. Choosing a month drops the
 * quarter and the other way round, and another stage drops the comparison stage. */
export function withChanges(query: ReportQuery, changes: Partial<ReportQuery>): ReportQuery {
  const next: ReportQuery = { ...query, ...changes };
  if ('bulan' in changes && changes.bulan !== undefined) delete next.triwulan;
  if ('triwulan' in changes && changes.triwulan !== undefined) delete next.bulan;
  if ('tahap' in changes && changes.tahap !== query.tahap) delete next.dengan;
  if (
    'perangkat_daerah' in changes &&
    changes.perangkat_daerah !== query.perangkat_daerah &&
    !('sub_kegiatan' in changes)
  ) {
    delete next.sub_kegiatan;
  }
  for (const name of Object.keys(next) as (keyof ReportQuery)[]) {
    if (next[name] === undefined) delete next[name];
  }
  return next;
}

/** The address of a report file: the same parameters and `format`. The session cookie authorises it. */
export function downloadHref(report: string, query: ReportQuery, format: DownloadFormat): string {
  const params = searchOf(query);
  params.set('format', format);
  return `/api/reports/${report}/?${params.toString()}`;
}

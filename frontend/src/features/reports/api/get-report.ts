import { keepPreviousData } from '@tanstack/react-query';
import { $api, type Schemas } from '@/api/client';
import type { ReportQuery } from '../query';

/**
 * The report endpoints answer JSON, xlsx or CSV by `format`; these hooks ask for JSON (the default) and give its
 * typed body. The previous figures stay on screen, marked as loading, while a filter changes.
 */
function jsonOf<T>() {
  return {
    placeholderData: keepPreviousData,
    select: (data: T | string): T => {
      if (typeof data === 'string') throw new Error('Laporan tidak dikirim sebagai JSON.');
      return data;
    },
  };
}

export function useRfkReport(query: ReportQuery) {
  return $api.useQuery('get', '/api/reports/rfk/', { params: { query } }, jsonOf<Schemas['RfkReport']>());
}

export function useLraReport(query: ReportQuery) {
  return $api.useQuery('get', '/api/reports/lra/', { params: { query } }, jsonOf<Schemas['LraReport']>());
}

export function useCapaianReport(query: ReportQuery) {
  return $api.useQuery('get', '/api/reports/capaian/', { params: { query } }, jsonOf<Schemas['CapaianReport']>());
}

export function useComparisonReport(query: ReportQuery) {
  return $api.useQuery('get', '/api/reports/perbandingan/', { params: { query } }, jsonOf<Schemas['ComparisonReport']>());
}

export function useAnomalyReport(query: ReportQuery & { limit?: number }) {
  return $api.useQuery('get', '/api/reports/anomali/', { params: { query } }, jsonOf<Schemas['AnomalyReport']>());
}

export function useReconciliationReport(query: ReportQuery) {
  return $api.useQuery('get', '/api/reports/rekonsiliasi/', { params: { query } }, jsonOf<Schemas['ReconciliationReport']>());
}

export function useEvaluasiReport(query: ReportQuery) {
  const { tahun, triwulan, perangkat_daerah } = query;
  return $api.useQuery(
    'get',
    '/api/reports/evaluasi-rkpd/',
    { params: { query: { tahun, triwulan, perangkat_daerah } } },
    jsonOf<Schemas['EvaluasiReport']>(),
  );
}

/** The Renja form of the same shape, against the OPD's Renstra. */
export function useEvaluasiRenjaReport(query: ReportQuery) {
  const { tahun, triwulan, perangkat_daerah } = query;
  return $api.useQuery(
    'get',
    '/api/reports/evaluasi-renja/',
    { params: { query: { tahun, triwulan, perangkat_daerah } } },
    jsonOf<Schemas['EvaluasiReport']>(),
  );
}

/** The rincian of one sub kegiatan; asked for only once one is chosen. */
export function useRincianReport(query: ReportQuery) {
  const { tahun, tahap, perangkat_daerah, sub_kegiatan } = query;
  return $api.useQuery(
    'get',
    '/api/reports/rincian/',
    { params: { query: { tahun, tahap, perangkat_daerah, sub_kegiatan: sub_kegiatan ?? '' } } },
    { ...jsonOf<Schemas['RincianReport']>(), enabled: Boolean(sub_kegiatan) },
  );
}

export function useAnggaranKasReport(query: ReportQuery) {
  const { tahun, bulan, triwulan, tahap, perangkat_daerah, sumber_dana } = query;
  return $api.useQuery(
    'get',
    '/api/reports/anggaran-kas/',
    { params: { query: { tahun, bulan, triwulan, tahap, perangkat_daerah, sumber_dana } } },
    jsonOf<Schemas['AnggaranKasReport']>(),
  );
}

export type ReportHeader = Schemas['ReportHeader'];
export type RfkReport = Schemas['RfkReport'];
export type LraReport = Schemas['LraReport'];
export type CapaianReport = Schemas['CapaianReport'];
export type ComparisonReport = Schemas['ComparisonReport'];
export type AnomalyReport = Schemas['AnomalyReport'];
export type ReconciliationReport = Schemas['ReconciliationReport'];
export type EvaluasiReport = Schemas['EvaluasiReport'];
export type RincianReport = Schemas['RincianReport'];
export type AnggaranKasReport = Schemas['AnggaranKasReport'];

/**
 * The sub kegiatan budgeted in the stage, grouped by OPD (from the RFK down to sub kegiatan), for the rincian's
 * picker; each group with its OPD id (`opdIds`: kode → id; none for an OPD user's own).
 */
export function useSubKegiatanGroups(query: ReportQuery, opdIds: ReadonlyMap<string, number>, enabled: boolean) {
  const { tahun, tahap, perangkat_daerah } = query;
  const rfk = $api.useQuery(
    'get',
    '/api/reports/rfk/',
    { params: { query: { tahun, tahap, perangkat_daerah, level: 'sub_kegiatan' } } },
    { ...jsonOf<Schemas['RfkReport']>(), enabled },
  );
  const groups: { opd: string; opdId?: number; rows: { kode: string; uraian: string }[] }[] = [];
  for (const row of rfk.data?.rows ?? []) {
    if (row.level === 'opd') groups.push({ opd: row.uraian, opdId: opdIds.get(row.kode), rows: [] });
    else if (row.level === 'sub_kegiatan') groups.at(-1)?.rows.push({ kode: row.kode, uraian: row.uraian });
  }
  return groups;
}

/** The year's budget documents (stages), for the stage pickers: newest stage first. */
export function useStages(tahun: number) {
  return $api.useQuery('get', '/api/anggaran/', { params: { query: { tahun, page_size: 100 } } });
}

/** The pemda's OPD, for the OPD picker and for naming an OPD row's drill-down. */
/** The sumber dana classification in force for the year, for the filter of the line-based reports. */
export function useSumberDanaOptions(tahun: number, enabled: boolean) {
  return $api.useQuery(
    'get',
    '/api/sumber-dana/',
    { params: { query: { tahun, page_size: 1000 } } },
    { enabled, staleTime: 5 * 60_000 },
  );
}

export function useOpdOptions(enabled: boolean) {
  return $api.useQuery(
    'get',
    '/api/perangkat-daerah/',
    { params: { query: { page_size: 1000 } } },
    { enabled, staleTime: 5 * 60_000 },
  );
}

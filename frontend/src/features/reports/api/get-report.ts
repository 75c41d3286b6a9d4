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

export type ReportHeader = Schemas['ReportHeader'];
export type RfkReport = Schemas['RfkReport'];
export type LraReport = Schemas['LraReport'];
export type CapaianReport = Schemas['CapaianReport'];
export type ComparisonReport = Schemas['ComparisonReport'];
export type AnomalyReport = Schemas['AnomalyReport'];
export type ReconciliationReport = Schemas['ReconciliationReport'];

/** The year's budget documents (stages), for the stage pickers: newest stage first. */
export function useStages(tahun: number) {
  return $api.useQuery('get', '/api/anggaran/', { params: { query: { tahun, page_size: 100 } } });
}

/** The pemda's OPD, for the OPD picker and for naming an OPD row's drill-down. */
export function useOpdOptions(enabled: boolean) {
  return $api.useQuery(
    'get',
    '/api/perangkat-daerah/',
    { params: { query: { page_size: 1000 } } },
    { enabled, staleTime: 5 * 60_000 },
  );
}

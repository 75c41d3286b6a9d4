import type { ReactNode } from 'react';
import { ErrorAlert, Loading } from '@/components/ui/status';
/** What every report's header says: the pemda or OPD, the stage (none for a plan report), the period. */
type CaptionHeader = {
  pemda: string;
  periode: string;
  perangkat_daerah_nama: string | null;
  tahap: { label: string } | null;
  sumber_dana_nama?: string | null;
};

type Result<T> = {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  isError: boolean;
  isPlaceholderData: boolean;
  refetch: () => unknown;
};

/** Who and what the figures are about: pemda or OPD, stage, period. */
export function ReportCaption({ header }: { header: CaptionHeader }) {
  const parts = [
    header.perangkat_daerah_nama ?? `${header.pemda} · seluruh perangkat daerah`,
    header.tahap?.label,
    header.periode,
    header.sumber_dana_nama ? `sumber dana ${header.sumber_dana_nama}` : null,
  ];
  return <p className="muted report-caption">{parts.filter(Boolean).join(' · ')}</p>;
}

/**
 * The loading, error and figures states of a report, alike for every report: while a filter change is on its
 * way the previous figures stay, dimmed and marked busy.
 */
export function ReportFrame<T extends { header: CaptionHeader }>({
  result,
  children,
}: {
  result: Result<T>;
  children: (data: T) => ReactNode;
}) {
  if (result.isPending) return <Loading label="Menghitung laporan…" />;
  if (result.isError || !result.data) {
    return <ErrorAlert error={result.error} onRetry={() => void result.refetch()} />;
  }
  return (
    <div className={result.isPlaceholderData ? 'report-body is-refreshing' : 'report-body'} aria-busy={result.isPlaceholderData}>
      {result.isPlaceholderData && <Loading label="Memperbarui…" />}
      <ReportCaption header={result.data.header} />
      {children(result.data)}
    </div>
  );
}


import type { Schemas } from '@/api/client';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { formatPercentValue, formatRupiah } from '@/lib/format';
import { usePeriod } from '@/lib/period';
import { can } from '@/lib/permissions';
import { useFisikEntries, useOpdOptions, useSubKegiatan } from '../api/fisik';
import { MONTH_NAMES } from '@/lib/months';
import { defaultMonth } from '../months';
import { FisikForm } from './fisik-form';
import { FotoSection } from './foto-section';
import { MonthHistory } from './month-history';
import { useSearchParamsState, withValues } from '@/lib/search-params';

type Props = { me: Schemas['Me'] | null | undefined };

function numberParam(params: URLSearchParams, name: string): number | undefined {
  const value = Number(params.get(name));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * Realisasi fisik: per sub kegiatan and month, the progress (%) with its problems and follow-up, the photos that
 * show it and a map of where they were taken. The OPD, month and sub kegiatan are kept in the address. An OPD user
 * works on its own OPD; TAPD / BPKAD pick one.
 */
export function FisikPage({ me }: Props) {
  const [params, setParams] = useSearchParamsState();
  const { tahun } = usePeriod();
  const ownOpd = me?.perangkat_daerah?.id;
  const opdChoice = useOpdOptions(ownOpd === undefined);
  const opd = ownOpd ?? numberParam(params, 'opd');
  const bulanParam = numberParam(params, 'bulan');
  const bulan = bulanParam !== undefined && bulanParam <= 12 ? bulanParam : defaultMonth(tahun);
  const sub = params.get('sub') ?? undefined;
  const canWrite = can(me, 'realisasi-fisik', 'w');

  const subKegiatan = useSubKegiatan({ tahun, bulan, perangkat_daerah: opd });
  const entries = useFisikEntries({ tahun, perangkat_daerah: opd, sub });
  const rows = subKegiatan.data ?? [];
  const selected = rows.find((row) => row.kode === sub);
  const monthEntries = entries.data?.results ?? [];
  const entry = monthEntries.find((row) => row.bulan === bulan);

  const change = (changes: Record<string, string | undefined>) => {
    setParams((current) => withValues(current, changes), { replace: true });
  };

  return (
    <section className="page page-wide fisik-page" aria-labelledby="fisik-title">
      <div className="page-header">
        <h1 id="fisik-title">Realisasi Fisik</h1>
        <p className="muted">
          Kemajuan fisik sub kegiatan per bulan tahun {tahun}, dengan permasalahan, tindak lanjut dan foto bukti
          lapangan beserta lokasinya.
        </p>
      </div>
      <div className="toolbar" role="group" aria-label="Pilih sub kegiatan dan bulan">
        {ownOpd === undefined ? (
          <label className="field">
            <span>Perangkat daerah</span>
            <select value={opd ?? ''} onChange={(event) => change({ opd: event.target.value, sub: undefined })}>
              <option value="">Pilih perangkat daerah</option>
              {(opdChoice.data?.results ?? [])
                .filter((row) => !row.induk)
                .map((row) => (
                  <option key={row.id} value={row.id}>
                    {row.nama}
                  </option>
                ))}
            </select>
          </label>
        ) : (
          <p className="field">
            <span className="field-label">Perangkat daerah</span>
            <span>{me?.perangkat_daerah?.nama}</span>
          </p>
        )}
        <label className="field">
          <span>Bulan</span>
          <select value={bulan} onChange={(event) => change({ bulan: event.target.value })}>
            {MONTH_NAMES.map((name, index) => (
              <option key={name} value={index + 1}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {opd !== undefined && (
          <label className="field fisik-sub-field">
            <span>Sub kegiatan</span>
            <select value={sub ?? ''} onChange={(event) => change({ sub: event.target.value })}>
              <option value="">Pilih sub kegiatan</option>
              {rows.map((row) => (
                <option key={row.kode} value={row.kode}>
                  {row.kode} {row.uraian}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>

      {opd === undefined && <EmptyState>Pilih perangkat daerah untuk melihat sub kegiatannya.</EmptyState>}
      {subKegiatan.isPending && opd !== undefined && <Loading label="Memuat sub kegiatan…" />}
      {subKegiatan.isError && <ErrorAlert error={subKegiatan.error} onRetry={() => void subKegiatan.refetch()} />}
      {opd !== undefined && subKegiatan.isSuccess && rows.length === 0 && (
        <EmptyState>Perangkat daerah ini tidak memiliki sub kegiatan di DPA tahun {tahun}.</EmptyState>
      )}
      {opd !== undefined && subKegiatan.isSuccess && rows.length > 0 && !selected && (
        <EmptyState>Pilih sub kegiatan untuk mencatat realisasi fisiknya.</EmptyState>
      )}

      {selected && opd !== undefined && (
        <div className="fisik-layout">
          <div className="panel fisik-entry">
            <h2>
              <span className="code">{selected.kode}</span> {selected.uraian}
            </h2>
            <p className="muted">
              Pagu {formatRupiah(selected.pagu)} · realisasi keuangan s.d. {MONTH_NAMES[bulan - 1]}{' '}
              {formatPercentValue(selected.persen_realisasi)}
            </p>
            {entries.isPending && <Loading />}
            {entries.isError && <ErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />}
            {entries.isSuccess && (
              <FisikForm
                key={`${sub}-${bulan}`}
                entry={entry}
                target={{ perangkat_daerah: opd, tahun, bulan, sub: selected.kode }}
                monthName={MONTH_NAMES[bulan - 1]!}
                canWrite={canWrite}
              />
            )}
            {entries.isSuccess && <MonthHistory entries={monthEntries} current={bulan} />}
          </div>
          <FotoSection entry={entry} canWrite={canWrite} monthName={MONTH_NAMES[bulan - 1]!} />
        </div>
      )}
    </section>
  );
}

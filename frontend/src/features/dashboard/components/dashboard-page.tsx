import { useMemo, useState } from 'react';
import { Chart } from '@/components/ui/chart';
import { ErrorAlert, Loading } from '@/components/ui/status';
import { formatNumber, formatPercentValue } from '@/lib/format';
import { usePeriod } from '@/lib/period';
import { useDashboard } from '../api/get-dashboard';
import { absorptionOption, fisikKeuanganOption, MONTHS } from '../charts';
import { reportPath } from '../report-links';
import { BaseData } from './base-data';
import { CapaianBands } from './capaian-bands';
import { KpiTiles } from './kpi-tiles';
import { OpdRanking } from './opd-ranking';
import { OpenProblems, TopDeviations } from './watch-lists';

/**
 * Beranda: the leader's dashboard for the year s.d. a month — absorption against the cash plan, the OPD ranking,
 * physical against financial progress, indicator achievement, the largest deviations and the open problems; each
 * part opens the report behind it. An OPD user sees its own OPD (the API scopes it); `baseData` adds the counts of
 * the base data for those who maintain it.
 */
export function DashboardPage({ baseData = false }: { baseData?: boolean }) {
  const { tahun } = usePeriod();
  const [bulan, setBulan] = useState<number | undefined>(undefined);
  const dashboard = useDashboard(bulan ? { tahun, bulan } : { tahun });
  const data = dashboard.data;
  const month = data?.header.bulan;
  const filters = { tahun, bulan: month, tahap: data?.header.tahap.id };
  const rfk = reportPath('rfk', filters);
  const rfkOpd = (opd: number) => reportPath('rfk', { ...filters, perangkat_daerah: opd });
  const absorption = useMemo(() => (data ? absorptionOption(data.series) : null), [data]);
  const fisikKeuangan = useMemo(() => (data ? fisikKeuanganOption(data.opd) : null), [data]);

  return (
    <section className="page" aria-labelledby="dashboard-title">
      <div className="page-header page-header-row">
        <div>
          <h1 id="dashboard-title">Beranda</h1>
          {data && (
            <p className="muted">
              {data.header.perangkat_daerah_nama ?? data.header.pemda} · {data.header.tahap.label} · {data.header.periode}
            </p>
          )}
        </div>
        <label className="field-inline">
          <span>Bulan</span>
          <select disabled={!data} value={bulan ?? month ?? ''} onChange={(event) => setBulan(Number(event.target.value))}>
            {MONTHS.map((name, index) => (
              <option key={name} value={index + 1}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {dashboard.isPending && <Loading />}
      {dashboard.isError && <ErrorAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} />}
      {data && absorption && fisikKeuangan && (
        <>
          <KpiTiles
            total={data.total}
            anomali={data.anomali}
            rfk={rfk}
            anomalies={reportPath('anomali', { tahun, tahap: data.header.tahap.id })}
          />
          <div className="dash-grid">
            <article className="panel">
              <h2>Kurva serapan anggaran</h2>
              <Chart
                option={absorption}
                height={260}
                label={`Realisasi kumulatif ${formatPercentValue(data.total.persen_realisasi)} dari pagu; anggaran kas ${formatPercentValue(data.total.persen_rak)}.`}
              />
            </article>
            <article className="panel">
              <h2>Capaian indikator</h2>
              <CapaianBands capaian={data.capaian} tanpaRealisasi={data.capaian_tanpa_realisasi} />
            </article>
            <article className="panel panel-wide">
              <h2>Peringkat perangkat daerah</h2>
              <OpdRanking opd={data.opd} linkFor={rfkOpd} />
            </article>
            <article className="panel panel-wide">
              <h2>Fisik dan keuangan per perangkat daerah</h2>
              <Chart
                option={fisikKeuangan}
                height={Math.max(200, 28 * data.opd.length + 48)}
                label={`Realisasi fisik dan keuangan ${formatNumber(data.opd.length)} perangkat daerah; angkanya ada di tabel peringkat.`}
              />
            </article>
            <article className="panel">
              <h2>Deviasi terbesar</h2>
              <TopDeviations rows={data.deviasi_terbesar} linkFor={rfkOpd} />
            </article>
            <article className="panel">
              <h2>Permasalahan ({formatNumber(data.permasalahan_jumlah)})</h2>
              <OpenProblems rows={data.permasalahan} count={data.permasalahan_jumlah} linkFor={rfkOpd} />
            </article>
          </div>
        </>
      )}
      {baseData && <BaseData />}
    </section>
  );
}

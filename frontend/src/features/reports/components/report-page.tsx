import { Link, useParams } from 'react-router';
import { usePeriod } from '@/lib/period';
import { useOpdOptions, useStages, useSubKegiatanGroups, useSumberDanaOptions } from '../api/get-report';
import { downloadHref, readQuery, searchOf, withChanges, type ReportQuery } from '../query';
import { findReport, type ReportKey } from '../registry';
import { AnggaranKasReportView } from './anggaran-kas-report';
import { AnomalyReportView } from './anomaly-report';
import { CapaianReportView } from './capaian-report';
import { ComparisonReportView } from './comparison-report';
import { EvaluasiRenjaReportView, EvaluasiReportView } from './evaluasi-report';
import { LraReportView } from './lra-report';
import { ReconciliationReportView } from './reconciliation-report';
import { ReportFilters } from './report-filters';
import { RincianReportView } from './rincian-report';
import { RfkReportView } from './rfk-report';
import { useSearchParamsState } from '@/lib/search-params';

function ReportBody({ report, query }: { report: ReportKey; query: ReportQuery }) {
  switch (report) {
    case 'rfk':
      return <RfkReportView query={query} />;
    case 'lra':
      return <LraReportView query={query} />;
    case 'capaian':
      return <CapaianReportView query={query} />;
    case 'perbandingan':
      return <ComparisonReportView query={query} />;
    case 'anomali':
      return <AnomalyReportView query={query} />;
    case 'rekonsiliasi':
      return <ReconciliationReportView query={query} />;
    case 'evaluasi-rkpd':
      return <EvaluasiReportView query={query} />;
    case 'evaluasi-renja':
      return <EvaluasiRenjaReportView query={query} />;
    case 'rincian':
      return <RincianReportView query={query} />;
    case 'anggaran-kas':
      return <AnggaranKasReportView query={query} />;
  }
}

type Change = (changes: Partial<ReportQuery>) => void;

/**
 * One report: its filters (kept in the address), its figures from the API and the downloads of the same figures
 * as the official workbook or CSV. An OPD user (`opdScoped`) is offered no OPD choice: the API gives its own OPD
 * only.
 */
export function ReportPage({ opdScoped }: { opdScoped: boolean }) {
  const { report: key } = useParams();
  const [params, setParams] = useSearchParamsState();
  const { tahun } = usePeriod();
  const report = findReport(key);
  const query = readQuery(params, tahun);
  const stages = useStages(query.tahun);
  const filters: readonly string[] = report?.filters ?? [];
  const opd = useOpdOptions(!opdScoped && filters.includes('perangkat_daerah'));
  const opdIds = new Map((opd.data?.results ?? []).map((row) => [row.kode, row.id]));
  const subKegiatan = useSubKegiatanGroups(query, opdIds, filters.includes('sub_kegiatan'));
  const sumberDana = useSumberDanaOptions(query.tahun, filters.includes('sumber_dana'));
  const onChange: Change = (changes) =>
    setParams((current) => searchOf(withChanges(readQuery(current, tahun), changes)), { replace: true });

  if (!report) {
    return (
      <section className="page">
        <h1>Laporan tidak dikenal</h1>
        <p>
          <Link to="/laporan">Kembali ke daftar laporan</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="page page-wide" aria-labelledby="report-title">
      <nav className="breadcrumb" aria-label="Jejak">
        <Link to="/laporan">Laporan</Link> / {report.title}
      </nav>
      <div className="page-header page-header-row">
        <h1 id="report-title">{report.title}</h1>
        <div className="downloads" role="group" aria-label="Unduh">
          {report.formats.map((format) => (
            <a key={format} className="button" href={downloadHref(report.key, query, format)} download>
              Unduh {format === 'xlsx' ? 'Excel (xlsx)' : 'CSV'}
            </a>
          ))}
        </div>
      </div>
      <ReportFilters
        filters={report.filters}
        query={query}
        onChange={onChange}
        stages={stages.data?.results ?? []}
        opd={opdScoped ? null : (opd.data?.results ?? [])}
        subKegiatan={subKegiatan}
        sumberDana={sumberDana.data?.results ?? []}
      />
      <ReportBody report={report.key} query={query} />
    </section>
  );
}

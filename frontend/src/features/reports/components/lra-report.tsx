import { ScrollRegion } from '@/components/ui/scroll-region';
import { formatPercentValue, formatRupiah } from '@/lib/format';
import { useLraReport } from '../api/get-report';
import type { ReportQuery } from '../query';
import { ReportFrame } from './report-frame';

/** LRA: the statement as the form prints it — groups indented by depth, totals in bold. */
export function LraReportView({ query }: { query: ReportQuery }) {
  const result = useLraReport(query);
  return (
    <ReportFrame result={result}>
      {(data) => {
        const lastYear = data.rows.some((row) => row.realisasi_tahun_lalu !== null);
        return (
          <ScrollRegion label="Laporan realisasi anggaran">
            <table className="table table-compact report-table">
              <caption className="visually-hidden">Laporan realisasi anggaran</caption>
              <thead>
                <tr>
                  <th scope="col">Kode</th>
                  <th scope="col">Uraian</th>
                  <th scope="col" className="num">
                    Anggaran
                  </th>
                  <th scope="col" className="num">
                    Realisasi
                  </th>
                  <th scope="col" className="num">
                    %
                  </th>
                  {lastYear && (
                    <th scope="col" className="num">
                      Realisasi tahun lalu
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row, index) => (
                  <tr key={index} className={row.jenis === 'total' ? 'report-total' : row.depth === 0 ? 'tree-parent' : undefined}>
                    <td className="code">{row.kode}</td>
                    <th scope="row" style={{ paddingLeft: `${0.75 + row.depth * 1.1}rem` }}>
                      {row.uraian}
                    </th>
                    <td className="num">{formatRupiah(row.anggaran)}</td>
                    <td className="num">{formatRupiah(row.realisasi)}</td>
                    <td className="num">{formatPercentValue(row.persen)}</td>
                    {lastYear && <td className="num">{formatRupiah(row.realisasi_tahun_lalu)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        );
      }}
    </ReportFrame>
  );
}

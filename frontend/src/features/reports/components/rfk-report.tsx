import { ScrollRegion } from '@/components/ui/scroll-region';
import { Link } from 'react-router';
import { formatPercentValue, formatPoints, formatRupiah } from '@/lib/format';
import { useOpdOptions, useRfkReport, type RfkReport } from '../api/get-report';
import { MONTH_NAMES } from '@/lib/months';
import { searchOf, withChanges, type ReportQuery } from '../query';
import { ReportFrame } from './report-frame';
import { TreeTable, type TreeColumn } from './tree-table';

type Row = RfkReport['rows'][number];
type Measures = RfkReport['total'];

function deviasiCell(value: string | null) {
  return <span className={Number(value ?? 0) > 0 ? 'text-warn' : undefined}>{formatPoints(value)}</span>;
}

const MEASURES: readonly TreeColumn<Measures>[] = [
  { key: 'pagu', header: 'Pagu', numeric: true, cell: (row) => formatRupiah(row.pagu) },
  { key: 'anggaran_kas', header: 'Anggaran kas', numeric: true, cell: (row) => formatRupiah(row.anggaran_kas) },
  { key: 'realisasi', header: 'Realisasi', numeric: true, cell: (row) => formatRupiah(row.realisasi) },
  { key: 'persen_realisasi', header: '% Realisasi', numeric: true, cell: (row) => formatPercentValue(row.persen_realisasi) },
  { key: 'persen_rak', header: '% RAK', numeric: true, cell: (row) => formatPercentValue(row.persen_rak) },
  { key: 'deviasi', header: 'Deviasi', numeric: true, cell: (row) => deviasiCell(row.deviasi) },
  { key: 'fisik', header: 'Fisik', numeric: true, cell: (row) => formatPercentValue(row.fisik) },
  { key: 'sisa', header: 'Sisa', numeric: true, cell: (row) => formatRupiah(row.sisa) },
];

const ROW_COLUMNS: readonly TreeColumn<Row>[] = [
  ...MEASURES,
  {
    key: 'permasalahan',
    header: 'Permasalahan',
    cell: (row) =>
      row.permasalahan ? (
        <span title={row.tindak_lanjut ? `Tindak lanjut: ${row.tindak_lanjut}` : undefined}>{row.permasalahan}</span>
      ) : (
        ''
      ),
  },
];

function MonthlySeries({ series }: { series: RfkReport['series'] }) {
  return (
    <details className="report-section">
      <summary>Anggaran kas dan realisasi per bulan</summary>
      <ScrollRegion label="Anggaran kas dan realisasi per bulan">
        <table className="table table-compact">
          <caption className="visually-hidden">Anggaran kas dan realisasi per bulan</caption>
          <thead>
            <tr>
              <th scope="col">Bulan</th>
              <th scope="col" className="num">
                Anggaran kas
              </th>
              <th scope="col" className="num">
                Realisasi
              </th>
              <th scope="col" className="num">
                Anggaran kas kumulatif
              </th>
              <th scope="col" className="num">
                Realisasi kumulatif
              </th>
              <th scope="col" className="num">
                % Realisasi kumulatif
              </th>
            </tr>
          </thead>
          <tbody>
            {series.map((month) => (
              <tr key={month.bulan}>
                <th scope="row">{MONTH_NAMES[month.bulan - 1]}</th>
                <td className="num">{formatRupiah(month.anggaran_kas)}</td>
                <td className="num">{formatRupiah(month.realisasi)}</td>
                <td className="num">{formatRupiah(month.anggaran_kas_kumulatif)}</td>
                <td className="num">{formatRupiah(month.realisasi_kumulatif)}</td>
                <td className="num">{formatPercentValue(month.persen_realisasi_kumulatif)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </details>
  );
}

/**
 * RFK: the tree from OPD (or the OPD's urusan) down to the chosen level, the total, and the months. An OPD row of
 * the pemda view opens that OPD's RFK down to sub kegiatan.
 */
export function RfkReportView({ query }: { query: ReportQuery }) {
  const result = useRfkReport(query);
  const opd = useOpdOptions(!query.perangkat_daerah);
  const opdId = new Map((opd.data?.results ?? []).map((row) => [row.kode, row.id]));
  const drill = (row: Row) => {
    const id = row.level === 'opd' ? opdId.get(row.kode) : undefined;
    if (id === undefined) return null;
    return `?${searchOf(withChanges(query, { perangkat_daerah: id, level: undefined })).toString()}`;
  };
  return (
    <ReportFrame result={result}>
      {(data) => (
        <>
          <TreeTable
            key={JSON.stringify(query)}
            caption="Realisasi fisik dan keuangan"
            labelHeader="Kode / uraian"
            rows={data.rows}
            columns={ROW_COLUMNS}
            label={(row) => {
              const to = drill(row);
              return (
                <span className="tree-label">
                  <span className="code">{row.kode}</span>{' '}
                  {to ? (
                    <Link to={to}>{row.uraian}</Link>
                  ) : (
                    row.uraian
                  )}
                </span>
              );
            }}
            total={{
              label: 'Jumlah',
              cells: Object.fromEntries(MEASURES.map((column) => [column.key, column.cell(data.total)])),
            }}
          />
          <MonthlySeries series={data.series} />
        </>
      )}
    </ReportFrame>
  );
}

import { formatRupiah } from '@/lib/format';
import { useAnggaranKasReport, type AnggaranKasReport } from '../api/get-report';
import { MONTH_NAMES } from '@/lib/months';
import type { ReportQuery } from '../query';
import { ReportFrame } from './report-frame';
import { TreeTable, type TreeColumn } from './tree-table';

type Measures = AnggaranKasReport['total'];

const COLUMNS: readonly TreeColumn<Measures>[] = [
  { key: 'pagu', header: 'Pagu DPA', numeric: true, cell: (row) => formatRupiah(row.pagu) },
  ...MONTH_NAMES.map((name, index) => ({
    key: `m${index + 1}`,
    header: name.slice(0, 3),
    numeric: true,
    cell: (row: Measures) => formatRupiah(row.anggaran_kas[index] ?? null),
  })),
  { key: 'jumlah', header: 'Jumlah', numeric: true, cell: (row) => formatRupiah(row.jumlah) },
  { key: 'sd_bulan', header: 's.d. bulan', numeric: true, cell: (row) => formatRupiah(row.sd_bulan) },
  {
    key: 'selisih',
    header: 'Selisih',
    numeric: true,
    cell: (row) => <span className={row.seimbang ? undefined : 'text-warn'}>{formatRupiah(row.selisih)}</span>,
  },
  {
    key: 'seimbang',
    header: 'Status',
    cell: (row) =>
      row.seimbang ? (
        <span className="badge badge-ok">Seimbang</span>
      ) : (
        <span className="badge badge-danger">
          Tidak seimbang{row.baris_tidak_seimbang > 0 ? ` (${row.baris_tidak_seimbang} rincian)` : ''}
        </span>
      ),
  },
];

/** Anggaran kas per OPD → sub kegiatan → akun: twelve months against the DPA amount, unbalanced rows marked. */
export function AnggaranKasReportView({ query }: { query: ReportQuery }) {
  const result = useAnggaranKasReport(query);
  return (
    <ReportFrame result={result}>
      {(data) => {
        const unbalanced = data.rows.filter((row) => row.level === 'akun' && !row.seimbang).length;
        return (
          <>
            <p>
              {unbalanced === 0
                ? 'Semua baris seimbang dengan pagu DPA.'
                : `${unbalanced} baris akun tidak seimbang dengan pagu DPA.`}
            </p>
            <TreeTable
              key={JSON.stringify(query)}
              caption="Anggaran kas"
              labelHeader="Kode / uraian"
              rows={data.rows}
              columns={COLUMNS}
              closedFrom={query.perangkat_daerah ? 1 : 0}
              label={(row) => (
                <span className="tree-label">
                  <span className="code">{row.kode}</span> {row.uraian}
                </span>
              )}
              total={{
                label: 'Jumlah',
                cells: Object.fromEntries(COLUMNS.map((column) => [column.key, column.cell(data.total)])),
              }}
            />
          </>
        );
      }}
    </ReportFrame>
  );
}

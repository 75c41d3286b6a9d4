import { formatDecimal, formatPercentValue, formatRupiah } from '@/lib/format';
import { predikatColour } from '@/lib/predikat';
import { useEvaluasiRenjaReport, useEvaluasiReport, type EvaluasiReport } from '../api/get-report';
import type { ReportQuery } from '../query';
import { ReportFrame } from './report-frame';
import { TreeTable, type TreeColumn } from './tree-table';

type Node = EvaluasiReport['rows'][number];
type Indicator = Node['indikator'][number];

/** A row of the form as shown: a program / kegiatan / sub kegiatan with its Rp, or one of its indicators with
 * its K (one level deeper, so closing the node hides them). */
type Row =
  | { kind: 'rp'; depth: number; node: Node }
  | { kind: 'k'; depth: number; node: Node; indicator: Indicator };

export function formRows(nodes: readonly Node[]): Row[] {
  return nodes.flatMap((node) => [
    { kind: 'rp' as const, depth: node.depth, node },
    ...node.indikator.map((indicator) => ({ kind: 'k' as const, depth: node.depth + 1, node, indicator })),
  ]);
}

const QUARTERS = ['I', 'II', 'III', 'IV'];

function value(row: Row, k: (indicator: Indicator) => string | null, rp: (node: Node) => string | null) {
  return row.kind === 'k' ? formatDecimal(k(row.indicator)) : formatRupiah(rp(row.node));
}

function predikat(name: string | null) {
  return name ? (
    <span className="badge predikat" style={{ background: predikatColour(name) }}>
      {name}
    </span>
  ) : (
    ''
  );
}

const COLUMNS: readonly TreeColumn<Row>[] = [
  { key: '6', header: '(6) Target akhir periode', numeric: true, cell: (r) => value(r, (i) => i.target_akhir, (n) => n.target_rp) },
  { key: '7', header: '(7) Realisasi s.d. tahun lalu', numeric: true, cell: (r) => value(r, (i) => i.realisasi_lalu, (n) => n.realisasi_lalu_rp) },
  { key: '8', header: '(8) Target tahun ini', numeric: true, cell: (r) => value(r, (i) => i.target, (n) => n.pagu_rp) },
  ...QUARTERS.map((name, index) => ({
    key: `${9 + index}`,
    header: `(${9 + index}) TW ${name}`,
    numeric: true,
    cell: (r: Row) => value(r, (i) => i.triwulan[index] ?? null, (n) => n.triwulan_rp[index] ?? null),
  })),
  { key: '13', header: '(13) Realisasi tahun ini', numeric: true, cell: (r) => value(r, (i) => i.realisasi, (n) => n.realisasi_rp) },
  { key: '14', header: '(14) Realisasi akhir', numeric: true, cell: (r) => value(r, (i) => i.realisasi_akhir, (n) => n.realisasi_akhir_rp) },
  {
    key: '15',
    header: '(15) Capaian',
    numeric: true,
    cell: (r) => formatPercentValue(r.kind === 'k' ? r.indicator.capaian : r.node.capaian_rp),
  },
  { key: 'predikat', header: 'Predikat', cell: (r) => (r.kind === 'k' ? predikat(r.indicator.predikat) : '') },
];

const COLUMNS_RKPD: readonly TreeColumn<Row>[] = [
  ...COLUMNS,
  { key: '16', header: '(16) Perangkat daerah', cell: (r) => (r.kind === 'rp' ? r.node.perangkat_daerah_nama : '') },
];

const RENJA_HEADERS: Record<string, string> = {
  6: '(6) Target Renstra akhir periode',
  8: '(8) Target Renja tahun ini',
  14: '(14) Realisasi Renstra s.d. tahun ini',
};

const COLUMNS_RENJA: readonly TreeColumn<Row>[] = [
  ...COLUMNS.map((column) => ({ ...column, header: RENJA_HEADERS[column.key] ?? column.header })),
  { key: '16', header: '(16) Unit penanggung jawab', cell: (r) => (r.kind === 'rp' ? r.node.perangkat_daerah_nama : '') },
];

const FORMS = {
  rkpd: {
    caption: 'Evaluasi hasil RKPD',
    columns: COLUMNS_RKPD,
    note: (data: EvaluasiReport) =>
      `Periode RPJMD ${data.header.tahun_awal}–${data.header.tahun_akhir}. Baris program, kegiatan dan sub kegiatan memuat anggaran (Rp); baris indikator di bawahnya memuat kinerja (K) dalam satuannya.`,
  },
  renja: {
    caption: 'Evaluasi hasil Renja',
    columns: COLUMNS_RENJA,
    note: (data: EvaluasiReport) =>
      `Periode Renstra ${data.header.tahun_awal}–${data.header.tahun_akhir}. Target akhir periode dan pagunya dari Renstra perangkat daerah; target anggaran tahun ini ialah pagu indikatif Renja. Baris indikator memuat kinerja (K) dalam satuannya.`,
  },
} as const;

/**
 * Evaluasi hasil RKPD: each program, kegiatan and sub kegiatan with its Rupiah (Rp) and, under it, each
 * indicator with its values (K) in its satuan; the footer with the averages and their predikat.
 */
export function EvaluasiReportView({ query }: { query: ReportQuery }) {
  const result = useEvaluasiReport(query);
  return <ReportFrame result={result}>{(data) => <EvaluasiForm data={data} query={query} form="rkpd" />}</ReportFrame>;
}

/** Evaluasi hasil Renja Perangkat Daerah: the same form against the OPD's Renstra, the unit responsible. */
export function EvaluasiRenjaReportView({ query }: { query: ReportQuery }) {
  const result = useEvaluasiRenjaReport(query);
  return <ReportFrame result={result}>{(data) => <EvaluasiForm data={data} query={query} form="renja" />}</ReportFrame>;
}

function EvaluasiForm({ data, query, form }: { data: EvaluasiReport; query: ReportQuery; form: keyof typeof FORMS }) {
  const { caption, columns, note } = FORMS[form];
  return (
    <>
      <p className="muted">{note(data)}</p>
      <TreeTable
        key={JSON.stringify(query)}
        caption={caption}
        labelHeader="Kode / program, kegiatan, sub kegiatan / indikator"
        rows={formRows(data.rows)}
        columns={columns}
        label={(row) =>
          row.kind === 'rp' ? (
            <span className="tree-label">
              <span className="code">{row.node.kode}</span> {row.node.uraian}
            </span>
          ) : (
            <span className="tree-label indicator-label">
              {row.indicator.nama} <span className="muted">({row.indicator.satuan || 'tanpa satuan'})</span>
            </span>
          )
        }
        total={{
          label: 'Jumlah (Rp)',
          cells: {
            6: formatRupiah(data.total.target_rp),
            7: formatRupiah(data.total.realisasi_lalu_rp),
            8: formatRupiah(data.total.pagu_rp),
            ...Object.fromEntries(QUARTERS.map((_, index) => [`${9 + index}`, formatRupiah(data.total.triwulan_rp[index] ?? null)])),
            13: formatRupiah(data.total.realisasi_rp),
            14: formatRupiah(data.total.realisasi_akhir_rp),
            15: formatPercentValue(data.total.capaian_rp),
          },
        }}
      />
      <dl className="facts report-footer">
        <div>
          <dt>Rata-rata capaian kinerja</dt>
          <dd>
            {formatPercentValue(data.footer.rata_rata_capaian_kinerja)} {predikat(data.footer.predikat_kinerja)}
          </dd>
        </div>
        <div>
          <dt>Rata-rata capaian anggaran</dt>
          <dd>
            {formatPercentValue(data.footer.rata_rata_capaian_anggaran)} {predikat(data.footer.predikat_anggaran)}
          </dd>
        </div>
      </dl>
      <p className="muted">
        Faktor pendorong, faktor penghambat dan tindak lanjut diisi penilai pada lembar kerja yang diunduh.
      </p>
    </>
  );
}

import { ScrollRegion } from '@/components/ui/scroll-region';
import { formatNumber, formatRupiah } from '@/lib/format';
import { useReconciliationReport, type ReconciliationReport } from '../api/get-report';
import type { ReportQuery } from '../query';
import { ReportFrame } from './report-frame';

type Check = ReconciliationReport['checks'][number];

const STATUS: Record<Check['status'], { label: string; badge: string }> = {
  ok: { label: 'Sesuai', badge: 'badge-ok' },
  peringatan: { label: 'Peringatan', badge: 'badge-info' },
  gagal: { label: 'Tidak sesuai', badge: 'badge-danger' },
};

/** Column names of the checks' rows (reporting/reconciliation.py) as a reader says them. */
const COLUMN_LABELS: Record<string, string> = {
  budget_line: 'Rincian (id)',
  perangkat_daerah: 'OPD (id)',
  perangkat_daerah_kode: 'Kode OPD',
  sub_kegiatan_kode: 'Sub kegiatan',
  akun_kode: 'Akun',
  harga_satuan: 'Harga satuan',
  standar_harga: 'Standar harga (id)',
  harga_standar: 'Harga standar',
};

function columnLabel(key: string): string {
  const text = COLUMN_LABELS[key] ?? key.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A cell of an offending row: money (the server's decimal strings, two places) in Rupiah; ids and text as sent. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string' && /^-?\d+\.\d{2}$/.test(value)) return formatRupiah(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function CheckRows({ check }: { check: Check }) {
  const columns = [...new Set(check.rows.flatMap((row) => Object.keys(row)))];
  return (
    <ScrollRegion label={`Baris bermasalah: ${check.nama}`}>
      <table className="table table-compact">
        <caption className="visually-hidden">Baris bermasalah: {check.nama}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {columnLabel(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {check.rows.map((row, index) => (
            <tr key={index}>
              {columns.map((column) => (
                <td key={column}>{cell(row[column])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {check.jumlah > check.rows.length && (
        <p className="muted">
          {formatNumber(check.rows.length)} dari {formatNumber(check.jumlah)} baris; unduhan memuat semuanya.
        </p>
      )}
    </ScrollRegion>
  );
}

/** The checks of a stage, each with its status and count; a failed or flagged check opens to its rows. */
export function ReconciliationReportView({ query }: { query: ReportQuery }) {
  const result = useReconciliationReport(query);
  return (
    <ReportFrame result={result}>
      {(data) => (
        <ol className="checks">
          {data.checks.map((check) => (
            <li key={check.kode} className="check">
              <details open={check.status === 'gagal' && check.rows.length > 0}>
                <summary>
                  <span className="check-name">
                    {check.nomor}. {check.nama}
                  </span>
                  <span className={`badge ${STATUS[check.status].badge}`}>{STATUS[check.status].label}</span>
                  <span className="muted">{formatNumber(check.jumlah)} baris</span>
                </summary>
                {check.rows.length > 0 ? <CheckRows check={check} /> : <p className="muted">Tidak ada temuan.</p>}
              </details>
            </li>
          ))}
        </ol>
      )}
    </ReportFrame>
  );
}

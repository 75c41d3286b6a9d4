import { ScrollRegion } from '@/components/ui/scroll-region';
import { useState } from 'react';
import { formatNumber, formatRupiah } from '@/lib/format';
import { useComparisonReport, type ComparisonReport } from '../api/get-report';
import type { ReportQuery } from '../query';
import { ReportFrame } from './report-frame';

type Status = ComparisonReport['rows'][number]['status'];

const STATUS: Record<Status, { label: string; badge: string }> = {
  added: { label: 'Ditambah', badge: 'badge-ok' },
  dropped: { label: 'Dihapus', badge: 'badge-danger' },
  changed: { label: 'Berubah', badge: 'badge-info' },
  unchanged: { label: 'Tetap', badge: 'badge-muted' },
};

/** Rows drawn at once; the download holds them all. */
const SHOWN = 500;

/** Two stages side by side: the counts, the totals, and the rows, by default only those that changed. */
export function ComparisonReportView({ query }: { query: ReportQuery }) {
  const result = useComparisonReport(query);
  const [only, setOnly] = useState<Status | 'differ' | 'all'>('differ');
  return (
    <ReportFrame result={result}>
      {(data) => {
        const rows = data.rows.filter((row) =>
          only === 'all' ? true : only === 'differ' ? row.status !== 'unchanged' : row.status === only,
        );
        const line = query.grain === 'line';
        return (
          <>
            <p>
              <strong>{data.sebelum.label}</strong> (sebelum) → <strong>{data.header.tahap.label}</strong> (sesudah)
            </p>
            <div className="stats">
              {(Object.keys(STATUS) as Status[]).map((status) => (
                <div key={status} className="stat-card">
                  <span className="stat-label">{STATUS[status].label}</span>
                  <span className="stat-value num">{formatNumber(data.counts[status])}</span>
                </div>
              ))}
            </div>
            <label className="field-inline">
              <span>Tampilkan</span>
              <select value={only} onChange={(event) => setOnly(event.target.value as typeof only)}>
                <option value="differ">Yang berbeda</option>
                <option value="all">Semua</option>
                {(Object.keys(STATUS) as Status[]).map((status) => (
                  <option key={status} value={status}>
                    {STATUS[status].label}
                  </option>
                ))}
              </select>
            </label>
            <ScrollRegion label="Perbandingan tahap">
              <table className="table table-compact report-table">
                <caption className="visually-hidden">Perbandingan tahap</caption>
                <thead>
                  <tr>
                    <th scope="col">Perangkat daerah</th>
                    <th scope="col">Sub kegiatan</th>
                    <th scope="col">Akun</th>
                    {line && <th scope="col">Komponen</th>}
                    <th scope="col" className="num">
                      Sebelum
                    </th>
                    <th scope="col" className="num">
                      Sesudah
                    </th>
                    <th scope="col" className="num">
                      Bertambah (berkurang)
                    </th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.slice(0, SHOWN).map((row, index) => (
                    <tr key={index}>
                      <td className="code">{row.perangkat_daerah_kode}</td>
                      <td className="code">{row.sub_kegiatan_kode}</td>
                      <th scope="row">
                        <span className="code">{row.akun_kode}</span> {row.akun_nama}
                      </th>
                      {line && (
                        <td>
                          {row.komponen} <span className="muted">{row.koefisien}</span>
                        </td>
                      )}
                      <td className="num">{formatRupiah(row.sebelum)}</td>
                      <td className="num">{formatRupiah(row.sesudah)}</td>
                      <td className={Number(row.selisih) < 0 ? 'num text-warn' : 'num'}>{formatRupiah(row.selisih)}</td>
                      <td>
                        <span className={`badge ${STATUS[row.status].badge}`}>{STATUS[row.status].label}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="report-total">
                    <th scope="row" colSpan={line ? 4 : 3}>
                      Jumlah seluruh rincian
                    </th>
                    <td className="num">{formatRupiah(data.totals.sebelum)}</td>
                    <td className="num">{formatRupiah(data.totals.sesudah)}</td>
                    <td className="num">{formatRupiah(data.totals.selisih)}</td>
                    <td />
                  </tr>
                </tfoot>
              </table>
            </ScrollRegion>
            {rows.length > SHOWN && (
              <p className="muted">
                Menampilkan {formatNumber(SHOWN)} dari {formatNumber(rows.length)} baris; unduhan memuat semuanya.
              </p>
            )}
            {rows.length === 0 && <p className="status status-empty">Tidak ada baris dengan status itu.</p>}
          </>
        );
      }}
    </ReportFrame>
  );
}

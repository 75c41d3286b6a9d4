import { ScrollRegion } from '@/components/ui/scroll-region';
import { formatDecimal, formatNumber, formatRupiah } from '@/lib/format';
import { useAnomalyReport } from '../api/get-report';
import type { ReportQuery } from '../query';
import { ReportFrame } from './report-frame';

/** Lines drawn at once (the highest scores); the download holds them all. */
const LIMIT = 100;

/** The flagged budget lines, highest score first, each with the reasons the rules gave and where it appeared. */
export function AnomalyReportView({ query }: { query: ReportQuery }) {
  const result = useAnomalyReport({ ...query, limit: LIMIT });
  return (
    <ReportFrame result={result}>
      {(data) => (
        <>
          <p>
            <strong>{formatNumber(data.jumlah)}</strong> rincian ditandai
            {data.jumlah > data.rows.length && ` · ${formatNumber(data.rows.length)} skor tertinggi ditampilkan`}.
          </p>
          <ScrollRegion label="Anomali rincian belanja">
            <table className="table table-compact report-table">
              <caption className="visually-hidden">Anomali rincian belanja</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Skor
                  </th>
                  <th scope="col">Komponen</th>
                  <th scope="col">Sub kegiatan</th>
                  <th scope="col" className="num">
                    Volume
                  </th>
                  <th scope="col" className="num">
                    Harga satuan
                  </th>
                  <th scope="col" className="num">
                    Harga standar
                  </th>
                  <th scope="col" className="num">
                    Jumlah
                  </th>
                  <th scope="col">Alasan</th>
                  <th scope="col">Muncul di</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => (
                  <tr key={row.budget_line}>
                    <td className="num">{formatDecimal(row.skor)}</td>
                    <th scope="row">
                      {row.komponen}
                      <div className="muted">
                        <span className="code">{row.akun_kode}</span> · {row.satuan}
                      </div>
                    </th>
                    <td>
                      <span className="code">{row.sub_kegiatan_kode}</span> {row.sub_kegiatan}
                      <div className="muted code">{row.perangkat_daerah_kode}</div>
                    </td>
                    <td className="num">{formatDecimal(row.volume)}</td>
                    <td className="num">{formatRupiah(row.harga_satuan)}</td>
                    <td className="num">
                      {formatRupiah(row.harga_standar)}
                      {row.rasio && <div className="muted">{formatDecimal(row.rasio)}×</div>}
                    </td>
                    <td className="num">{formatRupiah(row.jumlah)}</td>
                    <td>
                      <ul className="reasons">
                        {row.aturan.map((rule) => (
                          <li key={rule.kode}>{rule.alasan}</li>
                        ))}
                      </ul>
                    </td>
                    <td>{row.tahap_muncul?.label ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {data.rows.length === 0 && <p className="status status-empty">Tidak ada rincian yang ditandai.</p>}
        </>
      )}
    </ReportFrame>
  );
}

import { Link } from 'react-router';
import { EmptyState } from '@/components/ui/status';
import { formatNumber, formatPercentValue, formatPoints } from '@/lib/format';
import type { Dashboard } from '../api/types';
import { MONTHS } from '../charts';

type LinkFor = (opd: number) => string;

/** The sub kegiatan furthest behind their cash plan. */
export function TopDeviations({ rows, linkFor }: { rows: Dashboard['deviasi_terbesar']; linkFor: LinkFor }) {
  if (rows.length === 0) return <EmptyState>Tidak ada sub kegiatan di belakang rencana kas.</EmptyState>;
  return (
    <div className="grid-scroll">
      <table className="table table-compact">
        <caption className="visually-hidden">Sepuluh deviasi terbesar</caption>
        <thead>
          <tr>
            <th scope="col">Sub kegiatan</th>
            <th scope="col" className="num">
              % RAK
            </th>
            <th scope="col" className="num">
              % Realisasi
            </th>
            <th scope="col" className="num">
              Deviasi
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.perangkat_daerah}-${row.kode}`}>
              <th scope="row">
                <Link to={linkFor(row.perangkat_daerah)}>
                  <span className="code">{row.kode}</span> {row.uraian}
                </Link>
                <span className="muted"> · {row.perangkat_daerah_kode}</span>
              </th>
              <td className="num">{formatPercentValue(row.persen_rak)}</td>
              <td className="num">{formatPercentValue(row.persen_realisasi)}</td>
              <td className="num nowrap text-warn">{formatPoints(row.deviasi)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The problems reported with the latest physical progress, and what is being done about them. */
export function OpenProblems({
  rows,
  count,
  linkFor,
}: {
  rows: Dashboard['permasalahan'];
  count: number;
  linkFor: LinkFor;
}) {
  if (rows.length === 0) return <EmptyState>Tidak ada permasalahan yang dilaporkan.</EmptyState>;
  return (
    <>
      <ul className="problems">
        {rows.map((row) => (
          <li key={`${row.perangkat_daerah}-${row.kode}`}>
            <Link to={linkFor(row.perangkat_daerah)}>
              <span className="code">{row.kode}</span> {row.uraian}
            </Link>
            <span className="muted">
              {' '}
              · {row.perangkat_daerah_kode} · {MONTHS[row.bulan - 1]} · fisik {formatPercentValue(row.fisik)}
            </span>
            <p>{row.permasalahan}</p>
            {row.tindak_lanjut && <p className="muted">Tindak lanjut: {row.tindak_lanjut}</p>}
          </li>
        ))}
      </ul>
      {count > rows.length && (
        <p className="muted">
          {formatNumber(rows.length)} dari {formatNumber(count)} permasalahan ditampilkan.
        </p>
      )}
    </>
  );
}

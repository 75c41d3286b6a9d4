import { SegmentedControl } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatPercentValue, formatPoints, formatRupiah } from '@/lib/format';
import type { Dashboard } from '../api/types';

type Order = 'realisasi' | 'deviasi';

/** The OPD ranking by absorption (highest % realisasi first) or by deviation (furthest behind the cash plan first). */
export function OpdRanking({ opd, linkFor }: { opd: Dashboard['opd']; linkFor: (id: number) => string }) {
  const [order, setOrder] = useState<Order>('realisasi');
  const rank = (row: Dashboard['opd'][number]) => (order === 'realisasi' ? row.peringkat_realisasi : row.peringkat_deviasi);
  const rows = [...opd].sort((a, b) => rank(a) - rank(b));
  return (
    <>
      <SegmentedControl
        aria-label="Urutkan peringkat"
        size="xs"
        value={order}
        onChange={(value) => setOrder(value as Order)}
        data={[
          { value: 'realisasi', label: 'Serapan tertinggi' },
          { value: 'deviasi', label: 'Deviasi terbesar' },
        ]}
      />
      <div className="grid-scroll">
        <table className="table table-compact">
          <caption className="visually-hidden">Peringkat perangkat daerah</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">Perangkat daerah</th>
              <th scope="col" className="num">
                Pagu
              </th>
              <th scope="col">Realisasi</th>
              <th scope="col" className="num">
                % RAK
              </th>
              <th scope="col" className="num">
                Deviasi
              </th>
              <th scope="col" className="num">
                Fisik
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.perangkat_daerah}>
                <td className="num">{rank(row)}</td>
                <th scope="row">
                  <Link to={linkFor(row.perangkat_daerah)} title={row.nama}>
                    {row.singkatan || row.nama}
                  </Link>
                </th>
                <td className="num">{formatRupiah(row.pagu)}</td>
                <td>
                  <span className="meter">
                    <span
                      className="meter-bar"
                      style={{ width: `${Math.min(100, Math.max(0, Number(row.persen_realisasi ?? 0)))}%` }}
                    />
                    <span className="meter-text num">{formatPercentValue(row.persen_realisasi)}</span>
                  </span>
                </td>
                <td className="num">{formatPercentValue(row.persen_rak)}</td>
                <td className={Number(row.deviasi ?? 0) > 0 ? 'num text-warn' : 'num'}>{formatPoints(row.deviasi)}</td>
                <td className="num">{formatPercentValue(row.fisik)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

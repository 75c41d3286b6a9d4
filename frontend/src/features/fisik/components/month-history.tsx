import { formatPercentValue } from '@/lib/format';
import type { FisikEntry } from '../api/fisik';
import { MONTH_NAMES } from '@/lib/months';

/** The year's reported months of the sub kegiatan, so a fall (menurun) is seen in its context. */
export function MonthHistory({ entries, current }: { entries: readonly FisikEntry[]; current: number }) {
  if (entries.length === 0) return null;
  const sorted = [...entries].sort((a, b) => a.bulan - b.bulan);
  return (
    <table className="table fisik-history">
      <caption>Realisasi fisik per bulan</caption>
      <thead>
        <tr>
          <th scope="col">Bulan</th>
          <th scope="col" className="num">
            Fisik
          </th>
          <th scope="col">Catatan</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr key={row.id} aria-current={row.bulan === current ? 'true' : undefined}>
            <td>{MONTH_NAMES[row.bulan - 1]}</td>
            <td className="num">{formatPercentValue(row.persen)}</td>
            <td>
              {row.menurun && <span className="text-warn">Menurun</span>}
              {row.menurun && row.permasalahan ? ' · ' : ''}
              {row.permasalahan}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { Link } from 'react-router';
import { formatNumber, formatPercentValue, formatPoints, formatRupiah, formatRupiahCompact } from '@/lib/format';
import type { Dashboard } from '../api/types';

function Tile({ label, value, detail, to, tone }: { label: string; value: string; detail?: string; to: string; tone?: 'warn' }) {
  return (
    <Link to={to} className={tone === 'warn' ? 'stat-card kpi kpi-warn' : 'stat-card kpi'}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value num">{value}</span>
      {detail && <span className="kpi-detail">{detail}</span>}
    </Link>
  );
}

/** The year's headline figures s.d. the month; each opens the report behind it (the RFK; the anomalies). */
export function KpiTiles({ total, anomali, rfk, anomalies }: { total: Dashboard['total']; anomali: number; rfk: string; anomalies: string }) {
  const behind = total.deviasi !== null && Number(total.deviasi) > 0;
  return (
    <div className="kpis">
      <Tile label="Pagu" value={formatRupiahCompact(total.pagu)} detail={formatRupiah(total.pagu)} to={rfk} />
      <Tile
        label="Realisasi keuangan"
        value={formatPercentValue(total.persen_realisasi)}
        detail={formatRupiah(total.realisasi)}
        to={rfk}
      />
      <Tile
        label="Anggaran kas s.d. bulan"
        value={formatPercentValue(total.persen_rak)}
        detail={formatRupiah(total.anggaran_kas)}
        to={rfk}
      />
      <Tile
        label="Deviasi"
        value={formatPoints(total.deviasi)}
        detail={behind ? 'di belakang rencana kas' : 'sesuai atau di depan rencana'}
        to={rfk}
        tone={behind ? 'warn' : undefined}
      />
      <Tile label="Realisasi fisik" value={formatPercentValue(total.fisik)} to={rfk} />
      <Tile label="Sisa anggaran" value={formatRupiahCompact(total.sisa)} detail={formatRupiah(total.sisa)} to={rfk} />
      <Tile
        label="Anomali rincian"
        value={formatNumber(anomali)}
        detail={anomali > 0 ? 'rincian belanja perlu diperiksa' : 'tidak ada yang ditandai'}
        to={anomalies}
        tone={anomali > 0 ? 'warn' : undefined}
      />
    </div>
  );
}

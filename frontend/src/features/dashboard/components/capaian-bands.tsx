import { formatNumber } from '@/lib/format';
import { PREDIKAT, predikatColour } from '@/lib/predikat';
import type { Dashboard } from '../api/types';

/** How many indicators reached each predikat: a bar split in the five colours, and the counts. */
export function CapaianBands({ capaian, tanpaRealisasi }: { capaian: Dashboard['capaian']; tanpaRealisasi: number }) {
  const counts = PREDIKAT.map((band) => ({
    ...band,
    jumlah: capaian.find((row) => row.predikat === band.nama)?.jumlah ?? 0,
  }));
  const measured = counts.reduce((sum, band) => sum + band.jumlah, 0);
  return (
    <>
      {measured > 0 && (
        <div className="bands" aria-hidden="true">
          {counts
            .filter((band) => band.jumlah > 0)
            .map((band) => (
              <span
                key={band.nama}
                className="band"
                style={{ flexGrow: band.jumlah, background: predikatColour(band.nama) }}
              />
            ))}
        </div>
      )}
      <ul className="band-legend">
        {counts.map((band) => (
          <li key={band.nama}>
            <span className="band-swatch" style={{ background: band.warna }} aria-hidden="true" />
            <span>{band.nama}</span>
            <span className="num">{formatNumber(band.jumlah)}</span>
          </li>
        ))}
        <li className="muted">
          <span className="band-swatch" aria-hidden="true" />
          <span>Belum ada realisasi</span>
          <span className="num">{formatNumber(tanpaRealisasi)}</span>
        </li>
      </ul>
    </>
  );
}

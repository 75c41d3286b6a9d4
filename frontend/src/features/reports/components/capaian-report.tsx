import { ScrollRegion } from '@/components/ui/scroll-region';
import { formatDecimal, formatNumber, formatPercentValue } from '@/lib/format';
import { PREDIKAT, predikatColour } from '@/lib/predikat';
import { useCapaianReport } from '../api/get-report';
import type { ReportQuery } from '../query';
import { ReportFrame } from './report-frame';

const JENIS = { tujuan: 'Tujuan', sasaran: 'Sasaran', program: 'Program' } as const;
const QUARTERS = ['TW I', 'TW II', 'TW III', 'TW IV'];

/** Capaian indikator: each indicator's target, quarters, realization, capaian and predikat in its colour. */
export function CapaianReportView({ query }: { query: ReportQuery }) {
  const result = useCapaianReport(query);
  return (
    <ReportFrame result={result}>
      {(data) => (
        <>
          <ul className="band-legend report-bands" aria-label="Jumlah indikator per predikat">
            {PREDIKAT.map((band) => (
              <li key={band.nama}>
                <span className="band-swatch" style={{ background: band.warna }} aria-hidden="true" />
                {band.nama}: {formatNumber(data.rows.filter((row) => row.predikat === band.nama).length)}
              </li>
            ))}
            <li>Belum ada realisasi: {formatNumber(data.rows.filter((row) => row.predikat === null).length)}</li>
          </ul>
          <ScrollRegion label="Capaian indikator kinerja">
            <table className="table table-compact report-table">
              <caption className="visually-hidden">Capaian indikator kinerja</caption>
              <thead>
                <tr>
                  <th scope="col">Jenis</th>
                  <th scope="col">Indikator</th>
                  <th scope="col">Satuan</th>
                  <th scope="col">Realisasi tahunan</th>
                  <th scope="col" className="num">
                    Baseline
                  </th>
                  <th scope="col" className="num">
                    Target
                  </th>
                  {QUARTERS.map((name) => (
                    <th key={name} scope="col" className="num">
                      {name}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    Realisasi
                  </th>
                  <th scope="col" className="num">
                    Capaian
                  </th>
                  <th scope="col">Predikat</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => (
                  <tr key={row.indikator}>
                    <td>{JENIS[row.jenis]}</td>
                    <th scope="row">
                      {row.nama} {row.is_iku && <span className="badge badge-info">IKU</span>}
                      {row.polaritas === 'lower' && <span className="muted"> (makin kecil makin baik)</span>}
                    </th>
                    <td>{row.satuan}</td>
                    <td>{row.aturan === 'sum' ? 'Jumlah triwulan' : 'Triwulan terakhir'}</td>
                    <td className="num">{formatDecimal(row.baseline)}</td>
                    <td className="num">{formatDecimal(row.target)}</td>
                    {QUARTERS.map((name, index) => (
                      <td key={name} className="num">
                        {formatDecimal(row.triwulan[index])}
                      </td>
                    ))}
                    <td className="num">{formatDecimal(row.realisasi)}</td>
                    <td className="num">{formatPercentValue(row.capaian)}</td>
                    <td>
                      {row.predikat ? (
                        <span className="badge predikat" style={{ background: predikatColour(row.predikat) }}>
                          {row.predikat}
                        </span>
                      ) : (
                        '–'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </ReportFrame>
  );
}

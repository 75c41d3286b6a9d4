import { ScrollRegion } from '@/components/ui/scroll-region';
import { EmptyState } from '@/components/ui/status';
import { formatDecimal, formatRupiah } from '@/lib/format';
import { useRincianReport, type RincianReport } from '../api/get-report';
import type { ReportQuery } from '../query';
import { ReportFrame } from './report-frame';

type Indicator = RincianReport['indikator']['keluaran'][number];

const BLOCKS = [
  ['capaian_program', 'Capaian program'],
  ['masukan', 'Masukan'],
  ['keluaran', 'Keluaran'],
  ['hasil', 'Hasil'],
] as const;

const STATUS = { added: 'Ditambah', dropped: 'Dihapus', changed: 'Berubah', unchanged: 'Tetap' } as const;

function IndicatorBlock({ indikator }: { indikator: RincianReport['indikator'] }) {
  return (
    <ScrollRegion label="Indikator dan tolok ukur kinerja">
      <table className="table table-compact">
        <caption className="visually-hidden">Indikator dan tolok ukur kinerja</caption>
        <thead>
          <tr>
            <th scope="col">Indikator</th>
            <th scope="col">Tolok ukur kinerja</th>
            <th scope="col">Target kinerja</th>
          </tr>
        </thead>
        <tbody>
          {BLOCKS.flatMap(([key, label]) => {
            const rows: readonly Indicator[] = indikator[key];
            if (rows.length === 0) {
              return [
                <tr key={key}>
                  <th scope="row">{label}</th>
                  <td className="muted">–</td>
                  <td />
                </tr>,
              ];
            }
            return rows.map((row, index) => (
              <tr key={`${key}-${index}`}>
                <th scope="row">{index === 0 ? label : ''}</th>
                <td>{row.tolok_ukur}</td>
                <td>{row.target_uraian || formatDecimal(row.target)}</td>
              </tr>
            ));
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** The RKA / DPA / DPPA of one sub kegiatan as the form prints it: the header, the indicators, the lines under
 * their akun and kelompok subtotals, and the months of an execution stage. */
export function RincianReportView({ query }: { query: ReportQuery }) {
  const result = useRincianReport(query);
  if (!query.sub_kegiatan) return <EmptyState>Pilih sub kegiatan untuk melihat rinciannya.</EmptyState>;
  return (
    <ReportFrame result={result}>
      {(data) => {
        const sk = data.sub_kegiatan;
        const perubahan = data.sebelum !== null;
        return (
          <>
            <h2 className="report-form-title">{data.dokumen}</h2>
            <dl className="facts report-facts">
              {(
                [
                  ['Urusan', sk.urusan],
                  ['Bidang urusan', sk.bidang],
                  ['Program', sk.program],
                  ['Kegiatan', sk.kegiatan],
                  ['Sub kegiatan', sk.sub_kegiatan],
                ] as const
              ).map(([label, node]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>
                    <span className="code">{node.kode}</span> {node.nama}
                  </dd>
                </div>
              ))}
              <div>
                <dt>Organisasi</dt>
                <dd>
                  <span className="code">{sk.organisasi.kode}</span> {sk.organisasi.nama}
                </dd>
              </div>
              <div>
                <dt>Alokasi {data.header.tahun - 1}</dt>
                <dd>{formatRupiah(sk.alokasi_tahun_lalu)}</dd>
              </div>
              <div>
                <dt>Alokasi {data.header.tahun}</dt>
                <dd>{formatRupiah(sk.alokasi_tahun_ini)}</dd>
              </div>
              <div>
                <dt>Alokasi {data.header.tahun + 1}</dt>
                <dd>{formatRupiah(sk.alokasi_tahun_depan)}</dd>
              </div>
              <div>
                <dt>Sumber dana</dt>
                <dd>{sk.sumber_dana.join('; ') || '–'}</dd>
              </div>
              <div>
                <dt>Lokasi</dt>
                <dd>{sk.lokasi || '–'}</dd>
              </div>
              <div>
                <dt>Waktu pelaksanaan</dt>
                <dd>{sk.waktu_pelaksanaan || '–'}</dd>
              </div>
            </dl>
            {!sk.di_renja && <p className="alert">Sub kegiatan ini tidak ada di Renja perangkat daerahnya.</p>}
            <IndicatorBlock indikator={data.indikator} />
            {perubahan && (
              <p>
                Dibandingkan dengan <strong>{data.sebelum?.label}</strong>.
              </p>
            )}
            <ScrollRegion label="Rincian belanja">
              <table className="table table-compact report-table">
                <caption className="visually-hidden">Rincian belanja</caption>
                <thead>
                  <tr>
                    <th scope="col">Kode rekening</th>
                    <th scope="col">Uraian</th>
                    {perubahan && (
                      <th scope="col" className="num">
                        Sebelum
                      </th>
                    )}
                    <th scope="col">Koefisien</th>
                    <th scope="col" className="num">
                      Harga
                    </th>
                    <th scope="col" className="num">
                      PPN
                    </th>
                    <th scope="col" className="num">
                      Jumlah
                    </th>
                    {perubahan && (
                      <>
                        <th scope="col" className="num">
                          Bertambah (berkurang)
                        </th>
                        <th scope="col">Status</th>
                      </>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((row, index) => {
                    const line = row.level === 'line';
                    return (
                      <tr key={index} className={line ? undefined : 'tree-parent'}>
                        <td className="code">{row.kode}</td>
                        <th scope="row" style={{ paddingLeft: `${0.75 + row.depth * 0.8}rem` }}>
                          {row.uraian}
                        </th>
                        {perubahan && <td className="num">{formatRupiah(row.jumlah_sebelum)}</td>}
                        <td>{row.koefisien ?? ''}</td>
                        <td className="num">{line ? formatRupiah(row.harga_satuan) : ''}</td>
                        <td className="num">{line && row.ppn !== null ? `${formatDecimal(row.ppn)}%` : ''}</td>
                        <td className="num">{formatRupiah(row.jumlah)}</td>
                        {perubahan && (
                          <>
                            <td className="num">{formatRupiah(row.selisih)}</td>
                            <td>{row.status ? STATUS[row.status] : ''}</td>
                          </>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot>
                  <tr className="report-total">
                    <th scope="row" colSpan={2}>
                      Jumlah
                    </th>
                    {perubahan && <td className="num">{formatRupiah(data.total.jumlah_sebelum)}</td>}
                    <td colSpan={3} />
                    <td className="num">{formatRupiah(data.total.jumlah)}</td>
                    {perubahan && (
                      <>
                        <td className="num">{formatRupiah(data.total.selisih)}</td>
                        <td />
                      </>
                    )}
                  </tr>
                </tfoot>
              </table>
            </ScrollRegion>
            {data.anggaran_kas && (
              <section className="report-section">
                <h2>Rencana penarikan dana</h2>
                {!data.anggaran_kas.seimbang && (
                  <p className="alert alert-error">
                    Anggaran kas belum seimbang: selisih {formatRupiah(data.anggaran_kas.selisih)} dari pagu.
                  </p>
                )}
                <ScrollRegion label="Rencana penarikan dana per bulan">
                  <table className="table table-compact">
                    <caption className="visually-hidden">Rencana penarikan dana per bulan</caption>
                    <thead>
                      <tr>
                        {data.anggaran_kas.bulan.map((month) => (
                          <th key={month.bulan} scope="col" className="num">
                            {month.nama}
                          </th>
                        ))}
                        <th scope="col" className="num">
                          Jumlah
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      <tr>
                        {data.anggaran_kas.bulan.map((month) => (
                          <td key={month.bulan} className="num nowrap">
                            {formatRupiah(month.jumlah)}
                          </td>
                        ))}
                        <td className="num nowrap">{formatRupiah(data.anggaran_kas.jumlah)}</td>
                      </tr>
                    </tbody>
                  </table>
                </ScrollRegion>
              </section>
            )}
          </>
        );
      }}
    </ReportFrame>
  );
}

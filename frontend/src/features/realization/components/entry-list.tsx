import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Pagination } from '@/components/ui/pagination';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { formatDate, formatNumber, formatRupiah } from '@/lib/format';
import {
  ENTRY_PAGE_SIZE,
  useEntries,
  useEntryTotals,
  useVoidEntry,
  type Entry,
  type EntryFilters,
  type Periode,
} from '../api/realisasi';
import { MONTH_NAMES } from '@/lib/months';
import { ALL_JENIS, JENIS_LABEL, type Jenis } from '../rules';
import { ReasonDialog } from './reason-dialog';

type Opd = { id: number; nama: string; singkatan?: string };

type EntryListProps = {
  anggaran: number;
  tahun: number;
  periods: readonly Periode[];
  /** the OPD filter for a TAPD user; null for an OPD user (the server shows its own OPD only) */
  opdChoices: readonly Opd[] | null;
  mayWrite: boolean;
};

function optional(value: string): number | undefined {
  return value === '' ? undefined : Number(value);
}

function Status({ entry }: { entry: Entry }) {
  if (entry.is_void) return <span className="badge badge-muted">Dibatalkan</span>;
  return (
    <>
      <span className="badge badge-ok">Sah</span>
      {entry.melebihi_dpa && <span className="badge badge-danger">Melebihi DPA</span>}
    </>
  );
}

/** The entries of a month (or the year), OPD and jenis, with the server's totals; void with a reason. */
export function EntryList({ anggaran, tahun, periods, opdChoices, mayWrite }: EntryListProps) {
  const [bulan, setBulan] = useState<number | undefined>(undefined);
  const [opd, setOpd] = useState<number | undefined>(undefined);
  const [jenis, setJenis] = useState<Jenis | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [voiding, setVoiding] = useState<Entry | null>(null);
  const filters: EntryFilters = { anggaran, bulan, opd, jenis };
  const entries = useEntries(filters, page);
  const totals = useEntryTotals(filters);
  const voidEntry = useVoidEntry();
  const opdName = new Map((opdChoices ?? []).map((o) => [o.id, o.singkatan || o.nama]));
  const closedMonths = new Set(periods.filter((p) => p.is_closed && p.tahun === tahun).map((p) => p.bulan));

  function change(update: () => void) {
    update();
    setPage(1);
  }

  return (
    <section aria-labelledby="entry-list-title">
      <h2 id="entry-list-title">Daftar realisasi</h2>
      <div className="toolbar entry-filters" role="group" aria-label="Saring realisasi">
        <label className="field">
          <span>Bulan</span>
          <select value={bulan ?? ''} onChange={(event) => change(() => setBulan(optional(event.target.value)))}>
            <option value="">Sepanjang tahun</option>
            {MONTH_NAMES.map((name, index) => (
              <option key={name} value={index + 1}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {opdChoices && (
          <label className="field">
            <span>Perangkat daerah</span>
            <select value={opd ?? ''} onChange={(event) => change(() => setOpd(optional(event.target.value)))}>
              <option value="">Seluruh perangkat daerah</option>
              {opdChoices.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.nama}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span>Jenis dokumen</span>
          <select
            value={jenis ?? ''}
            onChange={(event) => change(() => setJenis((event.target.value || undefined) as Jenis | undefined))}
          >
            <option value="">Semua jenis</option>
            {ALL_JENIS.map((value) => (
              <option key={value} value={value}>
                {JENIS_LABEL[value]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {totals.data && (
        <p className="entry-totals" data-testid="entry-totals">
          <strong>{formatNumber(totals.data.count)} entri sah</strong>, jumlah{' '}
          <strong className="nowrap">{formatRupiah(totals.data.jumlah)}</strong>
          {totals.data.void_count > 0 && (
            <span className="muted">
              {' '}
              · {formatNumber(totals.data.void_count)} dibatalkan ({formatRupiah(totals.data.void_jumlah)})
            </span>
          )}
        </p>
      )}
      {totals.isError && <ErrorAlert error={totals.error} onRetry={() => void totals.refetch()} />}
      {entries.isPending ? (
        <Loading />
      ) : entries.isError ? (
        <ErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />
      ) : entries.data.results.length === 0 ? (
        <EmptyState>Belum ada realisasi untuk pilihan ini.</EmptyState>
      ) : (
        <>
          <ScrollRegion label="Tabel realisasi">
            <table className="table table-compact entry-table">
              <thead>
                <tr>
                  <th scope="col">Tanggal</th>
                  <th scope="col">Dokumen</th>
                  {opdChoices && <th scope="col">OPD</th>}
                  <th scope="col">Rincian</th>
                  <th scope="col" className="num">
                    Jumlah
                  </th>
                  <th scope="col">Status</th>
                  {mayWrite && (
                    <th scope="col">
                      <span className="visually-hidden">Tindakan</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {entries.data.results.map((entry) => (
                  <tr key={entry.id} className={entry.is_void ? 'entry-void' : undefined}>
                    <td className="nowrap struck">{formatDate(entry.tanggal)}</td>
                    <td className="struck">
                      <span className="nowrap">{JENIS_LABEL[entry.jenis]}</span>
                      <br />
                      <span className="code">{entry.nomor_dokumen}</span>
                    </td>
                    {opdChoices && (
                      <td className="struck">{opdName.get(entry.perangkat_daerah) ?? `#${entry.perangkat_daerah}`}</td>
                    )}
                    <td className="wrap">
                      <span className="struck">
                        <span className="code">
                          {entry.sub_kegiatan_kode} · {entry.akun_kode}
                        </span>
                        <br />
                        {entry.komponen}
                        {entry.keterangan && <span className="muted"> — {entry.keterangan}</span>}
                      </span>
                      {entry.is_void && entry.void_alasan && (
                        <span className="void-reason">Alasan pembatalan: {entry.void_alasan}</span>
                      )}
                    </td>
                    <td className="num nowrap">
                      {entry.is_void ? <s>{formatRupiah(entry.jumlah)}</s> : formatRupiah(entry.jumlah)}
                    </td>
                    <td>
                      <Status entry={entry} />
                    </td>
                    {mayWrite && (
                      <td>
                        {!entry.is_void && !closedMonths.has(entry.bulan) && (
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => {
                              voidEntry.reset();
                              setVoiding(entry);
                            }}
                            aria-label={`Batalkan ${entry.nomor_dokumen}`}
                          >
                            Batalkan
                          </Button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <Pagination page={page} pageSize={ENTRY_PAGE_SIZE} count={entries.data.count} onPageChange={setPage} />
        </>
      )}
      <ReasonDialog
        key={voiding?.id ?? 'none'}
        opened={voiding !== null}
        title={voiding ? `Batalkan ${JENIS_LABEL[voiding.jenis]} ${voiding.nomor_dokumen}` : ''}
        label="Alasan pembatalan"
        description="Wajib; tercatat di jejak audit. Entri tetap tampil, dicoret, dan jumlahnya keluar dari total."
        required
        confirm="Batalkan realisasi"
        pending={voidEntry.isPending}
        error={voidEntry.error}
        onClose={() => setVoiding(null)}
        onConfirm={(alasan) => {
          if (!voiding) return;
          voidEntry.mutate(
            { id: voiding.id, alasan },
            {
              onSuccess: () => {
                notifications.show({ color: 'teal', message: `Realisasi ${voiding.nomor_dokumen} dibatalkan.` });
                setVoiding(null);
              },
            },
          );
        }}
      />
    </section>
  );
}

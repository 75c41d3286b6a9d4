import { Button, SegmentedControl } from '@mantine/core';
import { useState } from 'react';
import type { Schemas } from '@/api/client';
import { Pagination } from '@/components/ui/pagination';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { SearchBox } from '@/components/ui/search-box';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { formatRupiah } from '@/lib/format';
import { usePeriod } from '@/lib/period';
import { can } from '@/lib/permissions';
import { useSearchParamsState, withValues } from '@/lib/search-params';
import {
  KEPUTUSAN_LABEL,
  PAGE_SIZE,
  PENGUSUL_LABEL,
  TAHAP_LABEL,
  usePengusul,
  useReviewBulk,
  useUsulanList,
  type Tahap,
  type Usulan,
  type UsulanQuery,
} from '../api/usulan';
import { BulkReviewDialog } from './bulk-review-dialog';
import { RenjaEntryLink, UsulanDetail } from './usulan-detail';

type Props = { me: Schemas['Me'] | null | undefined };

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((item) => item === value);
}

const JENIS = ['musrenbang', 'pokir'] as const;
const PENGUSUL = ['desa', 'kecamatan', 'dprd'] as const;
const TAHAP = ['kecamatan', 'opd', 'kabupaten'] as const;
const KEPUTUSAN = ['diajukan', 'diterima', 'ditolak', 'digabung'] as const;

/**
 * The Musrenbang / Pokir inbox: proposals by source and level with filters kept in the address, their review one
 * by one (accept into a Renja row, reject with reason, merge) or many at once, and the Renja entry each became.
 */
export function UsulanPage({ me }: Props) {
  const [params, setParams] = useSearchParamsState();
  const { tahun } = usePeriod();
  const jenis = oneOf(params.get('jenis'), JENIS);
  const pengusulJenis = oneOf(params.get('pengusul_jenis'), PENGUSUL);
  const sampaiTahap = oneOf(params.get('sampai_tahap'), TAHAP);
  const keputusan = oneOf(params.get('keputusan'), KEPUTUSAN);
  const q = params.get('q') ?? '';
  const lokasi = params.get('lokasi') ?? '';
  const pengusulNama = params.get('pengusul_nama') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query: UsulanQuery = {
    tahun,
    jenis,
    pengusul_jenis: pengusulJenis,
    sampai_tahap: sampaiTahap,
    keputusan,
    q: q || undefined,
    lokasi: lokasi || undefined,
    pengusul_nama: pengusulNama || undefined,
    page,
  };
  const list = useUsulanList(query);
  const proposers = usePengusul({ tahun, jenis, pengusul_jenis: pengusulJenis });
  const canReview = can(me, 'usulan', 'v');
  const rows = list.data?.results ?? [];
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [bulk, setBulk] = useState<'diterima' | 'ditolak' | null>(null);
  const [detail, setDetail] = useState<number | null>(null);
  const review = useReviewBulk();
  const chosen = rows.filter((row) => selected.has(row.id));
  const reviewable = (row: Usulan) => row.keputusan === 'diajukan' || row.keputusan === 'diterima';
  const shown = rows.find((row) => row.id === detail);

  const change = (changes: Record<string, string | undefined>) => {
    setSelected(new Set());
    setParams((current) => withValues(current, { ...changes, page: undefined }), { replace: true });
  };
  const toggle = (id: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const openBulk = (decision: 'diterima' | 'ditolak') => {
    review.reset();
    setBulk(decision);
  };

  return (
    <section className="page page-wide usulan-page" aria-labelledby="usulan-title">
      <div className="page-header">
        <h1 id="usulan-title">Usulan Musrenbang dan Pokir</h1>
        <p className="muted">
          Usulan tahun {tahun} dari desa/kelurahan, forum kecamatan dan anggota DPRD: bahas per tahap, terima menjadi
          sub kegiatan Renja, tolak dengan alasan, atau gabungkan usulan yang sama.
        </p>
      </div>
      <SegmentedControl
        value={jenis ?? ''}
        onChange={(value) => change({ jenis: value, pengusul_nama: undefined })}
        data={[
          { value: '', label: 'Semua' },
          { value: 'musrenbang', label: 'Musrenbang' },
          { value: 'pokir', label: 'Pokir DPRD' },
        ]}
        aria-label="Sumber usulan"
        className="usulan-source"
      />
      <div className="toolbar usulan-filters" role="group" aria-label="Saring usulan">
        <SearchBox label="Cari" value={q} onChange={(value) => change({ q: value })} placeholder="kata dalam usulan" />
        <label className="field">
          <span>Pengusul</span>
          <select value={pengusulJenis ?? ''} onChange={(event) => change({ pengusul_jenis: event.target.value, pengusul_nama: undefined })}>
            <option value="">Semua tingkat</option>
            {PENGUSUL.map((value) => (
              <option key={value} value={value}>
                {PENGUSUL_LABEL[value]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Nama pengusul</span>
          <select value={pengusulNama} onChange={(event) => change({ pengusul_nama: event.target.value })}>
            <option value="">Semua pengusul</option>
            {(proposers.data ?? []).map((row) => (
              <option key={`${row.pengusul_jenis}-${row.pengusul_nama}`} value={row.pengusul_nama}>
                {row.pengusul_nama} ({row.jumlah})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Wilayah (kode)</span>
          <input
            value={lokasi}
            inputMode="decimal"
            placeholder="mis. 99.01.04"
            onChange={(event) => change({ lokasi: event.target.value.trim() })}
          />
        </label>
        <label className="field">
          <span>Sampai tahap</span>
          <select value={sampaiTahap ?? ''} onChange={(event) => change({ sampai_tahap: event.target.value })}>
            <option value="">Semua tahap</option>
            {TAHAP.map((value) => (
              <option key={value} value={value}>
                {TAHAP_LABEL[value]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Status</span>
          <select value={keputusan ?? ''} onChange={(event) => change({ keputusan: event.target.value })}>
            <option value="">Semua status</option>
            {KEPUTUSAN.map((value) => (
              <option key={value} value={value}>
                {KEPUTUSAN_LABEL[value]}
              </option>
            ))}
          </select>
        </label>
      </div>

      {canReview && (
        <div className="usulan-bulk-bar" role="group" aria-label="Bahas usulan terpilih">
          <span>{chosen.length} usulan dipilih</span>
          <Button size="xs" disabled={chosen.length === 0} onClick={() => openBulk('diterima')}>
            Terima terpilih
          </Button>
          <Button size="xs" color="red" variant="light" disabled={chosen.length === 0} onClick={() => openBulk('ditolak')}>
            Tolak terpilih
          </Button>
        </div>
      )}

      {list.isPending && <Loading label="Memuat usulan…" />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && rows.length === 0 && <EmptyState>Tidak ada usulan yang cocok dengan saringan ini.</EmptyState>}
      {list.isSuccess && rows.length > 0 && (
        <>
          <ScrollRegion label="Daftar usulan">
            <table className="table table-compact usulan-table">
              <thead>
                <tr>
                  {canReview && (
                    <th scope="col">
                      <span className="visually-hidden">Pilih</span>
                    </th>
                  )}
                  <th scope="col">Usulan</th>
                  <th scope="col">Pengusul</th>
                  <th scope="col">Lokasi</th>
                  <th scope="col" className="num">
                    Perkiraan biaya
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Renja</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id} data-keputusan={row.keputusan}>
                    {canReview && (
                      <td>
                        <input
                          type="checkbox"
                          checked={selected.has(row.id)}
                          disabled={!reviewable(row)}
                          onChange={() => toggle(row.id)}
                          aria-label={`Pilih ${row.uraian}`}
                        />
                      </td>
                    )}
                    <td>
                      <button type="button" className="link-button" onClick={() => setDetail(row.id)}>
                        {row.uraian}
                      </button>
                    </td>
                    <td>
                      {row.pengusul_nama}
                      <div className="muted">{PENGUSUL_LABEL[row.pengusul_jenis]}</div>
                    </td>
                    <td className="code">{row.lokasi}</td>
                    <td className="num">{formatRupiah(row.perkiraan_biaya)}</td>
                    <td>
                      <span className={`usulan-status usulan-status-${row.keputusan}`}>{KEPUTUSAN_LABEL[row.keputusan]}</span>
                      <div className="muted">{TAHAP_LABEL[row.tahap]}</div>
                      {row.alasan && <div className="muted usulan-alasan">{row.alasan}</div>}
                    </td>
                    <td>
                      <RenjaEntryLink usulan={row} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            count={list.data.count}
            onPageChange={(next) => setParams((current) => withValues(current, { page: next }))}
          />
        </>
      )}

      {bulk && (
        <BulkReviewDialog
          opened
          keputusan={bulk}
          rows={chosen}
          defaultTahap={(sampaiTahap ?? chosen[0]?.tahap ?? 'kecamatan') as Tahap}
          pending={review.isPending}
          error={review.error}
          onClose={() => setBulk(null)}
          onConfirm={({ tahap, alasan }) =>
            review.mutate(
              { ids: chosen.map((row) => row.id), tahap, keputusan: bulk, alasan },
              {
                onSuccess: () => {
                  setBulk(null);
                  setSelected(new Set());
                },
              },
            )
          }
        />
      )}
      {shown && <UsulanDetail usulan={shown} others={rows} canReview={canReview} onClose={() => setDetail(null)} />}
    </section>
  );
}

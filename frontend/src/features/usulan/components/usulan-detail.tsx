import { Button, Modal, NativeSelect, SegmentedControl, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { formatDecimal, formatRupiah } from '@/lib/format';
import {
  KEPUTUSAN_LABEL,
  PENGUSUL_LABEL,
  TAHAP_LABEL,
  useRenjaSubKegiatan,
  useReviewUsulan,
  type Tahap,
  type Usulan,
} from '../api/usulan';

type Decision = 'diterima' | 'ditolak' | 'digabung';

type UsulanDetailProps = {
  usulan: Usulan;
  /** the other proposals on screen, to merge into */
  others: readonly Usulan[];
  canReview: boolean;
  onClose: () => void;
};

/** The link to the Renja row an accepted proposal became. */
export function RenjaEntryLink({ usulan }: { usulan: Usulan }) {
  const entry = usulan.renja_entry;
  if (!entry) return null;
  return (
    <Link to={`/renja?opd=${entry.perangkat_daerah}&dokumen=${entry.renja}`} className="usulan-renja-link">
      <span className="code">{entry.kode}</span> {entry.nama}
    </Link>
  );
}

/** One proposal: what, where, by whom, its review history; accept (into a Renja row), reject with reason, merge. */
export function UsulanDetail({ usulan, others, canReview, onClose }: UsulanDetailProps) {
  const [decision, setDecision] = useState<Decision>('diterima');
  const [tahap, setTahap] = useState<Tahap>(usulan.tahap);
  const [alasan, setAlasan] = useState('');
  const [target, setTarget] = useState('');
  const [renja, setRenja] = useState('');
  const review = useReviewUsulan();
  const open = usulan.keputusan === 'diajukan' || usulan.keputusan === 'diterima';
  const subs = useRenjaSubKegiatan(
    { tahun: usulan.tahun, perangkat_daerah: usulan.perangkat_daerah },
    canReview && open && decision === 'diterima',
  );
  const errors = fieldErrors(review.error);
  const merged = others.find((row) => row.id === usulan.digabung_ke);
  return (
    <Modal opened onClose={onClose} title="Rincian usulan" size="lg">
      <dl className="usulan-facts">
        <dt>Usulan</dt>
        <dd>{usulan.uraian}</dd>
        <dt>Permasalahan</dt>
        <dd>{usulan.permasalahan}</dd>
        <dt>Pengusul</dt>
        <dd>
          {usulan.pengusul_nama} ({PENGUSUL_LABEL[usulan.pengusul_jenis]})
        </dd>
        <dt>Lokasi</dt>
        <dd className="code">{usulan.lokasi}</dd>
        <dt>Volume</dt>
        <dd>
          {formatDecimal(usulan.volume)} {usulan.satuan}
        </dd>
        <dt>Perkiraan biaya</dt>
        <dd>{formatRupiah(usulan.perkiraan_biaya)}</dd>
        <dt>Status</dt>
        <dd>
          {KEPUTUSAN_LABEL[usulan.keputusan]} · {TAHAP_LABEL[usulan.tahap]}
          {usulan.alasan && <> — {usulan.alasan}</>}
          {usulan.keputusan === 'digabung' && <> ke {merged ? merged.uraian : `usulan #${usulan.digabung_ke}`}</>}
        </dd>
        {usulan.renja_entry && (
          <>
            <dt>Menjadi Renja</dt>
            <dd>
              <RenjaEntryLink usulan={usulan} />
            </dd>
          </>
        )}
      </dl>
      {usulan.reviews.length > 0 && (
        <ol className="usulan-history" aria-label="Riwayat pembahasan">
          {usulan.reviews.map((row) => (
            <li key={row.id}>
              {TAHAP_LABEL[row.tahap]}: {KEPUTUSAN_LABEL[row.keputusan]}
              {row.alasan && <> — {row.alasan}</>}
            </li>
          ))}
        </ol>
      )}
      {canReview && open && (
        <form
          noValidate
          className="usulan-review-form"
          onSubmit={(event) => {
            event.preventDefault();
            review.mutate(
              {
                id: usulan.id,
                tahap,
                keputusan: decision,
                alasan: alasan.trim(),
                digabung_ke: decision === 'digabung' && target ? Number(target) : null,
                renja_sub_kegiatan: decision === 'diterima' && renja ? Number(renja) : null,
              },
              { onSuccess: onClose },
            );
          }}
        >
          <h3>Bahas usulan</h3>
          <SegmentedControl
            value={decision}
            onChange={(value) => setDecision(value as Decision)}
            data={[
              { value: 'diterima', label: 'Terima' },
              { value: 'ditolak', label: 'Tolak' },
              { value: 'digabung', label: 'Gabungkan' },
            ]}
            aria-label="Keputusan"
          />
          <NativeSelect
            label="Tahap"
            value={tahap}
            onChange={(event) => setTahap(event.currentTarget.value as Tahap)}
            data={Object.entries(TAHAP_LABEL).map(([value, label]) => ({ value, label }))}
            error={errors.tahap}
            mt="sm"
          />
          {decision === 'diterima' && (
            <NativeSelect
              label="Menjadi sub kegiatan Renja (boleh kosong)"
              value={renja}
              onChange={(event) => setRenja(event.currentTarget.value)}
              data={[
                { value: '', label: subs.isPending && subs.fetchStatus !== 'idle' ? 'Memuat…' : '—' },
                ...(subs.data?.results ?? []).map((row) => ({ value: String(row.id), label: `${row.kode} ${row.nama}` })),
              ]}
              error={errors.renja_sub_kegiatan}
              mt="sm"
            />
          )}
          {decision === 'digabung' && (
            <NativeSelect
              label="Gabungkan ke usulan"
              value={target}
              onChange={(event) => setTarget(event.currentTarget.value)}
              data={[
                { value: '', label: 'Pilih usulan' },
                ...others
                  .filter((row) => row.id !== usulan.id && row.tahun === usulan.tahun && row.keputusan !== 'digabung')
                  .map((row) => ({ value: String(row.id), label: `${row.pengusul_nama}: ${row.uraian}` })),
              ]}
              error={errors.digabung_ke}
              mt="sm"
            />
          )}
          {decision !== 'diterima' && (
            <Textarea
              label={decision === 'ditolak' ? 'Alasan penolakan' : 'Catatan penggabungan'}
              value={alasan}
              onChange={(event) => setAlasan(event.currentTarget.value)}
              required={decision === 'ditolak'}
              error={errors.alasan}
              autosize
              minRows={2}
              mt="sm"
            />
          )}
          {Boolean(review.error) && Object.keys(errors).length === 0 && <ErrorAlert error={review.error} />}
          <div className="inline-form-actions" style={{ marginTop: '0.75rem' }}>
            <Button type="submit" loading={review.isPending}>
              Simpan keputusan
            </Button>
            <Button variant="default" onClick={onClose}>
              Tutup
            </Button>
          </div>
        </form>
      )}
    </Modal>
  );
}

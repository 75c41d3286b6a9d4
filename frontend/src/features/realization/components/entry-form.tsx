import { Button, NativeSelect, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError } from '@/api/client';
import { ErrorAlert } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { formatDate, formatRupiah, parseDecimalInput } from '@/lib/format';
import { useLineSummary, usePostEntry, type LineSummary, type Periode } from '../api/realisasi';
import { MONTH_NAMES } from '@/lib/months';
import { JENIS_LABEL, jenisFor, monthOf, nomorLabel, yearOf, type Jenis, type Stage } from '../rules';
import { LinePicker } from './line-picker';

type Opd = { id: number; nama: string };

type EntryFormProps = {
  stage: Stage;
  periods: readonly Periode[];
  /** the OPDs a TAPD user may choose among to narrow the line search; null for an OPD user (the server scopes) */
  opdChoices: readonly Opd[] | null;
  today: string;
};

/** The month of `tanggal` when it is closed (tutup buku) for the pemda. */
function closedPeriod(periods: readonly Periode[], tanggal: string): Periode | undefined {
  const tahun = yearOf(tanggal);
  const bulan = monthOf(tanggal);
  return periods.find((p) => p.is_closed && p.tahun === tahun && p.bulan === bulan);
}

/** A 409 the server answers with a code that belongs to one field (a closed month is about the date). */
function conflictField(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 409) return {};
  const body = error.body as { detail?: string; code?: string } | null;
  return body?.code === 'period_closed' && body.detail ? { tanggal: body.detail } : {};
}

function LineFacts({ line, bulan }: { line: LineSummary; bulan: number }) {
  const summary = useLineSummary(line.id, bulan);
  // The figures are the server's (pagu, anggaran kas and realization s.d. the month, sisa); none computed here.
  const shown = summary.data ?? line;
  const month = MONTH_NAMES[bulan - 1];
  return (
    <dl className="facts line-facts" aria-label="Rincian terpilih" aria-busy={summary.isFetching}>
      <div>
        <dt>Sub kegiatan</dt>
        <dd>
          <span className="code">{shown.sub_kegiatan_kode}</span> {shown.sub_kegiatan_nama}
        </dd>
      </div>
      <div>
        <dt>Akun</dt>
        <dd>
          <span className="code">{shown.akun_kode}</span> {shown.akun_nama}
        </dd>
      </div>
      <div>
        <dt>Komponen</dt>
        <dd>{shown.komponen}</dd>
      </div>
      <div>
        <dt>Pagu DPA</dt>
        <dd className="num-left">{formatRupiah(shown.pagu)}</dd>
      </div>
      <div>
        <dt>Anggaran kas s.d. {month}</dt>
        <dd className="num-left">{formatRupiah(shown.rak_sd_bulan)}</dd>
      </div>
      <div>
        <dt>Realisasi s.d. {month}</dt>
        <dd className="num-left" data-testid="line-realisasi">
          {formatRupiah(shown.realisasi_sd_bulan)}
        </dd>
      </div>
      <div>
        <dt>Sisa pagu</dt>
        <dd className="num-left" data-testid="line-sisa">
          {formatRupiah(shown.sisa)}
        </dd>
      </div>
      {summary.isError && <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />}
    </dl>
  );
}

/** Posts one SP2D / SPJ (belanja, pengeluaran pembiayaan), STS (pendapatan, penerimaan pembiayaan) or return. */
export function EntryForm({ stage, periods, opdChoices, today }: EntryFormProps) {
  const post = usePostEntry();
  const [opd, setOpd] = useState<number | undefined>(undefined);
  const [line, setLine] = useState<LineSummary | null>(null);
  const [jenis, setJenis] = useState<Jenis>('sp2d_ls');
  const [nomor, setNomor] = useState('');
  const [tanggal, setTanggal] = useState(yearOf(today) === stage.tahun ? today : '');
  const [jumlah, setJumlah] = useState('');
  const [keterangan, setKeterangan] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const bulan = monthOf(tanggal) ?? 12;
  const closed = closedPeriod(periods, tanggal);
  const parsed = parseDecimalInput(jumlah);
  const allowed = line ? jenisFor(line.akun_kode) : (['sp2d_ls', 'spj_gu', 'spj_tu', 'penerimaan', 'pengembalian'] as Jenis[]);
  const server = { ...fieldErrors(post.error), ...conflictField(post.error) };
  const errors = { ...server, ...local };
  const shownOnField = ['budget_line', 'tanggal', 'jenis', 'nomor_dokumen', 'jumlah', 'keterangan'].some(
    (field) => server[field],
  );

  function pick(next: LineSummary) {
    setLine(next);
    const options = jenisFor(next.akun_kode);
    if (!options.includes(jenis)) setJenis(options[0]!);
    setLocal({});
    post.reset();
  }

  function submit() {
    const bad: Record<string, string> = {};
    if (!line) bad.budget_line = 'Pilih rincian DPA terlebih dahulu.';
    if (!nomor.trim()) bad.nomor_dokumen = 'Nomor dokumen wajib diisi.';
    if (!tanggal) bad.tanggal = 'Tanggal wajib diisi.';
    if (parsed === null) bad.jumlah = 'Jumlah wajib diisi.';
    if (parsed === undefined) bad.jumlah = 'Bukan angka (contoh: 1.250.000 atau 1250000,50).';
    setLocal(bad);
    if (Object.keys(bad).length || !line || !parsed) return;
    post.mutate(
      { budget_line: line.id, tanggal, jenis, nomor_dokumen: nomor.trim(), jumlah: parsed, keterangan: keterangan.trim() },
      {
        onSuccess: (entry) => {
          notifications.show({
            color: 'teal',
            message: `${JENIS_LABEL[entry.jenis]} ${entry.nomor_dokumen} sebesar ${formatRupiah(entry.jumlah)} dicatat.`,
          });
          setNomor('');
          setJumlah('');
          setKeterangan('');
        },
      },
    );
  }

  return (
    <form
      className="entry-form"
      aria-label="Catat realisasi"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <fieldset className="panel">
        <legend>Rincian DPA</legend>
        {opdChoices && (
          <NativeSelect
            label="Perangkat daerah"
            value={opd === undefined ? '' : String(opd)}
            onChange={(event) => setOpd(event.currentTarget.value ? Number(event.currentTarget.value) : undefined)}
            data={[{ value: '', label: 'Seluruh perangkat daerah' }, ...opdChoices.map((o) => ({ value: String(o.id), label: o.nama }))]}
          />
        )}
        <LinePicker anggaran={stage.id} bulan={bulan} opd={opd} onPick={pick} error={errors.budget_line} />
        {line && <LineFacts line={line} bulan={bulan} />}
      </fieldset>
      <fieldset className="panel" disabled={!line}>
        <legend>Dokumen</legend>
        <div className="form-grid">
          <NativeSelect
            label="Jenis dokumen"
            value={jenis}
            onChange={(event) => setJenis(event.currentTarget.value as Jenis)}
            data={allowed.map((value) => ({ value, label: JENIS_LABEL[value] }))}
            error={errors.jenis}
          />
          <TextInput
            label={nomorLabel(jenis)}
            value={nomor}
            onChange={(event) => setNomor(event.currentTarget.value)}
            error={errors.nomor_dokumen}
            maxLength={100}
            required
          />
          <TextInput
            label="Tanggal"
            type="date"
            value={tanggal}
            min={`${stage.tahun}-01-01`}
            max={`${stage.tahun}-12-31`}
            onChange={(event) => setTanggal(event.currentTarget.value)}
            description={tanggal ? formatDate(tanggal) : undefined}
            error={errors.tanggal}
            required
          />
          <TextInput
            label="Jumlah (Rp)"
            inputMode="decimal"
            value={jumlah}
            onChange={(event) => setJumlah(event.currentTarget.value)}
            description={
              parsed
                ? `${formatRupiah(parsed)}${jenis === 'pengembalian' ? ' (dicatat sebagai pengurang)' : ''}`
                : 'Contoh: 1.250.000 atau 1250000,50'
            }
            error={errors.jumlah}
            required
          />
        </div>
        <Textarea
          label="Uraian"
          value={keterangan}
          onChange={(event) => setKeterangan(event.currentTarget.value)}
          error={errors.keterangan}
          maxLength={500}
          autosize
          minRows={2}
        />
        {closed && (
          <p className="alert alert-warn" role="note" data-testid="closed-month">
            Periode {MONTH_NAMES[closed.bulan - 1]} {closed.tahun} sudah ditutup (tutup buku)
            {closed.alasan ? `: ${closed.alasan}` : ''}. Realisasi bertanggal bulan itu tidak dapat dicatat kecuali
            periodenya dibuka kembali oleh BPKAD.
          </p>
        )}
        {post.isError && !shownOnField && <ErrorAlert error={post.error} />}
        <div className="inline-form-actions">
          <Button type="submit" loading={post.isPending} disabled={!line || Boolean(closed)}>
            Catat realisasi
          </Button>
        </div>
      </fieldset>
    </form>
  );
}

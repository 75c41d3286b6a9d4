import { Button, Modal, NativeSelect, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { formatRupiah, parseDecimalInput } from '@/lib/format';
import { useCeilingSave, useOpdOptions, type CeilingRow, type PlafonMode, type Stage } from '../api/plafon';

type Lingkup = CeilingRow['lingkup'];

export const MODE_LABEL: Record<PlafonMode, string> = {
  refuse: 'Tolak',
  warn: 'Peringatan',
};

const MODE_HELP: Record<PlafonMode, string> = {
  refuse: 'Rincian yang membuat jumlahnya melampaui plafon ditolak.',
  warn: 'Rincian yang melampaui tetap diterima dan ditandai.',
};

const LINGKUP_LABEL: Record<Lingkup, string> = {
  perangkat_daerah: 'Seluruh perangkat daerah',
  program: 'Satu program',
  sub_kegiatan: 'Satu sub kegiatan',
};

/** The fields the form shows; a 400 on any other (or none) is shown above the buttons. */
const FIELDS = ['perangkat_daerah', 'program_kode', 'sub_kegiatan_kode', 'jumlah', 'mode'] as const;

type Props = {
  stage: Stage;
  /** the ceiling changed; none: a new one */
  row?: CeilingRow;
  /** an OPD user's own OPD, or the OPD picked on the screen */
  opd?: number;
  onClose: () => void;
};

/** Add a ceiling to the stage, or change the amount and mode of one; the server's field errors show at the field. */
export function CeilingDialog({ stage, row, opd: presetOpd, onClose }: Props) {
  const save = useCeilingSave();
  const opdOptions = useOpdOptions(!row);
  const [opd, setOpd] = useState<string>(row ? String(row.perangkat_daerah) : presetOpd ? String(presetOpd) : '');
  const [lingkup, setLingkup] = useState<Lingkup>(row?.lingkup ?? 'perangkat_daerah');
  const [kode, setKode] = useState('');
  const [jumlah, setJumlah] = useState(row ? row.jumlah.replace('.', ',') : '');
  const [mode, setMode] = useState<PlafonMode>(row?.mode ?? 'refuse');
  const [local, setLocal] = useState<Record<string, string>>({});
  const parsed = parseDecimalInput(jumlah);
  const server = fieldErrors(save.error);
  const errors = { ...server, ...local };
  const otherError = save.isError && !FIELDS.some((name) => server[name]);

  function submit() {
    const missing: Record<string, string> = {};
    if (!row && !opd) missing.perangkat_daerah = 'Pilih perangkat daerah.';
    if (!row && lingkup !== 'perangkat_daerah' && !kode.trim()) {
      missing[lingkup === 'program' ? 'program_kode' : 'sub_kegiatan_kode'] = 'Isi kodenya.';
    }
    if (parsed === null) missing.jumlah = 'Isi jumlah plafon.';
    else if (parsed === undefined) missing.jumlah = 'Bukan angka. Contoh: 1.250.000.000 atau 1250000000,50';
    setLocal(missing);
    if (Object.keys(missing).length > 0 || !parsed) return;
    const done = {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: row ? 'Plafon diubah.' : 'Plafon ditambahkan.' });
        onClose();
      },
    };
    if (row) {
      save.mutate({ row, jumlah: parsed, mode }, done);
      return;
    }
    save.mutate(
      {
        body: {
          anggaran: stage.id,
          perangkat_daerah: Number(opd),
          program_kode: lingkup === 'program' ? kode.trim() : '',
          sub_kegiatan_kode: lingkup === 'sub_kegiatan' ? kode.trim() : '',
          jumlah: parsed,
          mode,
        },
      },
      done,
    );
  }

  const scopeText = row
    ? [
        row.perangkat_daerah_nama,
        row.program_kode && `program ${row.program_kode}`,
        row.sub_kegiatan_kode && `sub kegiatan ${row.sub_kegiatan_kode}`,
      ]
        .filter(Boolean)
        .join(' · ')
    : '';

  return (
    <Modal opened onClose={onClose} title={row ? 'Ubah plafon' : `Tambah plafon ${stage.tahap_label}`}>
      <form
        noValidate
        aria-label={row ? 'Ubah plafon' : 'Tambah plafon'}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {row ? (
          <p className="muted">{scopeText}</p>
        ) : (
          <>
            <NativeSelect
                label="Perangkat daerah"
                value={opd}
                onChange={(event) => setOpd(event.currentTarget.value)}
                data={[
                  { value: '', label: '— pilih perangkat daerah —' },
                  ...(opdOptions.data?.results ?? [])
                    .filter((entry) => !entry.induk)
                    .map((entry) => ({ value: String(entry.id), label: entry.nama })),
                ]}
                error={errors.perangkat_daerah}
                required
              />
            <NativeSelect
              label="Lingkup"
              value={lingkup}
              onChange={(event) => setLingkup(event.currentTarget.value as Lingkup)}
              data={(Object.keys(LINGKUP_LABEL) as Lingkup[]).map((value) => ({ value, label: LINGKUP_LABEL[value] }))}
              mt="sm"
            />
            {lingkup === 'program' && (
              <TextInput
                label="Kode program"
                placeholder="X.XX.XX"
                value={kode}
                onChange={(event) => setKode(event.currentTarget.value)}
                error={errors.program_kode}
                required
                mt="sm"
              />
            )}
            {lingkup === 'sub_kegiatan' && (
              <TextInput
                label="Kode sub kegiatan"
                placeholder="X.XX.XX.K.XX.XXXX"
                value={kode}
                onChange={(event) => setKode(event.currentTarget.value)}
                error={errors.sub_kegiatan_kode}
                required
                mt="sm"
              />
            )}
          </>
        )}
        <TextInput
          label="Jumlah plafon (Rp)"
          inputMode="decimal"
          value={jumlah}
          onChange={(event) => setJumlah(event.currentTarget.value)}
          description={parsed ? formatRupiah(parsed) : 'Contoh: 1.250.000.000 atau 1250000000,50'}
          error={errors.jumlah}
          required
          data-autofocus
          mt="sm"
        />
        <NativeSelect
          label="Bila rincian melampaui"
          value={mode}
          onChange={(event) => setMode(event.currentTarget.value as PlafonMode)}
          data={(Object.keys(MODE_LABEL) as PlafonMode[]).map((value) => ({ value, label: `${MODE_LABEL[value]}: ${MODE_HELP[value]}` }))}
          error={errors.mode}
          mt="sm"
        />
        {otherError && <ErrorAlert error={save.error} />}
        <div className="dialog-actions">
          <Button variant="default" onClick={onClose}>
            Batal
          </Button>
          <Button type="submit" loading={save.isPending}>
            Simpan
          </Button>
        </div>
      </form>
    </Modal>
  );
}

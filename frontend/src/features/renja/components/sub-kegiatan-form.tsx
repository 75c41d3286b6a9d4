import { Button, Checkbox, NativeSelect, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { formatDecimal, formatRupiah, parseDecimalInput } from '@/lib/format';
import { useSubKegiatanUpdate, useSumberDana, type RenjaSubKegiatan, type SubKegiatanBody } from '../api/renja';
import { MONTH_NAMES as BULAN } from '@/lib/months';

const PRIORITY = [
  ['prioritas_nasional', 'Prioritas nasional'],
  ['prioritas_provinsi', 'Prioritas provinsi'],
  ['prioritas_daerah', 'Prioritas daerah'],
  ['spm', 'SPM (Standar Pelayanan Minimal)'],
] as const;

type Priority = (typeof PRIORITY)[number][0];

const MONTHS = BULAN.map((nama, index) => ({ value: String(index + 1), label: nama }));

function draftOf(sub: RenjaSubKegiatan) {
  return {
    pagu: sub.pagu_indikatif ? formatDecimal(sub.pagu_indikatif) : '',
    sumber_dana: sub.sumber_dana ? String(sub.sumber_dana) : '',
    bulan_mulai: String(sub.bulan_mulai ?? 1),
    bulan_selesai: String(sub.bulan_selesai ?? 12),
    lokasi: (sub.lokasi ?? []).join(', '),
    lokasi_uraian: sub.lokasi_uraian ?? '',
    prioritas_nasional: sub.prioritas_nasional ?? false,
    prioritas_provinsi: sub.prioritas_provinsi ?? false,
    prioritas_daerah: sub.prioritas_daerah ?? false,
    spm: sub.spm ?? false,
  };
}

type SubKegiatanFormProps = { sub: RenjaSubKegiatan; tahun: number; editable: boolean };

/**
 * Pagu indikatif, sumber dana, months, location (wilayah codes and the free text) and priority labels of one sub
 * kegiatan; the API's 400 shows under the field it names.
 */
export function SubKegiatanForm({ sub, tahun, editable }: SubKegiatanFormProps) {
  const update = useSubKegiatanUpdate();
  const dana = useSumberDana(tahun);
  const [draft, setDraft] = useState(() => draftOf(sub));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(update.error), ...localErrors };
  const known = new Set(['pagu_indikatif', 'sumber_dana', 'bulan_mulai', 'bulan_selesai', 'lokasi', 'lokasi_uraian']);
  const otherError = update.isError && !Object.keys(errors).some((field) => known.has(field));

  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) =>
    setDraft((previous) => ({ ...previous, [key]: value }));

  function submit() {
    const pagu = parseDecimalInput(draft.pagu);
    if (pagu === undefined) {
      setLocalErrors({ pagu_indikatif: 'Bukan angka: tulis misalnya 250.000.000 atau 1.500.000,50.' });
      return;
    }
    setLocalErrors({});
    const body: SubKegiatanBody = {
      pagu_indikatif: pagu ?? '0',
      sumber_dana: draft.sumber_dana ? Number(draft.sumber_dana) : null,
      bulan_mulai: Number(draft.bulan_mulai),
      bulan_selesai: Number(draft.bulan_selesai),
      lokasi: draft.lokasi
        .split(/[,;\s]+/)
        .map((code) => code.trim())
        .filter(Boolean),
      lokasi_uraian: draft.lokasi_uraian.trim(),
      prioritas_nasional: draft.prioritas_nasional,
      prioritas_provinsi: draft.prioritas_provinsi,
      prioritas_daerah: draft.prioritas_daerah,
      spm: draft.spm,
      version: sub.version,
    };
    // the promise, not mutate's onSuccess: the refetch remounts this form (its key is the row's version) first
    update
      .mutateAsync({ id: sub.id, body })
      .then(() => notifications.show({ color: 'teal', message: `Sub kegiatan ${sub.kode} disimpan.` }))
      .catch(() => undefined); // shown from the mutation's state
  }

  const danaOptions = [
    { value: '', label: '– belum dipilih –' },
    ...(dana.data?.results ?? []).map((row) => ({ value: String(row.id), label: `${row.kode} ${row.nama}` })),
  ];

  return (
    <form
      className="sub-form"
      aria-label={`Rincian sub kegiatan ${sub.kode}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <fieldset disabled={!editable} className="sub-form-fields">
        <TextInput
          label="Pagu indikatif (Rp)"
          description={draft.pagu ? formatRupiah(parseDecimalInput(draft.pagu) ?? null) : undefined}
          inputMode="decimal"
          value={draft.pagu}
          onChange={(event) => set('pagu', event.currentTarget.value)}
          error={errors.pagu_indikatif}
        />
        <NativeSelect
          label="Sumber dana"
          data={danaOptions}
          value={draft.sumber_dana}
          onChange={(event) => set('sumber_dana', event.currentTarget.value)}
          error={errors.sumber_dana}
        />
        <div className="sub-form-row">
          <NativeSelect
            label="Mulai"
            data={MONTHS}
            value={draft.bulan_mulai}
            onChange={(event) => set('bulan_mulai', event.currentTarget.value)}
            error={errors.bulan_mulai}
          />
          <NativeSelect
            label="Selesai"
            data={MONTHS}
            value={draft.bulan_selesai}
            onChange={(event) => set('bulan_selesai', event.currentTarget.value)}
            error={errors.bulan_selesai}
          />
        </div>
        <TextInput
          label="Lokasi: kode wilayah"
          description="Kode Kemendagri dipisah koma, mis. 33.01.05 (kecamatan) atau 33.01.05.2001 (desa)."
          value={draft.lokasi}
          onChange={(event) => set('lokasi', event.currentTarget.value)}
          error={errors.lokasi}
        />
        <Textarea
          label="Lokasi: uraian"
          description="Bila lokasi tidak dapat ditulis sebagai kode wilayah (mis. seluruh puskesmas)."
          value={draft.lokasi_uraian}
          onChange={(event) => set('lokasi_uraian', event.currentTarget.value)}
          error={errors.lokasi_uraian}
          autosize
          minRows={1}
        />
        <div className="sub-form-checks" role="group" aria-label="Label prioritas">
          {PRIORITY.map(([key, label]) => (
            <Checkbox
              key={key}
              label={label}
              checked={draft[key as Priority]}
              onChange={(event) => set(key as Priority, event.currentTarget.checked)}
            />
          ))}
        </div>
      </fieldset>
      {otherError && <ErrorAlert error={update.error} />}
      {editable && (
        <div className="doc-bar no-print">
          <Button type="submit" loading={update.isPending}>
            Simpan sub kegiatan
          </Button>
        </div>
      )}
    </form>
  );
}

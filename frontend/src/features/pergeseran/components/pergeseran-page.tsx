import { Button, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, type Schemas } from '@/api/client';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { formatDateTime } from '@/lib/format';
import { usePageTitle } from '@/lib/page-title';
import { usePeriod } from '@/lib/period';
import { stageName } from '@/lib/stages';
import { can } from '@/lib/permissions';
import {
  useCreatePergeseran,
  useOpdList,
  usePergeseranList,
  usePergeseranStep,
  useSaveItems,
  useLines,
  useStages,
  type Pergeseran,
  type Stage,
} from '../api/pergeseran';
import { draftOf, ItemsTable, LinePicker, NewLineForm, payload, type Draft } from './item-editor';

const STATUS = {
  draft: { label: 'Draf', badge: 'badge-info' },
  approved: { label: 'Disetujui', badge: 'badge-ok' },
  applied: { label: 'Diterapkan', badge: 'badge-muted' },
} as const;

const LINGKUP = { sub_kegiatan: 'dalam satu sub kegiatan', opd: 'antar sub kegiatan satu OPD', antar_opd: 'antar OPD' } as const;

/** The errors of each item of a refused save (DRF: `items: [{}, {volume_1: [...]}]`), and the rest. */
export function itemErrors(error: unknown): { items: Record<string, string>[]; other: Record<string, string> } {
  if (!(error instanceof ApiError) || error.status !== 400 || typeof error.body !== 'object' || error.body === null) {
    return { items: [], other: {} };
  }
  const { items, ...rest } = error.body as { items?: unknown };
  const perItem = Array.isArray(items) ? items.map((entry) => fieldErrors(new ApiError(400, entry))) : [];
  const other = fieldErrors(new ApiError(400, Array.isArray(items) ? rest : error.body));
  return { items: perItem, other };
}

function NewPergeseran({ stages, me, tahun, onCreated }: { stages: readonly Stage[]; me: Schemas['Me']; tahun: number; onCreated: (id: number) => void }) {
  const create = useCreatePergeseran();
  // a shift starts from an open execution stage: the DPA or a later one
  const sources = stages.filter((stage) => stage.status === 'open' && ['dpa', 'pergeseran', 'apbd_p'].includes(stage.tahap));
  const [anggaran, setAnggaran] = useState<number | undefined>(sources.at(-1)?.id);
  const [jenis, setJenis] = useState<Schemas['PergeseranJenisEnum']>('pergeseran');
  const [uraian, setUraian] = useState('');
  const [items, setItems] = useState<Draft[]>([]);
  const errors = itemErrors(create.error);
  if (sources.length === 0 || anggaran === undefined) return <EmptyState>Tidak ada DPA terbuka untuk digeser.</EmptyState>;
  return (
    <section className="panel report-section" aria-labelledby="new-pergeseran">
      <h2 id="new-pergeseran">Pergeseran baru</h2>
      <div className="toolbar">
        <label className="field">
          <span>Dari tahap</span>
          <select
            value={anggaran}
            onChange={(event) => {
              setAnggaran(Number(event.target.value));
              setItems([]);
            }}
          >
            {sources.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stageName(stage)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Jenis</span>
          <select value={jenis} onChange={(event) => setJenis(event.target.value as Schemas['PergeseranJenisEnum'])}>
            <option value="pergeseran">Pergeseran (jumlah tetap)</option>
            <option value="apbd_p">Perubahan APBD</option>
          </select>
        </label>
      </div>
      <Textarea label="Alasan pergeseran" value={uraian} onChange={(event) => setUraian(event.currentTarget.value)} error={errors.other.uraian} />
      {items.length > 0 && <ItemsTable items={items} errors={errors.items} editable onChange={setItems} />}
      <ItemsEditor anggaran={anggaran} me={me} tahun={tahun} items={items} onChange={setItems} />
      {Object.entries(errors.other)
        .filter(([field]) => field !== 'uraian')
        .map(([field, message]) => (
          <p key={field} className="alert alert-error" role="alert">
            {message}
          </p>
        ))}
      {create.isError && !errors.items.length && !Object.keys(errors.other).length && <ErrorAlert error={create.error} />}
      <Button
        mt="sm"
        loading={create.isPending}
        disabled={items.length === 0}
        onClick={() =>
          create.mutate(
            { anggaran, jenis, uraian, items: items.map(payload) },
            {
              onSuccess: (created) => {
                notifications.show({ color: 'teal', message: `Draf pergeseran #${created.id} dibuat.` });
                setUraian('');
                setItems([]);
                onCreated(created.id);
              },
            },
          )
        }
      >
        Buat draf
      </Button>
    </section>
  );
}

type EditorProps = {
  anggaran: number;
  me: Schemas['Me'];
  tahun: number;
  initialOpd?: number | null;
  items: readonly Draft[];
  onChange: (items: Draft[]) => void;
};

/** Add to a shift: an existing line found by its komponen, or a new line under one of the OPD's sub kegiatan. */
function ItemsEditor({ anggaran, me, tahun, initialOpd, items, onChange }: EditorProps) {
  const opdScoped = Boolean(me.perangkat_daerah);
  const opdList = useOpdList(!opdScoped);
  const [opd, setOpd] = useState<number | undefined>(me.perangkat_daerah?.id ?? initialOpd ?? undefined);
  const change = onChange;
  return (
        <div className="split-form">
          {!opdScoped && (
            <label className="field">
              <span>Perangkat daerah</span>
              <select value={opd ?? ''} onChange={(event) => setOpd(event.target.value ? Number(event.target.value) : undefined)}>
                <option value="">Semua</option>
                {(opdList.data?.results ?? []).map((row) => (
                  <option key={row.id} value={row.id}>
                    {row.nama}
                  </option>
                ))}
              </select>
            </label>
          )}
          <LinePicker
            anggaran={anggaran}
            opd={opd}
            onPick={(line) =>
              change([
                ...items,
                { budget_line: line.id, volume_1: line.volume_1 ?? null, harga_satuan: line.harga_satuan ?? null, line },
              ])
            }
          />
          {opd && <NewLineForm anggaran={anggaran} opd={opd} tahun={tahun} onAdd={(item) => change([...items, item])} />}
        </div>
  );
}

function Detail({ pergeseran, stages, me, tahun }: { pergeseran: Pergeseran; stages: readonly Stage[]; me: Schemas['Me']; tahun: number }) {
  const save = useSaveItems();
  const step = usePergeseranStep();
  const [items, setItems] = useState<Draft[]>(() => pergeseran.items);
  const known = useLines(items.flatMap((item) => (item.budget_line && !item.line ? [item.budget_line] : [])));
  const shown = items.map((item) => (item.line ? item : draftOf(item, known)));
  const [dirty, setDirty] = useState(false);
  const draft = pergeseran.status === 'draft';
  const editable = draft && can(me, 'pergeseran', 'w');
  const errors = itemErrors(save.error);
  const source = stages.find((stage) => stage.id === pergeseran.anggaran);
  const result = stages.find((stage) => stage.id === pergeseran.hasil);
  const maker = pergeseran.created_by === me.id || pergeseran.updated_by === me.id;
  const change = (next: Draft[]) => {
    setItems(next);
    setDirty(true);
  };
  // the promise, not mutate's onSuccess: the refetch it causes remounts this panel (its key has the status),
  // which drops mutate's callbacks
  const run = (name: 'approve' | 'apply') =>
    step
      .mutateAsync({ id: pergeseran.id, step: name })
      .then(() => notifications.show({ color: 'teal', message: name === 'approve' ? 'Pergeseran disetujui.' : 'Pergeseran diterapkan.' }))
      .catch(() => undefined); // shown by step.error

  return (
    <section className="panel report-section" aria-labelledby="pergeseran-detail">
      <h2 id="pergeseran-detail">
        Pergeseran #{pergeseran.id} · {stageName(source)}{' '}
        <span className={`badge ${STATUS[pergeseran.status].badge}`}>{STATUS[pergeseran.status].label}</span>
      </h2>
      <p>{pergeseran.uraian}</p>
      <p className="muted">
        {pergeseran.jenis === 'apbd_p' ? 'Perubahan APBD' : 'Pergeseran: jumlah seluruh rincian tetap'} · lingkup{' '}
        {LINGKUP[pergeseran.lingkup]}
        {pergeseran.approved_at && ` · disetujui ${formatDateTime(pergeseran.approved_at)}`}
      </p>
      <ItemsTable items={shown} errors={errors.items} editable={editable} onChange={change} />
      {editable && (
        <ItemsEditor anggaran={pergeseran.anggaran} me={me} tahun={tahun} initialOpd={pergeseran.perangkat_daerah} items={shown} onChange={change} />
      )}
      {Object.entries(errors.other).map(([field, message]) => (
        <p key={field} className="alert alert-error" role="alert">
          {message}
        </p>
      ))}
      {save.isError && !errors.items.length && !Object.keys(errors.other).length && <ErrorAlert error={save.error} />}
      {step.isError && <ErrorAlert error={step.error} />}
      <div className="dialog-actions">
        {editable && (
          <Button
            loading={save.isPending}
            disabled={!dirty}
            onClick={() =>
              save.mutate(
                { id: pergeseran.id, items: shown.map(payload), version: pergeseran.version },
                {
                  onSuccess: (saved) => {
                    const names = new Map(shown.flatMap((item) => (item.budget_line && item.line ? [[item.budget_line, item.line] as const] : [])));
                    setItems(saved.items.map((item) => (item.budget_line && names.has(item.budget_line) ? { ...item, line: names.get(item.budget_line) } : item)));
                    setDirty(false);
                    notifications.show({ color: 'teal', message: 'Rincian pergeseran disimpan.' });
                  },
                },
              )
            }
          >
            Simpan rincian
          </Button>
        )}
        {draft && (can(me, 'pergeseran', 'a') || can(me, 'pergeseran', 'w')) && (
          <Button
            variant="default"
            disabled={maker || dirty || items.length === 0}
            title={maker ? 'Pembuat atau pengubah terakhir draf tidak boleh menyetujuinya (maker-checker).' : undefined}
            loading={step.isPending && step.variables?.step === 'approve'}
            onClick={() => run('approve')}
          >
            Setujui
          </Button>
        )}
        {pergeseran.status === 'approved' && can(me, 'pergeseran', 'a') && (
          <Button loading={step.isPending && step.variables?.step === 'apply'} onClick={() => run('apply')}>
            Terapkan
          </Button>
        )}
      </div>
      {pergeseran.status === 'approved' && source?.status === 'open' && (
        <p className="muted">
          Penerapan menyalin {stageName(source)} ke tahap baru: kunci dulu {stageName(source)} di{' '}
          <Link to="/tahapan">Tahapan Anggaran</Link>.
        </p>
      )}
      {draft && maker && <p className="muted">Pembuat atau pengubah terakhir draf tidak boleh menyetujuinya: minta rekan lain.</p>}
      {result && (
        <p>
          Hasil: <strong>{stageName(result)}</strong> ·{' '}
          <Link to={`/laporan/perbandingan?tahun=${tahun}&tahap=${result.id}&dengan=${pergeseran.anggaran}&grain=line`}>
            Lihat sebelum / sesudah (DPPA)
          </Link>
        </p>
      )}
    </section>
  );
}

/**
 * Pergeseran / APBD-P: draft a shift on the open DPA (lines up, down or new; the server computes each change),
 * approve it as a second person, apply it into the next stage, and read the DPPA sebelum / sesudah.
 */
export function PergeseranPage({ me }: { me: Schemas['Me'] | null | undefined }) {
  const { tahun } = usePeriod();
  usePageTitle(`Pergeseran Anggaran ${tahun}`);
  const stages = useStages(tahun);
  const list = usePergeseranList();
  const [selected, setSelected] = useState<number | null>(null);
  const yearStages = stages.data?.results ?? [];
  const ids = new Set(yearStages.map((stage) => stage.id));
  const rows = (list.data?.results ?? []).filter((row) => ids.has(row.anggaran));
  const current = rows.find((row) => row.id === selected);
  if (!me) return <Loading />;
  return (
    <section className="page page-wide" aria-labelledby="pergeseran-title">
      <div className="page-header">
        <h1 id="pergeseran-title">Pergeseran Anggaran {tahun}</h1>
      </div>
      {(stages.isPending || list.isPending) && <Loading />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && rows.length === 0 && <EmptyState>Belum ada pergeseran pada tahun {tahun}.</EmptyState>}
      {rows.length > 0 && (
        <table className="table table-compact">
          <caption className="visually-hidden">Daftar pergeseran</caption>
          <thead>
            <tr>
              <th scope="col">Nomor</th>
              <th scope="col">Alasan</th>
              <th scope="col">Dari tahap</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Rincian
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className={row.id === selected ? 'row-selected' : undefined}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => setSelected(row.id)}>
                    #{row.id}
                  </button>
                </th>
                <td>{row.uraian}</td>
                <td>{stageName(yearStages.find((stage) => stage.id === row.anggaran))}</td>
                <td>
                  <span className={`badge ${STATUS[row.status].badge}`}>{STATUS[row.status].label}</span>
                </td>
                <td className="num">{row.items.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current && <Detail key={`${current.id}-${current.status}`} pergeseran={current} stages={yearStages} me={me} tahun={tahun} />}
      {can(me, 'pergeseran', 'w') && stages.data && <NewPergeseran stages={yearStages} me={me} tahun={tahun} onCreated={setSelected} />}
    </section>
  );
}

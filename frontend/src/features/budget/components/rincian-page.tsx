import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { ApiError, type Schemas } from '@/api/client';
import { EditableGrid } from '@/components/ui/editable-grid';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { errorMessage } from '@/lib/error-message';
import { formatDecimal, formatRupiah } from '@/lib/format';
import { can } from '@/lib/permissions';
import {
  EXECUTION_TAHAP,
  useAkunNames,
  useAnomalies,
  useBudgetLines,
  useInvalidateLineFigures,
  useInvalidateLines,
  useLineDelete,
  useLineSave,
  usePlafon,
  useSumberDana,
  type AnomalyRow,
  type BudgetLine,
  type Stage,
} from '../api/budget';
import { blankRow, errorsToCells, headingOf, lineColumns, rowChanged, toBody, toRow, type LineRow } from '../line-rows';
import { RincianImport } from './rincian-import';
import { ScopePicker, stageLabel, useScope, type Scope } from './scope-picker';
import { SshDialog, type PickedItem } from './ssh-dialog';

export const STALE_MESSAGE = 'Data sudah diubah orang lain, muat ulang.';

/** Why the stage's lines of this OPD cannot be edited here, or null when they can. */
export function lockReason(stage: Stage, opd: number | undefined, canWrite: boolean): string | null {
  if (stage.status === 'closed') return `Tahap ${stage.tahap_label} sudah dikunci; rinciannya tidak dapat diubah.`;
  if (opd !== undefined && stage.opd_locks.some((lock) => lock.perangkat_daerah === opd && lock.is_closed)) {
    return `Perangkat daerah ini sudah dikunci pada tahap ${stage.tahap_label}; rinciannya tidak dapat diubah.`;
  }
  if (EXECUTION_TAHAP.has(stage.tahap)) {
    return `${stage.tahap_label} adalah dokumen pelaksanaan; rinciannya diubah melalui pergeseran / APBD-P.`;
  }
  if (!canWrite) return 'Peran Anda hanya dapat melihat rincian belanja.';
  return null;
}

/** Rincian belanja per sub kegiatan: the lines in a spreadsheet-like grid, the ceilings, the anomaly flags. */
export function RincianPage({ me }: { me: Schemas['Me'] | null | undefined }) {
  const scope = useScope(me);
  return (
    <section className="page page-wide">
      <h1>Rincian Belanja</h1>
      <p className="muted">
        Rincian per sub kegiatan: komponen, koefisien (volume × satuan) dan harga satuan. Jumlah dihitung oleh server
        saat disimpan.
      </p>
      {scope.loading ? (
        <Loading />
      ) : scope.error ? (
        <ErrorAlert error={scope.error} />
      ) : scope.stages.length === 0 ? (
        <EmptyState>Belum ada dokumen anggaran tahun {scope.tahun}.</EmptyState>
      ) : (
        <>
          <ScopePicker scope={scope} />
          {scope.opd === undefined ? (
            <EmptyState>Pilih perangkat daerah.</EmptyState>
          ) : !scope.subKegiatan || !scope.stage ? (
            <EmptyState>Pilih sub kegiatan untuk membuka rinciannya.</EmptyState>
          ) : (
            <SubKegiatanRincian
              key={`${scope.stage.id}-${scope.opd}-${scope.subKegiatan.kode}`}
              scope={scope}
              stage={scope.stage}
              opd={scope.opd}
              subKegiatan={scope.subKegiatan}
              canWrite={can(me, 'budget-line', 'w')}
            />
          )}
        </>
      )}
    </section>
  );
}

type SubProps = {
  scope: Scope;
  stage: Stage;
  opd: number;
  subKegiatan: NonNullable<Scope['subKegiatan']>;
  canWrite: boolean;
};

function SubKegiatanRincian({ scope, stage, opd, subKegiatan, canWrite }: SubProps) {
  const lines = useBudgetLines({ anggaran: stage.id, opd, subKegiatan: subKegiatan.kode });
  const anomalies = useAnomalies(stage.id, opd);
  const reason = lockReason(stage, opd, canWrite);
  const [importing, setImporting] = useState(false);
  const reportHref = `/api/reports/rincian/?${new URLSearchParams({
    tahap: String(stage.id),
    sub_kegiatan: subKegiatan.kode,
    perangkat_daerah: String(opd),
    format: 'xlsx',
  }).toString()}`;
  return (
    <>
      <h2 className="rincian-title">
        {subKegiatan.kode} {subKegiatan.nama}
      </h2>
      <p className="muted">
        {scope.opdName} · {stageLabel(stage)} ·{' '}
        <a href={reportHref} download>
          Unduh rincian {stage.tahap_label} (xlsx)
        </a>
      </p>
      {reason === null && (
        <div className="doc-bar no-print">
          <Button variant="default" aria-expanded={importing} onClick={() => setImporting(!importing)}>
            {importing ? 'Tutup impor rincian' : 'Impor rincian'}
          </Button>
        </div>
      )}
      {reason === null && importing && (
        <RincianImport anggaran={stage.id} opd={opd} subKegiatan={subKegiatan} />
      )}
      {reason && (
        <div className="alert alert-info" role="status">
          Hanya baca: {reason}
        </div>
      )}
      <PlafonPanel stage={stage} opd={opd} subKegiatan={subKegiatan.kode} />
      {lines.isPending ? (
        <Loading label="Memuat rincian…" />
      ) : lines.isError ? (
        <ErrorAlert error={lines.error} onRetry={() => void lines.refetch()} />
      ) : (
        <LineGrid
          key={lines.dataUpdatedAt}
          lines={lines.data.results}
          stage={stage}
          opd={opd}
          subKegiatan={subKegiatan}
          tahun={scope.tahun}
          readOnly={reason !== null}
          anomalies={anomalies.byLine}
        />
      )}
    </>
  );
}

function PlafonPanel({ stage, opd, subKegiatan }: { stage: Stage; opd: number; subKegiatan: string }) {
  const plafon = usePlafon(stage.id, opd);
  if (plafon.isPending) return <Loading label="Memuat plafon…" />;
  if (plafon.isError) return <ErrorAlert error={plafon.error} />;
  const program = subKegiatan.split('.').slice(0, 3).join('.');
  const rows = plafon.data.results.filter(
    (row) =>
      (!row.sub_kegiatan_kode && !row.program_kode) ||
      row.sub_kegiatan_kode === subKegiatan ||
      (!row.sub_kegiatan_kode && row.program_kode === program),
  );
  if (rows.length === 0) return <p className="muted">Tidak ada plafon untuk sub kegiatan ini pada tahap ini.</p>;
  return (
    <table className="plafon-table" aria-label="Plafon">
      <caption>Plafon {stage.tahap_label}</caption>
      <thead>
        <tr>
          <th scope="col">Lingkup</th>
          <th scope="col">Plafon</th>
          <th scope="col">Terpakai</th>
          <th scope="col">Sisa</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const over = row.sisa.startsWith('-');
          return (
            <tr key={row.id} className={over ? 'is-over' : undefined}>
              <th scope="row">
                {row.sub_kegiatan_kode
                  ? `Sub kegiatan ${row.sub_kegiatan_kode}`
                  : row.program_kode
                    ? `Program ${row.program_kode}`
                    : 'Perangkat daerah'}
                {row.mode === 'warn' && <span className="muted"> (tandai bila lebih)</span>}
              </th>
              <td className="cell-number">{formatRupiah(row.jumlah)}</td>
              <td className="cell-number">{formatRupiah(row.terpakai)}</td>
              <td className="cell-number">
                {formatRupiah(row.sisa)}
                {over && <span className="badge badge-danger"> melampaui</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

type GridProps = {
  lines: BudgetLine[];
  stage: Stage;
  opd: number;
  subKegiatan: NonNullable<Scope['subKegiatan']>;
  tahun: number;
  readOnly: boolean;
  anomalies: ReadonlyMap<number, AnomalyRow>;
};

type Entry = { row: LineRow; saved?: BudgetLine };

function LineGrid({ lines, stage, opd, subKegiatan, tahun, readOnly, anomalies }: GridProps) {
  const save = useLineSave();
  const remove = useLineDelete();
  const invalidate = useInvalidateLines();
  const invalidateFigures = useInvalidateLineFigures();
  const sumberDana = useSumberDana(tahun);
  const [entries, setEntries] = useState<Entry[]>(() => lines.map((line) => ({ row: toRow(line), saved: line })));
  const [errors, setErrors] = useState<Record<number, Record<string, string>>>({});
  const [saving, setSaving] = useState(false);
  const [searching, setSearching] = useState(false);
  const [extraAkun, setExtraAkun] = useState<Map<string, string>>(new Map());

  const akunIds = entries.map((e) => Number(e.row.akun)).filter((id) => id > 0);
  const akunNames = useAkunNames(akunIds);
  const akunOptions = useMemo(() => {
    const options = new Map<string, string>(extraAkun);
    for (const entry of entries) {
      if (!entry.row.akun) continue;
      const name = akunNames.get(Number(entry.row.akun));
      const kode = entry.saved && String(entry.saved.akun) === entry.row.akun ? entry.saved.akun_kode : name?.kode;
      if (!options.has(entry.row.akun) || name) {
        options.set(entry.row.akun, [kode ?? `#${entry.row.akun}`, name?.nama].filter(Boolean).join(' '));
      }
    }
    return [...options].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  }, [entries, akunNames, extraAkun]);
  const sumberOptions = (sumberDana.data?.results ?? []).map((row) => ({
    value: String(row.id),
    label: `${row.kode} ${row.nama}`,
  }));
  const columns = lineColumns(akunOptions, sumberOptions);
  const rows = entries.map((e) => e.row);
  const changed = entries.filter((e) => rowChanged(e.row, e.saved ? toRow(e.saved) : undefined));

  const defaults = (): Partial<LineRow> => ({
    sumber_dana: String(subKegiatan.sumber_dana ?? entries.find((e) => e.row.sumber_dana)?.row.sumber_dana ?? ''),
  });

  function setRows(next: LineRow[]) {
    setEntries(next.map((row, index) => ({ row, saved: entries[index]?.saved })));
  }

  function addPicked({ item, akun, volume }: PickedItem) {
    setExtraAkun(new Map(extraAkun).set(String(akun.id), `${akun.kode} ${akun.nama}`));
    setEntries([
      ...entries,
      {
        row: blankRow({
          ...defaults(),
          standar_harga: String(item.id),
          komponen: item.spesifikasi ? `${item.uraian} ${item.spesifikasi}` : item.uraian,
          akun: String(akun.id),
          volume_1: volume,
          satuan_1: item.satuan,
          harga_satuan: formatDecimal(item.harga),
        }),
      },
    ]);
  }

  async function saveAll() {
    setSaving(true);
    const nextErrors: Record<number, Record<string, string>> = {};
    const next = [...entries];
    let saved = 0;
    for (const [index, entry] of entries.entries()) {
      if (!rowChanged(entry.row, entry.saved ? toRow(entry.saved) : undefined)) continue;
      const prepared = toBody(entry.row, { anggaran: stage.id, perangkat_daerah: opd, sub_kegiatan: subKegiatan.nomenklatur });
      if ('errors' in prepared) {
        nextErrors[index] = prepared.errors;
        continue;
      }
      try {
        const line = await save.mutateAsync({ id: entry.saved?.id, body: prepared.body });
        next[index] = { row: toRow(line), saved: line };
        saved += 1;
      } catch (error) {
        const fields = fieldErrors(error);
        if (error instanceof ApiError && (error.status === 412 || (error.status === 409 && isStale(error)))) {
          nextErrors[index] = { jumlah: STALE_MESSAGE };
        } else if (Object.keys(fields).length) {
          nextErrors[index] = errorsToCells(fields);
        } else {
          nextErrors[index] = { jumlah: errorMessage(error) };
        }
      }
    }
    setSaving(false);
    setEntries(next);
    setErrors(nextErrors);
    if (saved) {
      notifications.show({ color: 'teal', message: `${saved} rincian disimpan.` });
      if (Object.keys(nextErrors).length) await invalidateFigures();
      else await invalidate();
    }
  }

  return (
    <section aria-label="Rincian belanja">
      {rows.length === 0 && <EmptyState>Belum ada rincian pada sub kegiatan ini.</EmptyState>}
      {rows.length > 0 && (
        <EditableGrid
          caption={`Rincian ${subKegiatan.kode}`}
          columns={columns}
          rows={rows}
          rowLabel={(row, index) => row.komponen || `rincian baru ${index + 1}`}
          onChange={setRows}
          newRow={readOnly ? undefined : () => blankRow(defaults())}
          errors={errors}
          readOnly={readOnly}
          rowHeading={(_, index) => headingOf(rows, index)}
          rowActions={(row, index) => (
            <LineFlags
              line={entries[index]?.saved}
              anomaly={entries[index]?.saved ? anomalies.get(entries[index].saved.id) : undefined}
              onDelete={
                readOnly
                  ? undefined
                  : () => {
                      const saved = entries[index]?.saved;
                      if (saved) remove.mutate(saved.id);
                      else setEntries(entries.filter((_, i) => i !== index));
                    }
              }
              label={row.komponen || `rincian ${index + 1}`}
            />
          )}
        />
      )}
      {Object.keys(errors).length > 0 && (
        <div className="alert alert-error" role="alert">
          <ul className="row-messages">
            {Object.entries(errors).map(([index, cells]) => (
              <li key={index}>
                Baris {Number(index) + 1} ({rows[Number(index)]?.komponen || 'tanpa komponen'}):{' '}
                {Object.values(cells).join(' ')}
              </li>
            ))}
          </ul>
        </div>
      )}
      {remove.isError && <ErrorAlert error={remove.error} />}
      {!readOnly && (
        <div className="doc-bar no-print">
          <Button variant="default" onClick={() => setSearching(true)}>
            Tambah dari SSH / SBU
          </Button>
          <Button variant="default" onClick={() => setEntries([...entries, { row: blankRow(defaults()) }])}>
            Tambah baris kosong
          </Button>
          <Button onClick={() => void saveAll()} loading={saving} disabled={changed.length === 0}>
            Simpan rincian
          </Button>
          <span className="muted">Tempel blok dari Excel pada sel mana pun; panah dan Enter berpindah sel.</span>
        </div>
      )}
      <SshDialog opened={searching} onClose={() => setSearching(false)} tahun={tahun} onPick={addPicked} />
    </section>
  );
}

function isStale(error: ApiError): boolean {
  const body = error.body as { code?: string } | null;
  return body?.code === 'stale_version';
}

function LineFlags({
  line,
  anomaly,
  onDelete,
  label,
}: {
  line: BudgetLine | undefined;
  anomaly: AnomalyRow | undefined;
  onDelete?: () => void;
  label: string;
}) {
  return (
    <div className="line-flags">
      {!line && <span className="badge badge-muted">belum disimpan</span>}
      {line?.melebihi_plafon && <span className="badge badge-danger">melebihi plafon</span>}
      {line?.di_luar_renja && <span className="badge badge-danger">di luar Renja</span>}
      {anomaly && (
        <details className="anomaly">
          <summary>
            <span className="badge badge-danger">Anomali</span>
          </summary>
          <ul>
            {anomaly.aturan.map((rule) => (
              <li key={rule.kode}>{rule.alasan}</li>
            ))}
          </ul>
        </details>
      )}
      {onDelete && (
        <Button size="compact-xs" variant="subtle" color="red" aria-label={`Hapus ${label}`} onClick={onDelete}>
          Hapus
        </Button>
      )}
    </div>
  );
}

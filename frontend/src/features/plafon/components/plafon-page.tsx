import { Button, Modal } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useId, useState } from 'react';
import type { Schemas } from '@/api/client';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { formatPercentValue, formatRupiah } from '@/lib/format';
import { usePageTitle } from '@/lib/page-title';
import { usePeriod } from '@/lib/period';
import { can } from '@/lib/permissions';
import { useSearchParamsState, withValues } from '@/lib/search-params';
import { stageName } from '@/lib/stages';
import { useCeilingDelete, useCeilings, useStages, type CeilingRow, type Stage } from '../api/plafon';
import { groupCeilings, totalsOf, type CeilingTotals, type ProgramGroup } from '../ceilings';
import { CeilingDialog, MODE_LABEL } from './ceiling-dialog';

function stageLabel(stage: Stage): string {
  return `${stageName(stage)}${stage.status === 'closed' ? ' (dikunci)' : ''}`;
}

/** How far the ceiling is used: a bar (capped at the full width) and the percentage in words beside it. */
function UseBar({ persen, over, mode }: { persen: string | null; over: boolean; mode: CeilingRow['mode'] }) {
  const width = Math.min(100, Math.max(0, Number(persen ?? 0)));
  return (
    <span className="meter ceiling-meter">
      <span
        className={over ? `meter-bar ceiling-bar-over-${mode}` : 'meter-bar'}
        style={{ width: `${persen === null ? 0 : width}%` }}
      />
      <span className="meter-text num">{formatPercentValue(persen)}</span>
    </span>
  );
}

function OverBadge({ row }: { row: CeilingRow }) {
  if (!row.melampaui) return null;
  return row.mode === 'refuse' ? (
    <span className="badge badge-danger">Melampaui plafon: rincian baru ditolak</span>
  ) : (
    <span className="badge ceiling-badge-warn">Melampaui plafon: rincian ditandai</span>
  );
}

type Actions = { onEdit: (row: CeilingRow) => void; onDelete: (row: CeilingRow) => void } | null;

function scopeName(row: CeilingRow): string {
  if (row.lingkup === 'sub_kegiatan') return `Sub kegiatan ${row.sub_kegiatan_kode}`;
  if (row.lingkup === 'program') return `Program ${row.program_kode}`;
  return 'Perangkat daerah';
}

function CeilingCells({ row, actions }: { row: CeilingRow; actions: Actions }) {
  return (
    <>
      <td>{MODE_LABEL[row.mode]}</td>
      <td className="num">{formatRupiah(row.jumlah)}</td>
      <td className="num">{formatRupiah(row.terpakai)}</td>
      <td className={row.melampaui ? 'num ceiling-over-text' : 'num'}>{formatRupiah(row.sisa)}</td>
      <td>
        <UseBar persen={row.persen} over={row.melampaui} mode={row.mode} />
        <OverBadge row={row} />
      </td>
      {actions && (
        <td>
          <div className="row-actions">
            <Button size="xs" variant="default" onClick={() => actions.onEdit(row)} aria-label={`Ubah plafon ${scopeName(row)} ${row.perangkat_daerah_nama}`}>
              Ubah
            </Button>
            <Button size="xs" color="red" variant="light" onClick={() => actions.onDelete(row)} aria-label={`Hapus plafon ${scopeName(row)} ${row.perangkat_daerah_nama}`}>
              Hapus
            </Button>
          </div>
        </td>
      )}
    </>
  );
}

function rowClass(row: CeilingRow | undefined, level: string): string {
  return [level, row?.melampaui ? `ceiling-over ceiling-over-${row.mode}` : ''].filter(Boolean).join(' ');
}

function EmptyCells({ actions, text }: { actions: Actions; text: string }) {
  return <td colSpan={actions ? 6 : 5} className="muted">{text}</td>;
}

function CeilingTable({ rows, totals, actions }: { rows: CeilingRow[]; totals: CeilingTotals; actions: Actions }) {
  const groups = groupCeilings(rows);
  return (
    <ScrollRegion label="Plafon dan pemakaiannya">
      <table className="table table-compact report-table ceiling-table">
        <caption className="visually-hidden">Plafon dan pemakaiannya</caption>
        <thead>
          <tr>
            <th scope="col">Lingkup</th>
            <th scope="col">Bila melampaui</th>
            <th scope="col" className="num">
              Plafon
            </th>
            <th scope="col" className="num">
              Terpakai
            </th>
            <th scope="col" className="num">
              Sisa
            </th>
            <th scope="col">Terpakai (%)</th>
            {actions && <th scope="col">Aksi</th>}
          </tr>
        </thead>
        {groups.map((opd) => (
          <tbody key={opd.id}>
            <tr className={rowClass(opd.own, 'ceiling-opd')}>
              <th scope="row">
                <span className="code ceiling-code">{opd.kode}</span> <strong>{opd.nama}</strong>
              </th>
              {opd.own ? <CeilingCells row={opd.own} actions={actions} /> : <EmptyCells actions={actions} text="Tanpa plafon perangkat daerah" />}
            </tr>
            {opd.programs.map((program) => (
              <ProgramRows key={program.kode} program={program} actions={actions} />
            ))}
          </tbody>
        ))}
        <tfoot>
          <tr className="ceiling-total">
            <th scope="row">
              Jumlah plafon terluar
              <span className="muted ceiling-code">
                {totals.count} plafon; plafon di dalam plafon lain tidak dihitung dua kali
              </span>
            </th>
            <td />
            <td className="num">{formatRupiah(totals.jumlah)}</td>
            <td className="num">{formatRupiah(totals.terpakai)}</td>
            <td className={totals.sisa.startsWith('-') ? 'num ceiling-over-text' : 'num'}>{formatRupiah(totals.sisa)}</td>
            <td className="num">{formatPercentValue(totals.persen)}</td>
            {actions && <td />}
          </tr>
        </tfoot>
      </table>
    </ScrollRegion>
  );
}

function ProgramRows({ program, actions }: { program: ProgramGroup; actions: Actions }) {
  return (
    <>
      <tr className={rowClass(program.own, 'ceiling-program')}>
        <th scope="row">
          <span className="code ceiling-code">Program {program.kode}</span> {program.nama}
        </th>
        {program.own ? <CeilingCells row={program.own} actions={actions} /> : <EmptyCells actions={actions} text="Tanpa plafon program" />}
      </tr>
      {program.subs.map((sub) => (
        <tr key={sub.id} className={rowClass(sub, 'ceiling-sub')}>
          <th scope="row">
            <span className="code ceiling-code">Sub kegiatan {sub.sub_kegiatan_kode}</span> {sub.sub_kegiatan_nama}
          </th>
          <CeilingCells row={sub} actions={actions} />
        </tr>
      ))}
    </>
  );
}

function DeleteDialog({ row, onClose }: { row: CeilingRow; onClose: () => void }) {
  const remove = useCeilingDelete();
  return (
    <Modal opened onClose={onClose} title="Hapus plafon?">
      <p>
        Plafon {scopeName(row).toLowerCase()} {row.perangkat_daerah_nama} sebesar {formatRupiah(row.jumlah)} dihapus; rincian
        dalam lingkupnya tidak lagi dibatasi olehnya.
      </p>
      {remove.isError && <ErrorAlert error={remove.error} />}
      <div className="dialog-actions">
        <Button variant="default" onClick={onClose}>
          Batal
        </Button>
        <Button
          color="red"
          loading={remove.isPending}
          onClick={() =>
            remove.mutate(
              { id: row.id, version: row.version },
              {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: 'Plafon dihapus.' });
                  onClose();
                },
              },
            )
          }
        >
          Hapus plafon
        </Button>
      </div>
    </Modal>
  );
}

type Dialog = { kind: 'add' } | { kind: 'edit' | 'delete'; row: CeilingRow } | null;

/**
 * Plafon: the stage's ceilings per OPD, program and sub kegiatan with what the lines inside each use now, the
 * ones over marked in words, and the outermost ones totalled. TAPD adds, changes and removes them.
 */
export function PlafonPage({ me }: { me: Schemas['Me'] | null | undefined }) {
  const { tahun } = usePeriod();
  usePageTitle(`Plafon Anggaran ${tahun}`);
  const id = useId();
  const [params, setParams] = useSearchParamsState();
  const stagesQuery = useStages(tahun);
  const stages = stagesQuery.data?.results ?? [];
  const wanted = Number(params.get('tahap')) || undefined;
  const stage =
    stages.find((entry) => entry.id === wanted) ??
    [...stages].reverse().find((entry) => entry.status === 'open') ??
    stages[stages.length - 1];
  const ceilings = useCeilings(stage?.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const mayWrite = can(me, 'plafon', 'w') && stage?.status === 'open';
  const actions: Actions = mayWrite
    ? { onEdit: (row) => setDialog({ kind: 'edit', row }), onDelete: (row) => setDialog({ kind: 'delete', row }) }
    : null;
  const rows = ceilings.data?.rows ?? [];

  return (
    <section className="page page-wide" aria-labelledby="plafon-title">
      <div className="page-header">
        <h1 id="plafon-title">Plafon Anggaran {tahun}</h1>
        <p className="muted">
          Plafon per perangkat daerah, program atau sub kegiatan, dan belanja tahap ini yang sudah memakainya
          {me?.perangkat_daerah ? ` (${me.perangkat_daerah.nama})` : ''}.
        </p>
      </div>
      {stagesQuery.isPending ? (
        <Loading />
      ) : stagesQuery.isError ? (
        <ErrorAlert error={stagesQuery.error} onRetry={() => void stagesQuery.refetch()} />
      ) : !stage ? (
        <EmptyState>Belum ada tahap anggaran untuk tahun {tahun}.</EmptyState>
      ) : (
        <>
          <div className="toolbar report-filters" role="group" aria-label="Pilih tahap">
            <div className="field">
              <label htmlFor={`${id}-tahap`}>Tahap</label>
              <select
                id={`${id}-tahap`}
                value={stage.id}
                onChange={(event) => setParams((current) => withValues(current, { tahap: event.target.value }), { replace: true })}
              >
                {stages.map((entry) => (
                  <option key={entry.id} value={entry.id}>
                    {stageLabel(entry)}
                  </option>
                ))}
              </select>
            </div>
            {mayWrite && (
              <Button onClick={() => setDialog({ kind: 'add' })} className="ceiling-add">
                Tambah plafon
              </Button>
            )}
          </div>
          {can(me, 'plafon', 'w') && stage.status === 'closed' && (
            <div className="alert alert-info" role="status">
              {stageName(stage)} sudah dikunci; plafonnya hanya dapat dilihat.
            </div>
          )}
          {ceilings.isPending ? (
            <Loading label="Memuat plafon…" />
          ) : ceilings.isError ? (
            <ErrorAlert error={ceilings.error} onRetry={() => void ceilings.refetch()} />
          ) : rows.length === 0 ? (
            <EmptyState>Belum ada plafon pada {stageName(stage)}.</EmptyState>
          ) : (
            <CeilingTable rows={rows} totals={totalsOf(rows)} actions={actions} />
          )}
        </>
      )}
      {stage && dialog?.kind === 'add' && (
        <CeilingDialog stage={stage} opd={me?.perangkat_daerah?.id} onClose={() => setDialog(null)} />
      )}
      {stage && dialog?.kind === 'edit' && <CeilingDialog stage={stage} row={dialog.row} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && <DeleteDialog row={dialog.row} onClose={() => setDialog(null)} />}
    </section>
  );
}

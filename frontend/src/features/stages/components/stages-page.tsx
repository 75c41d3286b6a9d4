import { Button, Modal, Select, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Schemas } from '@/api/client';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { formatDateTime, formatNumber, formatRupiah } from '@/lib/format';
import { usePageTitle } from '@/lib/page-title';
import { usePeriod } from '@/lib/period';
import { stageName } from '@/lib/stages';
import { can } from '@/lib/permissions';
import { useCopyToNext, useOpdList, useOpdLock, useStageAction, useStageList, type Stage, type Tahap } from '../api/stages';

/** The stages of a budget year in order (budgeting/models/anggaran.py:Tahap). */
export const TAHAP: readonly { value: Tahap; label: string }[] = [
  { value: 'rkpd', label: 'Pagu RKPD' },
  { value: 'kua_ppas', label: 'KUA-PPAS' },
  { value: 'rka', label: 'RKA' },
  { value: 'apbd', label: 'APBD' },
  { value: 'dpa', label: 'DPA' },
  { value: 'pergeseran', label: 'Pergeseran' },
  { value: 'apbd_p', label: 'APBD-P' },
];

/** Stages in the year's order (RKPD first), then by number. */
export function inOrder(stages: readonly Stage[]): Stage[] {
  const rank = (stage: Stage) => TAHAP.findIndex((entry) => entry.value === stage.tahap);
  return [...stages].sort((a, b) => rank(a) - rank(b) || (a.nomor ?? 1) - (b.nomor ?? 1));
}

/** The stage a closed stage is copied to by default: the next in the order. */
export function nextTahap(tahap: Tahap): Tahap | undefined {
  const index = TAHAP.findIndex((entry) => entry.value === tahap);
  return TAHAP[index + 1]?.value;
}

function StatusBadge({ stage }: { stage: Stage }) {
  return stage.status === 'closed' ? (
    <span className="badge badge-muted" title={stage.closed_at ? `Dikunci ${formatDateTime(stage.closed_at)}` : undefined}>
      Terkunci
    </span>
  ) : (
    <span className="badge badge-ok">Terbuka</span>
  );
}

function CopyDialog({ stage, onClose }: { stage: Stage; onClose: () => void }) {
  const copy = useCopyToNext();
  const [tahap, setTahap] = useState<Tahap | undefined>(nextTahap(stage.tahap));
  const [keterangan, setKeterangan] = useState('');
  return (
    <Modal opened onClose={onClose} title={`Salin ${stageName(stage)} ke tahap berikutnya`}>
      <p>Rincian dan plafon {stageName(stage)} disalin menjadi tahap baru yang terbuka untuk diubah.</p>
      <Select
        label="Tahap baru"
        data={TAHAP.filter((entry) => entry.value !== 'rkpd').map((entry) => ({ ...entry }))}
        value={tahap ?? null}
        onChange={(value) => setTahap((value as Tahap | null) ?? undefined)}
        allowDeselect={false}
      />
      <Textarea label="Keterangan" value={keterangan} onChange={(event) => setKeterangan(event.currentTarget.value)} mt="sm" />
      {copy.isError && <ErrorAlert error={copy.error} />}
      <div className="dialog-actions">
        <Button variant="default" onClick={onClose}>
          Batal
        </Button>
        <Button
          loading={copy.isPending}
          onClick={() =>
            copy.mutate(
              { id: stage.id, tahap, keterangan },
              {
                onSuccess: (created) => {
                  notifications.show({ color: 'teal', message: `${stageName(created)} dibuat dari ${stageName(stage)}.` });
                  onClose();
                },
              },
            )
          }
        >
          Salin
        </Button>
      </div>
    </Modal>
  );
}

function CloseDialog({ stage, onClose }: { stage: Stage; onClose: () => void }) {
  const action = useStageAction();
  return (
    <Modal opened onClose={onClose} title={`Kunci ${stageName(stage)}?`}>
      <p>
        Rincian belanja dan plafon {stageName(stage)} menjadi snapshot tetap: tidak dapat diubah lagi, dan tahap
        berikutnya disalin darinya.
      </p>
      {action.isError && <ErrorAlert error={action.error} />}
      <div className="dialog-actions">
        <Button variant="default" onClick={onClose}>
          Batal
        </Button>
        <Button
          color="red"
          loading={action.isPending}
          onClick={() =>
            action.mutate(
              { id: stage.id, action: 'close' },
              {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: `${stageName(stage)} dikunci.` });
                  onClose();
                },
              },
            )
          }
        >
          Kunci tahap
        </Button>
      </div>
    </Modal>
  );
}

/** The open stage's OPD: each may be closed on its own (its lines read-only) while the others keep working. */
function OpdLocks({ stage, mayWrite }: { stage: Stage; mayWrite: boolean }) {
  const opd = useOpdList(true);
  const lock = useOpdLock();
  const closed = new Set(stage.opd_locks.filter((row) => row.is_closed).map((row) => row.perangkat_daerah));
  const rows = (opd.data?.results ?? []).filter((row) => !row.induk);
  return (
    <section className="panel report-section" aria-labelledby="opd-locks-title">
      <h2 id="opd-locks-title">Perangkat daerah pada {stageName(stage)}</h2>
      {lock.isError && <ErrorAlert error={lock.error} />}
      {opd.isPending && <Loading />}
      <ScrollRegion label="Kunci per perangkat daerah">
        <table className="table table-compact">
          <caption className="visually-hidden">Kunci per perangkat daerah</caption>
          <thead>
            <tr>
              <th scope="col">Perangkat daerah</th>
              <th scope="col">Status</th>
              {mayWrite && <th scope="col">Aksi</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const isClosed = closed.has(row.id);
              const busy = lock.isPending && lock.variables?.perangkat_daerah === row.id;
              return (
                <tr key={row.id}>
                  <th scope="row">
                    <span className="code">{row.kode}</span> {row.nama}
                  </th>
                  <td>
                    {isClosed ? <span className="badge badge-muted">Ditutup</span> : <span className="badge badge-ok">Terbuka</span>}
                  </td>
                  {mayWrite && (
                    <td>
                      <Button
                        size="xs"
                        variant="default"
                        loading={busy}
                        onClick={() => lock.mutate({ id: stage.id, perangkat_daerah: row.id, is_closed: !isClosed })}
                        aria-label={`${isClosed ? 'Buka' : 'Tutup'} ${row.nama}`}
                      >
                        {isClosed ? 'Buka' : 'Tutup'}
                      </Button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

type Dialog = { kind: 'close' | 'copy'; stage: Stage } | null;

/**
 * Tahapan anggaran: the year's stages (KUA-PPAS → RKA → APBD → DPA → pergeseran → APBD-P) with their totals per
 * side, closing a stage, reopening it while nothing was copied from it, copying a closed stage to the next, the
 * comparison with the stage it came from, and the open stage's OPD locks. TAPD acts; the others read.
 */
export function StagesPage({ me }: { me: Schemas['Me'] | null | undefined }) {
  const { tahun } = usePeriod();
  usePageTitle(`Tahapan Anggaran ${tahun}`);
  const list = useStageList(tahun);
  const reopen = useStageAction();
  const [dialog, setDialog] = useState<Dialog>(null);
  const mayWrite = can(me, 'anggaran', 'w');
  const stages = inOrder(list.data?.results ?? []);
  const last = stages.at(-1);
  const open = stages.find((stage) => stage.status === 'open');
  const byId = new Map(stages.map((stage) => [stage.id, stage]));

  return (
    <section className="page page-wide" aria-labelledby="stages-title">
      <div className="page-header">
        <h1 id="stages-title">Tahapan Anggaran {tahun}</h1>
        <p className="muted">
          Jumlah tiap sisi dihitung dari rincian {me?.perangkat_daerah ? me.perangkat_daerah.nama : 'seluruh perangkat daerah'}.
        </p>
      </div>
      {list.isPending && <Loading />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {reopen.isError && <ErrorAlert error={reopen.error} />}
      {list.data && stages.length === 0 && <EmptyState>Belum ada tahap anggaran untuk tahun {tahun}.</EmptyState>}
      {stages.length > 0 && (
        <ScrollRegion label="Tahapan anggaran">
          <table className="table table-compact report-table stages-table">
            <caption className="visually-hidden">Tahapan anggaran</caption>
            <thead>
              <tr>
                <th scope="col">Tahap</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Pendapatan
                </th>
                <th scope="col" className="num">
                  Belanja
                </th>
                <th scope="col" className="num">
                  Surplus/(defisit)
                </th>
                <th scope="col" className="num">
                  Pembiayaan netto
                </th>
                <th scope="col" className="num">
                  Rincian
                </th>
              </tr>
            </thead>
            <tbody>
              {stages.map((stage) => {
                const totals = stage.ringkasan;
                const source = stage.sumber ? byId.get(stage.sumber) : undefined;
                return (
                  <tr key={stage.id}>
                    <th scope="row">
                      <strong>{stageName(stage)}</strong>
                      {source && <div className="muted">disalin dari {stageName(source)}</div>}
                      {stage.keterangan && <div className="muted">{stage.keterangan}</div>}
                      <div className="row-actions">
                        {source && (
                          <Link to={`/laporan/perbandingan?tahun=${tahun}&tahap=${stage.id}&dengan=${source.id}`}>
                            Bandingkan
                          </Link>
                        )}
                        <Link to={`/laporan/rekonsiliasi?tahun=${tahun}&tahap=${stage.id}`}>Rekonsiliasi</Link>
                        {mayWrite && stage.status === 'open' && (
                          <Button size="xs" color="red" variant="light" onClick={() => setDialog({ kind: 'close', stage })}>
                            Kunci
                          </Button>
                        )}
                        {mayWrite && stage.status === 'closed' && stage.id === last?.id && (
                          <>
                            <Button size="xs" onClick={() => setDialog({ kind: 'copy', stage })}>
                              Salin ke tahap berikutnya
                            </Button>
                            <Button
                              size="xs"
                              variant="default"
                              loading={reopen.isPending && reopen.variables?.id === stage.id}
                              onClick={() =>
                                reopen.mutate(
                                  { id: stage.id, action: 'open' },
                                  { onSuccess: () => notifications.show({ color: 'teal', message: `${stageName(stage)} dibuka kembali.` }) },
                                )
                              }
                            >
                              Buka kembali
                            </Button>
                          </>
                        )}
                      </div>
                    </th>
                    <td>
                      <StatusBadge stage={stage} />
                    </td>
                    <td className="num">{formatRupiah(totals?.pendapatan)}</td>
                    <td className="num">{formatRupiah(totals?.belanja)}</td>
                    <td className={Number(totals?.surplus_defisit ?? 0) < 0 ? 'num text-warn' : 'num'}>
                      {formatRupiah(totals?.surplus_defisit)}
                    </td>
                    <td className="num">{formatRupiah(totals?.pembiayaan_netto)}</td>
                    <td className="num">{totals ? formatNumber(totals.jumlah_rincian) : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {open && <OpdLocks stage={open} mayWrite={mayWrite && !me?.perangkat_daerah} />}
      {dialog?.kind === 'close' && <CloseDialog stage={dialog.stage} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'copy' && <CopyDialog stage={dialog.stage} onClose={() => setDialog(null)} />}
    </section>
  );
}

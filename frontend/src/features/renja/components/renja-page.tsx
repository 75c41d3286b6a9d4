import { Button, NativeSelect } from '@mantine/core';

import type { Schemas } from '@/api/client';
import { DocumentStatus } from '@/components/ui/document-status';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { formatRupiah } from '@/lib/format';
import { usePageTitle } from '@/lib/page-title';
import { usePeriod } from '@/lib/period';
import { can } from '@/lib/permissions';
import {
  useCurrentRkpd,
  useOpdList,
  useRenjaContent,
  useRenjaCreate,
  useRenjaRevisions,
  type Renja,
} from '../api/renja';
import { MONTH_NAMES as BULAN } from '@/lib/months';
import { renjaTotals } from '../codes';
import { RenjaImport } from './renja-import';
import { RenjaTree } from './renja-tree';
import { RenjaWorkflow } from './renja-workflow';
import { SubIndicatorGrid } from './sub-indicator-grid';
import { SubKegiatanForm } from './sub-kegiatan-form';
import { useSearchParamsState, withValues } from '@/lib/search-params';

type Opd = { id: number; kode: string; nama: string; singkatan?: string };

/** Why the contents cannot be changed, or null while they can. */
function lockReason(renja: Renja, mayWrite: boolean): string | null {
  if (!mayWrite) return 'Peran Anda hanya dapat membaca Renja.';
  if (!renja.is_current) return 'Ini revisi lama: hanya revisi terakhir yang dapat diubah.';
  if (renja.status === 'submitted') {
    return 'Renja sudah diajukan dan sedang diperiksa Bappeda; isinya dapat diubah lagi bila dikembalikan ke draf.';
  }
  if (renja.status === 'verified') {
    return 'Renja sudah diverifikasi dan menunggu persetujuan; isinya dapat diubah lagi bila dikembalikan ke draf.';
  }
  if (renja.status === 'approved') return 'Renja sudah disetujui dan terkunci; perubahan hanya lewat revisi baru.';
  return null;
}

/**
 * The Renja of one OPD for the year in use: Bappeda picks the OPD, an OPD planner gets its own. The document's
 * status and workflow, the program → kegiatan → sub kegiatan tree with its pagu totals, the chosen sub kegiatan's
 * details and indicators, and the workbook import and export.
 */
export function RenjaPage({ me }: { me: Schemas['Me'] | null | undefined }) {
  const { tahun } = usePeriod();
  const [params, setParams] = useSearchParamsState();
  const own = me?.perangkat_daerah ?? null;
  const opds = useOpdList(Boolean(me) && !own);
  const opdId = own ? own.id : Number(params.get('opd')) || null;
  const revisions = useRenjaRevisions(tahun, opdId);
  const create = useRenjaCreate();
  const opd: Opd | undefined = own ?? opds.data?.results.find((row) => row.id === opdId);
  const sorted = [...(revisions.data?.results ?? [])].sort((a, b) => b.revisi - a.revisi);
  const chosen = Number(params.get('dokumen')) || undefined;
  const renja = sorted.find((r) => r.id === chosen) ?? sorted.find((r) => r.is_current) ?? sorted[0];
  const title = `Renja ${opd?.singkatan || opd?.nama || ''} ${tahun}`.replace(/\s+/g, ' ');
  usePageTitle(title);

  function setParam(changes: Record<string, string | null>) {
    setParams((current) => withValues(current, changes), { replace: true });
  }

  if (!me) return <Loading />;
  return (
    <section className="page page-wide" aria-labelledby="renja-title">
      <div className="page-header doc-bar">
        <h1 id="renja-title">{title}</h1>
        {renja && <DocumentStatus status={renja.status} />}
        {!own && (
          <NativeSelect
            label="Perangkat daerah"
            size="xs"
            className="no-print"
            value={opdId ? String(opdId) : ''}
            onChange={(event) => setParam({ opd: event.currentTarget.value, dokumen: null, sub: null })}
            data={[
              { value: '', label: '– pilih OPD –' },
              ...(opds.data?.results ?? []).map((row) => ({ value: String(row.id), label: `${row.kode} ${row.nama}` })),
            ]}
          />
        )}
        {sorted.length > 1 && renja && (
          <NativeSelect
            label="Revisi"
            size="xs"
            className="no-print"
            value={String(renja.id)}
            onChange={(event) => setParam({ dokumen: event.currentTarget.value, sub: null })}
            data={sorted.map((r) => ({
              value: String(r.id),
              label: `revisi ${r.revisi}${r.is_current ? ' (terakhir)' : ''}`,
            }))}
          />
        )}
      </div>
      {opds.isError && <ErrorAlert error={opds.error} onRetry={() => void opds.refetch()} />}
      {!opdId && <EmptyState>Pilih perangkat daerah untuk membuka Renja-nya.</EmptyState>}
      {opdId && revisions.isPending && <Loading label="Memuat Renja…" />}
      {revisions.isError && <ErrorAlert error={revisions.error} onRetry={() => void revisions.refetch()} />}
      {opdId && revisions.isSuccess && !renja && (
        <>
          <EmptyState>Belum ada Renja {tahun} untuk perangkat daerah ini.</EmptyState>
          {can(me, 'renja', 'w') && (
            <Button
              loading={create.isPending}
              onClick={() => create.mutate({ tahun, perangkat_daerah: opdId })}
            >
              Buat Renja {tahun}
            </Button>
          )}
          {create.isError && <ErrorAlert error={create.error} />}
        </>
      )}
      {renja && (
        <RenjaDocument
          key={renja.id}
          renja={renja}
          me={me}
          tahun={tahun}
          opdKode={opd?.kode}
          selected={Number(params.get('sub')) || null}
          onSelect={(sub) => setParam({ sub: sub ? String(sub) : null })}
          onRevised={(revision) => setParam({ dokumen: String(revision.id), sub: null })}
        />
      )}
    </section>
  );
}

type DocumentProps = {
  renja: Renja;
  me: Schemas['Me'];
  tahun: number;
  opdKode?: string;
  selected: number | null;
  onSelect: (sub: number | null) => void;
  onRevised: (revision: Renja) => void;
};

const RKPD_STATUS: Record<Renja['status'], string> = {
  draft: 'masih draf',
  submitted: 'diajukan',
  verified: 'terverifikasi',
  approved: 'disetujui',
};

function RenjaDocument({ renja, me, tahun, opdKode, selected, onSelect, onRevised }: DocumentProps) {
  const content = useRenjaContent(renja.id);
  const rkpd = useCurrentRkpd(tahun).data?.results[0];
  const reason = lockReason(renja, can(me, 'renja', 'w'));
  const editable = reason === null;
  const totals = renjaTotals(content);
  const sub = content.subKegiatan.find((s) => s.id === selected);

  return (
    <>
      <RenjaWorkflow renja={renja} me={me} onRevised={onRevised} />
      {reason && (
        <p className="muted" role="note">
          {reason}
        </p>
      )}
      {content.isPending && <Loading label="Memuat isi Renja…" />}
      {content.error && <ErrorAlert error={content.error} onRetry={content.refetch} />}
      {!content.isPending && !content.error && (
        <>
          <dl className="renja-totals" aria-label="Pagu indikatif">
            <div>
              <dt>Pagu indikatif OPD</dt>
              <dd aria-label="Total pagu indikatif OPD">{formatRupiah(totals.total)}</dd>
            </div>
            <div>
              <dt>Program</dt>
              <dd>{content.program.length}</dd>
            </div>
            <div>
              <dt>Sub kegiatan</dt>
              <dd>{content.subKegiatan.length}</dd>
            </div>
          </dl>
          {rkpd && (
            <p className="muted">
              RKPD {rkpd.tahun} (revisi {rkpd.revisi}) {RKPD_STATUS[rkpd.status]}
              {rkpd.tema ? `: ${rkpd.tema}` : ''}. Renja ini menjadi bagian RKPD tersebut.
            </p>
          )}
          <div className="plan-layout renja-layout">
            <div className="plan-panel">
              <h2>Program, kegiatan, sub kegiatan</h2>
              {content.program.length === 0 && <EmptyState>Belum ada program.</EmptyState>}
              <RenjaTree
                renja={renja}
                content={content}
                editable={editable}
                tahun={tahun}
                pemdaLevel={me.pemda?.level}
                opdKode={opdKode}
                selected={selected}
                onSelect={onSelect}
              />
            </div>
            <div className="plan-panel" aria-live="polite">
              {!sub && <EmptyState>Pilih sub kegiatan untuk mengisi pagu, lokasi, waktu dan indikatornya.</EmptyState>}
              {sub && (
                <>
                  <h2>
                    <span className="code">{sub.kode}</span> {sub.nama}
                  </h2>
                  <p className="muted">
                    Pagu indikatif {formatRupiah(sub.pagu_indikatif)} · {BULAN[(sub.bulan_mulai ?? 1) - 1]}–
                    {BULAN[(sub.bulan_selesai ?? 12) - 1]}
                  </p>
                  <SubKegiatanForm key={`${sub.id}:${sub.version}`} sub={sub} tahun={tahun} editable={editable} />
                  <h3>Indikator keluaran</h3>
                  <SubIndicatorGrid sub={sub} tahun={tahun} editable={editable && can(me, 'indikator', 'w')} />
                </>
              )}
            </div>
          </div>
          <div className="plan-panel">
            <RenjaImport renja={renja} editable={editable} />
          </div>
        </>
      )}
    </>
  );
}

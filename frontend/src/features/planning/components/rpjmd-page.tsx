import { Button, NativeSelect } from '@mantine/core';
import { useState } from 'react';

import type { Schemas } from '@/api/client';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { formatRupiah } from '@/lib/format';
import { usePageTitle } from '@/lib/page-title';
import { can } from '@/lib/permissions';
import { usePerangkatDaerahNames } from '../api/perangkat-daerah';
import { useRpjmdContent, useRpjmdList, useRpjmdUpdate, type ItemKind, type Rpjmd } from '../api/rpjmd';
import { periodYears } from '../indicator-rows';
import { DocumentStatus } from '@/components/ui/document-status';
import { IndicatorEditor } from './indicator-editor';
import { InlineTextForm } from './inline-text-form';
import { ProgramPaguEditor } from './program-pagu-editor';
import { RpjmdTree, sumPagu, type Selection } from './rpjmd-tree';
import { WorkflowBar } from './workflow-bar';
import { useSearchParamsState, withValues } from '@/lib/search-params';

const KINDS: readonly ItemKind[] = ['misi', 'tujuan', 'sasaran', 'strategi', 'arah', 'program'];

/** "sasaran:12" (the `node` search parameter, so a row can be linked to) → a selection. */
export function parseSelection(value: string | null): Selection {
  const [kind, id] = (value ?? '').split(':');
  return KINDS.includes(kind as ItemKind) && Number(id) > 0 ? { kind: kind as ItemKind, id: Number(id) } : null;
}

/** The RPJMD screen for the signed-in user `me` (the router passes it: features do not import each other). */
export function RpjmdPage({ me }: { me: Schemas['Me'] | null | undefined }) {
  const list = useRpjmdList();
  const [params, setParams] = useSearchParamsState();
  const revisions = [...(list.data?.results ?? [])].sort((a, b) => b.tahun_awal - a.tahun_awal || b.revisi - a.revisi);
  const chosen = Number(params.get('dokumen')) || undefined;
  const document = revisions.find((r) => r.id === chosen) ?? revisions.find((r) => r.is_current) ?? revisions[0];

  usePageTitle(document ? `RPJMD ${document.tahun_awal}–${document.tahun_akhir}` : 'RPJMD');

  function setParam(name: string, value: string | null) {
    setParams((current) => withValues(current, { [name]: value }), { replace: true });
  }

  if (list.isPending) return <Loading label="Memuat RPJMD…" />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (!document || !me) {
    return (
      <section className="page">
        <h1>RPJMD</h1>
        <EmptyState>Belum ada RPJMD untuk pemda ini.</EmptyState>
      </section>
    );
  }

  return (
    <section className="page page-wide" aria-labelledby="rpjmd-title">
      <div className="page-header doc-bar">
        <h1 id="rpjmd-title">
          RPJMD {document.tahun_awal}–{document.tahun_akhir}
        </h1>
        <DocumentStatus status={document.status} />
        <NativeSelect
          label="Revisi"
          className="no-print"
          size="xs"
          value={String(document.id)}
          onChange={(event) => setParam('dokumen', event.currentTarget.value)}
          data={revisions.map((r) => ({
            value: String(r.id),
            label: `${r.tahun_awal}–${r.tahun_akhir} revisi ${r.revisi}${r.is_current ? ' (terakhir)' : ''}`,
          }))}
        />
      </div>
      <RpjmdDocument
        key={document.id}
        document={document}
        me={me}
        selection={parseSelection(params.get('node'))}
        onSelect={(selection) => setParam('node', selection ? `${selection.kind}:${selection.id}` : null)}
        onRevised={(revision) => setParam('dokumen', String(revision.id))}
      />
    </section>
  );
}

type DocumentProps = {
  document: Rpjmd;
  me: Schemas['Me'];
  selection: Selection;
  onSelect: (selection: Selection) => void;
  onRevised: (revision: Rpjmd) => void;
};

function RpjmdDocument({ document, me, selection, onSelect, onRevised }: DocumentProps) {
  const content = useRpjmdContent(document.id);
  const opd = usePerangkatDaerahNames();
  const updateVisi = useRpjmdUpdate();
  const [editingVisi, setEditingVisi] = useState(false);
  const editable = document.is_current && document.status === 'draft' && can(me, 'rpjmd', 'w');
  const years = periodYears(document.tahun_awal, document.tahun_akhir);

  return (
    <>
      <div className="plan-panel visi">
        <span className="plan-node-level">Visi</span>
        {editingVisi ? (
          <InlineTextForm
            label="Visi"
            initial={document.visi}
            pending={updateVisi.isPending}
            error={updateVisi.error}
            onCancel={() => setEditingVisi(false)}
            onSave={(visi) =>
              updateVisi.mutate(
                { id: document.id, visi, version: document.version },
                { onSuccess: () => setEditingVisi(false) },
              )
            }
          />
        ) : (
          <p className="visi-text">
            {document.visi}{' '}
            {editable && (
              <Button size="compact-xs" variant="default" className="no-print" onClick={() => setEditingVisi(true)}>
                Ubah visi
              </Button>
            )}
          </p>
        )}
      </div>
      <WorkflowBar document={document} me={me} onRevised={onRevised} />
      {!editable && document.status !== 'draft' && (
        <p className="muted">
          Dokumen berstatus {document.status === 'approved' ? 'disetujui dan terkunci' : 'dalam proses persetujuan'};
          isinya tidak dapat diubah{document.status === 'approved' ? ' kecuali lewat revisi baru' : ''}.
        </p>
      )}
      {content.isPending && <Loading label="Memuat isi RPJMD…" />}
      {content.error && <ErrorAlert error={content.error} onRetry={content.refetch} />}
      {!content.isPending && !content.error && (
        <div className="plan-layout">
          <div className="plan-panel">
            <h2>Pohon RPJMD</h2>
            {content.misi.length === 0 && <EmptyState>Belum ada misi.</EmptyState>}
            <RpjmdTree
              document={document}
              content={content}
              editable={editable}
              selection={selection}
              onSelect={onSelect}
              opdName={opd.name}
            />
          </div>
          <div className="plan-panel" aria-live="polite">
            <SelectionPanel
              selection={selection}
              content={content}
              years={years}
              editable={editable && can(me, 'indikator', 'w')}
              opdName={opd.name}
            />
          </div>
        </div>
      )}
    </>
  );
}

const LABEL: Record<ItemKind, string> = {
  misi: 'Misi',
  tujuan: 'Tujuan',
  sasaran: 'Sasaran',
  strategi: 'Strategi',
  arah: 'Arah kebijakan',
  program: 'Program prioritas',
};

function SelectionPanel({
  selection,
  content,
  years,
  editable,
  opdName,
}: {
  selection: Selection;
  content: ReturnType<typeof useRpjmdContent>;
  years: number[];
  editable: boolean;
  opdName: (id: number) => string;
}) {
  if (!selection) {
    return <EmptyState>Pilih tujuan, sasaran atau program prioritas untuk melihat dan mengisi indikatornya.</EmptyState>;
  }
  const { kind, id } = selection;
  if (kind === 'program') {
    const program = content.program.find((p) => p.id === id);
    if (!program) return <EmptyState>Program ini tidak ada pada revisi yang dibuka.</EmptyState>;
    return (
      <>
        <h2>
          <span className="code">{program.kode}</span> {program.nama}
        </h2>
        <p className="muted">
          Perangkat daerah: {opdName(program.perangkat_daerah)} · pagu indikatif periode{' '}
          {formatRupiah(sumPagu(program))}
          {program.prioritas_nasional && ' · prioritas nasional'}
          {program.prioritas_daerah && ' · prioritas daerah'}
          {program.spm && ' · SPM'}
        </p>
        <ProgramPaguEditor key={program.version} program={program} years={years} editable={editable} />
        <h3>Indikator program</h3>
        <IndicatorEditor
          owner={{ field: 'program_rpjmd', id }}
          ownerLabel={program.nama}
          years={years}
          editable={editable}
        />
      </>
    );
  }
  const rows = { misi: content.misi, tujuan: content.tujuan, sasaran: content.sasaran, strategi: content.strategi, arah: content.arah }[kind];
  const row = rows.find((r) => r.id === id);
  if (!row) return <EmptyState>Baris ini tidak ada pada revisi yang dibuka.</EmptyState>;
  const heading = `${LABEL[kind]} ${row.nomor ?? ''}`.trim();
  return (
    <>
      <h2>{heading}</h2>
      <p>{row.uraian}</p>
      {kind === 'tujuan' || kind === 'sasaran' ? (
        <IndicatorEditor owner={{ field: kind, id }} ownerLabel={heading} years={years} editable={editable} />
      ) : (
        <EmptyState>Indikator dicatat pada tujuan, sasaran dan program prioritas.</EmptyState>
      )}
    </>
  );
}

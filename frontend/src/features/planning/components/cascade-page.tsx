import { Button, Modal, NativeSelect } from '@mantine/core';
import { useState } from 'react';

import { SearchBox } from '@/components/ui/search-box';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { formatDecimal, formatNumber, formatRupiah } from '@/lib/format';
import { usePageTitle } from '@/lib/page-title';
import { usePeriod } from '@/lib/period';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useCascade, useTrace, type CascadeNode } from '../api/cascade';
import { usePerangkatDaerahNames } from '../api/perangkat-daerah';
import { filterTree, LEVEL_LABEL, matches, nodeKey } from '../cascade-filter';
import { useSearchParamsState, withValues } from '@/lib/search-params';

const OPEN_BY_DEFAULT = new Set(['visi', 'misi', 'tujuan']);

/** The pohon kinerja of a year: visi → … → sub kegiatan with pagu and indicators, untraced programs apart. */
export function CascadePage() {
  const { tahun } = usePeriod();
  const [params, setParams] = useSearchParamsState();
  const opdFilter = Number(params.get('opd')) || null;
  const [query, setQuery] = useState(params.get('q') ?? '');
  const debounced = useDebouncedValue(query);
  const [toggled, setToggled] = useState<Set<string>>(new Set());
  const [allOpen, setAllOpen] = useState(false);
  const cascade = useCascade(tahun, opdFilter);
  const opd = usePerangkatDaerahNames();
  const traceId = Number(params.get('trace')) || null;
  usePageTitle(`Pohon Kinerja ${tahun}`);

  function setParam(name: string, value: string | null) {
    setParams((current) => withValues(current, { [name]: value }), { replace: true });
  }

  const isOpen = (node: CascadeNode) => {
    const byDefault = allOpen || Boolean(debounced.trim()) || OPEN_BY_DEFAULT.has(node.level);
    return toggled.has(nodeKey(node)) ? !byDefault : byDefault;
  };
  const toggle = (node: CascadeNode) =>
    setToggled((previous) => {
      const next = new Set(previous);
      const key = nodeKey(node);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  function renderNode(node: CascadeNode, untraced = false) {
    const open = isOpen(node);
    const classes = ['plan-node-row'];
    if (untraced) classes.push('is-untraced');
    if (matches(node, debounced)) classes.push('is-match');
    return (
      <li key={nodeKey(node)} className="plan-node">
        <div className={classes.join(' ')}>
          {node.children.length > 0 ? (
            <button
              type="button"
              className="plan-node-toggle"
              aria-expanded={open}
              aria-label={`${open ? 'Tutup' : 'Buka'} ${LEVEL_LABEL[node.level]} ${node.kode}`}
              onClick={() => toggle(node)}
            >
              {open ? '▾' : '▸'}
            </button>
          ) : (
            <span className="plan-node-toggle" aria-hidden="true" />
          )}
          <span className="plan-node-level">{LEVEL_LABEL[node.level] ?? node.level}</span>
          <span className="plan-node-text">
            {node.kode && <span className="code">{node.kode}</span>} {node.uraian}
            {untraced && <strong> — tidak tertelusur ke sasaran RPJMD</strong>}
            {node.perangkat_daerah && <span className="muted"> · {opd.name(node.perangkat_daerah)}</span>}
          </span>
          <span className="plan-node-pagu">{formatRupiah(node.pagu)}</span>
          {node.level === 'sub_kegiatan' && (
            <Button
              size="compact-xs"
              variant="default"
              className="no-print"
              aria-label={`Telusuri ${node.kode} ke atas`}
              onClick={() => setParam('trace', String(node.id))}
            >
              Telusuri
            </Button>
          )}
          {node.indikator.length > 0 && (
            <ul className="plan-node-indicators">
              {node.indikator.map((indikator) => (
                <li key={indikator.id}>
                  {indikator.nama}: target {tahun} {formatDecimal(indikator.target)} {indikator.satuan}
                  {indikator.target_akhir !== null && ` (akhir ${formatDecimal(indikator.target_akhir)})`}
                </li>
              ))}
            </ul>
          )}
        </div>
        {open && node.children.length > 0 && <ul>{node.children.map((child) => renderNode(child, untraced))}</ul>}
      </li>
    );
  }

  const root = cascade.data?.root ? filterTree(cascade.data.root, debounced) : null;
  const untraced = (cascade.data?.untraced ?? [])
    .map((node) => filterTree(node, debounced))
    .filter((node): node is CascadeNode => node !== null);

  return (
    <section className="page page-wide" aria-labelledby="cascade-title">
      <div className="page-header doc-bar">
        <h1 id="cascade-title">Pohon Kinerja {tahun}</h1>
        {cascade.data && (
          <span className="plan-node-pagu">Total pagu indikatif {formatRupiah(cascade.data.pagu_total)}</span>
        )}
      </div>
      <div className="toolbar no-print">
        <SearchBox label="Cari kode atau uraian" value={query} onChange={setQuery} />
        <NativeSelect
          label="Perangkat daerah"
          value={opdFilter ? String(opdFilter) : ''}
          onChange={(event) => setParam('opd', event.currentTarget.value || null)}
          data={[{ value: '', label: 'Semua perangkat daerah' }, ...opd.rows.map((row) => ({ value: String(row.id), label: row.nama }))]}
        />
        <Button variant="default" onClick={() => (setAllOpen(!allOpen), setToggled(new Set()))}>
          {allOpen ? 'Tutup semua' : 'Buka semua'}
        </Button>
        <Button variant="default" onClick={() => window.print()}>
          Cetak
        </Button>
      </div>
      {cascade.isPending && <Loading label="Memuat pohon kinerja…" />}
      {cascade.isError && <ErrorAlert error={cascade.error} onRetry={() => void cascade.refetch()} />}
      {cascade.data && !cascade.data.root && (
        <EmptyState>Tidak ada RPJMD yang berlaku untuk tahun {tahun}.</EmptyState>
      )}
      {cascade.data && untraced.length > 0 && (
        <section className="plan-panel" aria-labelledby="untraced-title">
          <h2 id="untraced-title">
            Program tidak tertelusur ({formatNumber(untraced.length)})
          </h2>
          <p className="muted">Program Renja ini tidak terhubung ke sasaran RPJMD yang berlaku; perbaiki di Renja.</p>
          <ul className="plan-tree">{untraced.map((node) => renderNode(node, true))}</ul>
        </section>
      )}
      {cascade.data?.root && !root && <EmptyState>Tidak ada yang cocok dengan “{debounced}”.</EmptyState>}
      {root && (
        <ul className="plan-tree" aria-label={`Pohon kinerja ${tahun}`}>
          {renderNode(root)}
        </ul>
      )}
      <TraceDialog subKegiatan={traceId} onClose={() => setParam('trace', null)} opdName={opd.name} />
    </section>
  );
}

function TraceDialog({
  subKegiatan,
  onClose,
  opdName,
}: {
  subKegiatan: number | null;
  onClose: () => void;
  opdName: (id: number) => string;
}) {
  const trace = useTrace(subKegiatan);
  return (
    <Modal opened={subKegiatan !== null} onClose={onClose} title="Penelusuran ke atas" size="lg">
      {trace.isPending && <Loading />}
      {trace.isError && <ErrorAlert error={trace.error} />}
      {trace.data && (
        <ol className="trace">
          {trace.data.map((node) => (
            <li key={`${node.level}:${node.id}`}>
              <span className="plan-node-level">{LEVEL_LABEL[node.level] ?? node.level}</span>{' '}
              {node.kode && <span className="code">{node.kode}</span>} {node.uraian}
              {node.perangkat_daerah && <span className="muted"> · {opdName(node.perangkat_daerah)}</span>}
              {node.pagu !== null && <strong> {formatRupiah(node.pagu)}</strong>}
            </li>
          ))}
          {trace.data.every((node) => node.level !== 'sasaran') && (
            <li className="alert alert-error">Program ini tidak terhubung ke sasaran RPJMD.</li>
          )}
        </ol>
      )}
    </Modal>
  );
}

import type { ReferenceNode } from '../api/get-reference-nodes';

/** Kinerja, indikator and satuan of a sub kegiatan; nothing for other nodes. */
export function PerformanceDetails({ node }: { node: ReferenceNode }) {
  if (!('kinerja' in node || 'indikator' in node)) return null;
  const { kinerja, indikator, satuan } = node;
  if (!kinerja && !indikator && !satuan) return null;
  return (
    <dl className="performance">
      {kinerja && (
        <div>
          <dt>Kinerja</dt>
          <dd>{kinerja}</dd>
        </div>
      )}
      {indikator && (
        <div>
          <dt>Indikator</dt>
          <dd>{indikator}</dd>
        </div>
      )}
      {satuan && (
        <div>
          <dt>Satuan</dt>
          <dd>{satuan}</dd>
        </div>
      )}
    </dl>
  );
}

import { useId, useState } from 'react';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { formatNumber } from '@/lib/format';
import { useReferenceChildren, type ReferenceNode } from '../api/get-reference-nodes';
import { levelLabel, type KindInfo } from '../kinds';
import { PerformanceDetails } from './performance-details';

type LevelProps = { info: KindInfo; version: number; parent?: number };

function TreeNode({ info, version, node }: { info: KindInfo; version: number; node: ReferenceNode }) {
  const [expanded, setExpanded] = useState(false);
  const childrenId = useId();
  const hasChildren = node.child_count > 0;
  const label = (
    <>
      <span className="tree-code">{node.kode}</span> <span className="tree-name">{node.nama}</span>
    </>
  );

  return (
    <li className="tree-node">
      <div className="tree-row">
        {hasChildren ? (
          <button
            type="button"
            className="tree-toggle"
            aria-expanded={expanded}
            aria-controls={expanded ? childrenId : undefined}
            onClick={() => setExpanded(!expanded)}
          >
            <span className="tree-caret" aria-hidden="true">
              {expanded ? '▾' : '▸'}
            </span>
            {label}
          </button>
        ) : (
          <span className="tree-leaf">{label}</span>
        )}
        <span className="tree-level">{levelLabel(info, node.level)}</span>
        <span className="tree-count num" title="Jumlah turunan">
          {hasChildren ? formatNumber(node.child_count) : ''}
        </span>
      </div>
      <PerformanceDetails node={node} />
      {expanded && (
        <div id={childrenId}>
          <TreeLevel info={info} version={version} parent={node.id} />
        </div>
      )}
    </li>
  );
}

function TreeLevel({ info, version, parent }: LevelProps) {
  const nodes = useReferenceChildren(info.kind, version, parent);
  if (nodes.isPending) return <Loading />;
  if (nodes.isError) return <ErrorAlert error={nodes.error} onRetry={() => void nodes.refetch()} />;
  if (nodes.data.results.length === 0) return <EmptyState>Belum ada data pada versi ini.</EmptyState>;
  return (
    <ul className="tree-list">
      {nodes.data.results.map((node) => (
        <TreeNode key={node.id} info={info} version={version} node={node} />
      ))}
    </ul>
  );
}

/** An expandable tree of one reference version: roots first, children fetched on expand. */
export function ReferenceTree({ info, version }: { info: KindInfo; version: number }) {
  return (
    <div className="tree" aria-label={`Pohon ${info.label}`} role="region">
      <div className="tree-header" aria-hidden="true">
        <span>Kode / Nama</span>
        <span>Tingkat</span>
        <span className="num">Turunan</span>
      </div>
      <TreeLevel info={info} version={version} />
    </div>
  );
}

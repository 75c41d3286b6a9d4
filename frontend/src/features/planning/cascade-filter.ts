import type { CascadeNode } from './api/cascade';

export const LEVEL_LABEL: Record<string, string> = {
  visi: 'Visi',
  misi: 'Misi',
  tujuan: 'Tujuan',
  sasaran: 'Sasaran',
  program: 'Program',
  kegiatan: 'Kegiatan',
  sub_kegiatan: 'Sub kegiatan',
};

export const nodeKey = (node: Pick<CascadeNode, 'level' | 'id'>) => `${node.level}:${node.id}`;

/**
 * The tree pruned to the nodes whose kode or uraian contain every word of `query` (case-insensitive), with their
 * ancestors, so a match is always shown in its place; the whole tree when the query is blank, null when nothing matches.
 */
export function filterTree(node: CascadeNode, query: string): CascadeNode | null {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return node;
  const walk = (current: CascadeNode): CascadeNode | null => {
    const text = `${current.kode} ${current.uraian}`.toLowerCase();
    const children = current.children.map(walk).filter((c): c is CascadeNode => c !== null);
    if (words.every((word) => text.includes(word)) || children.length) return { ...current, children };
    return null;
  };
  return walk(node);
}

export function matches(node: CascadeNode, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${node.kode} ${node.uraian}`.toLowerCase();
  return words.length > 0 && words.every((word) => text.includes(word));
}

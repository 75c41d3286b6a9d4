/** A row of a report tree as the API sends it: pre-order, each with its depth (0 = the top). */
export type TreeRow = { depth: number };

/** Whether the row at `index` has children: the row after it is deeper. */
export function hasChildren(rows: readonly TreeRow[], index: number): boolean {
  const next = rows[index + 1];
  return next !== undefined && next.depth > (rows[index]?.depth ?? 0);
}

/**
 * The rows to show when the rows at the indices in `collapsed` are closed: a closed row stays, the rows after it
 * that are deeper (its descendants) are hidden. Each with its index in `rows`.
 */
export function visibleRows<T extends TreeRow>(
  rows: readonly T[],
  collapsed: ReadonlySet<number>,
): { row: T; index: number }[] {
  const shown: { row: T; index: number }[] = [];
  let hiddenBelow = Number.POSITIVE_INFINITY;
  rows.forEach((row, index) => {
    if (row.depth > hiddenBelow) return;
    hiddenBelow = collapsed.has(index) ? row.depth : Number.POSITIVE_INFINITY;
    shown.push({ row, index });
  });
  return shown;
}

/** The indices of every row with children at `depth` or deeper: closing them shows the tree down to `depth`. */
export function collapsedFrom(rows: readonly TreeRow[], depth: number): Set<number> {
  const closed = new Set<number>();
  rows.forEach((row, index) => {
    if (row.depth >= depth && hasChildren(rows, index)) closed.add(index);
  });
  return closed;
}

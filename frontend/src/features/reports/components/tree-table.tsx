import { ScrollRegion } from '@/components/ui/scroll-region';
import { useState, type ReactNode } from 'react';
import { collapsedFrom, hasChildren, visibleRows, type TreeRow } from '../tree-rows';

export type TreeColumn<T> = {
  key: string;
  header: string;
  numeric?: boolean;
  cell: (row: T) => ReactNode;
};

type Props<T extends TreeRow> = {
  caption: string;
  rows: readonly T[];
  /** the first cell of a row: its code and name, after the open/close toggle */
  label: (row: T) => ReactNode;
  labelHeader: string;
  columns: readonly TreeColumn<T>[];
  /** the total row at the foot */
  total?: { label: string; cells: Record<string, ReactNode> };
  rowClass?: (row: T) => string | undefined;
  /** rows at this depth and deeper start closed (default: all open) */
  closedFrom?: number;
};

/**
 * A report tree as a table: rows in pre-order with their depth, each parent opening and closing its children,
 * and "open to a level" shortcuts. The figures of every row are the server's (parents are not summed here).
 */
export function TreeTable<T extends TreeRow>({
  caption,
  rows,
  label,
  labelHeader,
  columns,
  total,
  rowClass,
  closedFrom,
}: Props<T>) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() =>
    closedFrom === undefined ? new Set() : collapsedFrom(rows, closedFrom),
  );
  const toggle = (index: number) =>
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });
  const depths = [...new Set(rows.map((row) => row.depth))].sort((a, b) => a - b);
  return (
    <>
      {depths.length > 1 && (
        <div className="tree-controls" role="group" aria-label="Tampilan pohon">
          <button type="button" className="button button-small button-ghost" onClick={() => setCollapsed(new Set())}>
            Buka semua
          </button>
          <button
            type="button"
            className="button button-small button-ghost"
            onClick={() => setCollapsed(collapsedFrom(rows, depths[0] ?? 0))}
          >
            Tutup semua
          </button>
        </div>
      )}
      <ScrollRegion label={caption}>
        <table className="table table-compact report-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{labelHeader}</th>
              {columns.map((column) => (
                <th key={column.key} scope="col" className={column.numeric ? 'num' : undefined}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visibleRows(rows, collapsed).map(({ row, index }) => {
              const parent = hasChildren(rows, index);
              const open = !collapsed.has(index);
              return (
                <tr key={index} className={rowClass?.(row) ?? (parent ? 'tree-parent' : undefined)}>
                  <th scope="row" className="tree-cell" style={{ paddingLeft: `${0.75 + row.depth * 1.1}rem` }}>
                    {parent ? (
                      <button
                        type="button"
                        className="tree-toggle"
                        aria-expanded={open}
                        aria-label={open ? 'Tutup' : 'Buka'}
                        onClick={() => toggle(index)}
                      >
                        <span className="tree-caret" aria-hidden="true">
                          {open ? '▾' : '▸'}
                        </span>
                      </button>
                    ) : (
                      <span className="tree-caret" aria-hidden="true" />
                    )}
                    {label(row)}
                  </th>
                  {columns.map((column) => (
                    <td key={column.key} className={column.numeric ? 'num' : undefined}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
          {total && (
            <tfoot>
              <tr className="report-total">
                <th scope="row">{total.label}</th>
                {columns.map((column) => (
                  <td key={column.key} className={column.numeric ? 'num' : undefined}>
                    {total.cells[column.key] ?? ''}
                  </td>
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </ScrollRegion>
    </>
  );
}

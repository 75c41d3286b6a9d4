import { Fragment, useRef, type ClipboardEvent, type KeyboardEvent, type ReactNode } from 'react';

export type GridValue = string | boolean;
export type GridRow = Record<string, GridValue>;

export type GridColumn = {
  key: string;
  label: string;
  /** text (default), number (right-aligned, decimal keyboard), select (options) or checkbox. */
  kind?: 'text' | 'number' | 'select' | 'checkbox';
  options?: readonly { value: string; label: string }[];
  readOnly?: boolean;
  width?: string;
};

type EditableGridProps<Row extends GridRow> = {
  caption: string;
  columns: readonly GridColumn[];
  rows: readonly Row[];
  /** Names the row in every cell's accessible label ("Target 2026, Angka harapan hidup"). */
  rowLabel: (row: Row, index: number) => string;
  onChange: (rows: Row[]) => void;
  /** A blank row, when pasting a block taller than the grid may add rows. */
  newRow?: () => Row;
  /** Messages from the server per row index and column key, shown in the cell. */
  errors?: Readonly<Record<number, Readonly<Record<string, string>>>>;
  readOnly?: boolean;
  /** Extra cells at the end of each row (e.g. a delete button). */
  rowActions?: (row: Row, index: number) => ReactNode;
  /** A heading row spanning the grid before this row (e.g. where the rincian's kelompok changes); null for none. */
  rowHeading?: (row: Row, index: number) => string | null;
  /** A class for the row (e.g. to mark an unbalanced one). */
  rowClassName?: (row: Row, index: number) => string | undefined;
};

const TRUE_WORDS = new Set(['ya', 'y', 'yes', 'true', '1', 'x', '✓']);

/** A tab-separated block as Excel, LibreOffice or Google Sheets put it on the clipboard → rows of cells. */
export function parseClipboardBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.split('\t'));
}

function cellValue(column: GridColumn, text: string): GridValue | undefined {
  const trimmed = text.trim();
  if (column.kind === 'checkbox') return TRUE_WORDS.has(trimmed.toLowerCase());
  if (column.kind === 'select') {
    const lower = trimmed.toLowerCase();
    return column.options?.find((o) => o.value.toLowerCase() === lower || o.label.toLowerCase() === lower)?.value;
  }
  return trimmed;
}

/**
 * A spreadsheet-like table of inputs: arrow keys and Enter move between cells, and a block pasted from Excel fills
 * the cells from the focused one rightwards and downwards (adding rows when `newRow` is given). Every cell is a real
 * labelled form control, so screen readers, the browser's own undo and the tests all see it.
 */
export function EditableGrid<Row extends GridRow>({
  caption,
  columns,
  rows,
  rowLabel,
  onChange,
  newRow,
  errors,
  readOnly = false,
  rowActions,
  rowHeading,
  rowClassName,
}: EditableGridProps<Row>) {
  const tableRef = useRef<HTMLTableElement>(null);
  const editable = columns.map((column) => !readOnly && !column.readOnly);

  function focusCell(row: number, col: number) {
    const cell = tableRef.current?.querySelector<HTMLElement>(`[data-row="${row}"][data-col="${col}"]`);
    cell?.focus();
    if (cell instanceof HTMLInputElement && cell.type !== 'checkbox') cell.select();
  }

  function setCell(rowIndex: number, key: string, value: GridValue) {
    onChange(rows.map((row, index) => (index === rowIndex ? { ...row, [key]: value } : row)));
  }

  function handleKeyDown(event: KeyboardEvent<HTMLElement>, row: number, col: number) {
    const target = event.currentTarget;
    const isText = target instanceof HTMLInputElement && target.type !== 'checkbox';
    const atStart = !isText || (target.selectionStart === 0 && target.selectionEnd === 0);
    const atEnd = !isText || target.selectionStart === target.value.length;
    const moves: Record<string, [number, number] | null> = {
      ArrowUp: [row - 1, col],
      ArrowDown: [row + 1, col],
      Enter: target instanceof HTMLSelectElement ? null : [row + 1, col],
      ArrowLeft: atStart ? [row, col - 1] : null,
      ArrowRight: atEnd ? [row, col + 1] : null,
    };
    const move = moves[event.key];
    if (!move || target instanceof HTMLSelectElement && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) return;
    const [nextRow, nextCol] = move;
    if (nextRow < 0 || nextRow >= rows.length || nextCol < 0 || nextCol >= columns.length) return;
    event.preventDefault();
    focusCell(nextRow, nextCol);
  }

  function handlePaste(event: ClipboardEvent<HTMLElement>, row: number, col: number) {
    const text = event.clipboardData.getData('text/plain');
    if (!text.includes('\t') && !text.includes('\n')) return; // one value: the input pastes it itself
    event.preventDefault();
    const block = parseClipboardBlock(text);
    const next = [...rows];
    block.forEach((cells, r) => {
      const rowIndex = row + r;
      if (rowIndex >= next.length) {
        if (!newRow) return;
        next.push(newRow());
      }
      const updated: GridRow = { ...next[rowIndex]! };
      cells.forEach((text, c) => {
        const column = columns[col + c];
        if (!column || !editable[col + c]) return;
        const value = cellValue(column, text);
        if (value !== undefined) updated[column.key] = value;
      });
      next[rowIndex] = updated as Row;
    });
    onChange(next);
  }

  return (
    // Read-only, the cells cannot take focus: the box itself does, so a keyboard can still scroll it sideways.
    <div
      className="grid-scroll"
      {...(readOnly ? { role: 'region', 'aria-label': caption, tabIndex: 0 } : {})}
    >
      <table className="editable-grid" ref={tableRef}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" style={column.width ? { minWidth: column.width } : undefined}>
                {column.label}
              </th>
            ))}
            {rowActions && (
              <th scope="col">
                <span className="visually-hidden">Aksi</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, rowIndex) => {
            const heading = rowHeading?.(row, rowIndex);
            return (
            <Fragment key={rowIndex}>
            {heading && (
              <tr className="grid-heading">
                <th scope="rowgroup" colSpan={columns.length + (rowActions ? 1 : 0)}>
                  {heading}
                </th>
              </tr>
            )}
            <tr className={rowClassName?.(row, rowIndex)}>
              {columns.map((column, colIndex) => {
                const label = `${column.label}, ${rowLabel(row, rowIndex)}`;
                const error = errors?.[rowIndex]?.[column.key];
                const errorId = error ? `grid-error-${rowIndex}-${column.key}` : undefined;
                const common = {
                  'data-row': rowIndex,
                  'data-col': colIndex,
                  'aria-label': label,
                  'aria-invalid': error ? true : undefined,
                  'aria-describedby': errorId,
                  disabled: !editable[colIndex],
                  onKeyDown: (event: KeyboardEvent<HTMLElement>) => handleKeyDown(event, rowIndex, colIndex),
                  onPaste: (event: ClipboardEvent<HTMLElement>) => handlePaste(event, rowIndex, colIndex),
                };
                const value = row[column.key];
                return (
                  <td key={column.key} className={column.kind === 'number' ? 'cell-number' : undefined}>
                    {column.kind === 'checkbox' ? (
                      <input
                        type="checkbox"
                        {...common}
                        checked={value === true}
                        onChange={(event) => setCell(rowIndex, column.key, event.target.checked)}
                      />
                    ) : column.kind === 'select' ? (
                      <select
                        {...common}
                        value={String(value ?? '')}
                        onChange={(event) => setCell(rowIndex, column.key, event.target.value)}
                      >
                        {column.options?.map((option) => (
                          <option key={option.value} value={option.value}>
                            {option.label}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        type="text"
                        inputMode={column.kind === 'number' ? 'decimal' : undefined}
                        {...common}
                        value={String(value ?? '')}
                        onChange={(event) => setCell(rowIndex, column.key, event.target.value)}
                      />
                    )}
                    {error && (
                      <span className="cell-error" id={errorId}>
                        {error}
                      </span>
                    )}
                  </td>
                );
              })}
              {rowActions && <td className="cell-actions">{rowActions(row, rowIndex)}</td>}
            </tr>
            </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

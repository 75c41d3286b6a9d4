import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { EditableGrid, parseClipboardBlock, type GridColumn, type GridRow } from './editable-grid';

const columns: GridColumn[] = [
  { key: 'nama', label: 'Indikator' },
  { key: 'iku', label: 'IKU', kind: 'checkbox' },
  { key: 't2026', label: 'Target 2026', kind: 'number' },
  { key: 't2027', label: 'Target 2027', kind: 'number' },
];
const blank = (): GridRow => ({ nama: '', iku: false, t2026: '', t2027: '' });

function Harness({ initial, onRows }: { initial: GridRow[]; onRows: (rows: GridRow[]) => void }) {
  const [rows, setRows] = useState(initial);
  return (
    <EditableGrid
      caption="Indikator"
      columns={columns}
      rows={rows}
      rowLabel={(row, i) => String(row.nama || `baris ${i + 1}`)}
      onChange={(next) => {
        setRows(next);
        onRows(next);
      }}
      newRow={blank}
      errors={{ 1: { t2026: 'Target wajib angka.' } }}
    />
  );
}

function paste(target: Element, text: string) {
  fireEvent.paste(target, { clipboardData: { getData: () => text } });
}

test('a block pasted from Excel fills cells from the focused one and adds the rows it needs', () => {
  // given a grid of one row
  let rows: GridRow[] = [];
  render(<Harness initial={[{ ...blank(), nama: 'AHH' }]} onRows={(next) => (rows = next)} />);

  // when two rows × three columns (indicator, IKU, 2026) are pasted on the first name cell
  paste(screen.getByLabelText('Indikator, AHH'), 'Angka harapan hidup\tya\t72,5\r\nIPM\t\t1.234,5\r\n');

  // then the cells are filled, a row is added, the checkbox reads "ya", and 2027 is untouched
  expect(rows).toEqual([
    { nama: 'Angka harapan hidup', iku: true, t2026: '72,5', t2027: '' },
    { nama: 'IPM', iku: false, t2026: '1.234,5', t2027: '' },
  ]);
  expect(screen.getByLabelText('Target 2026, IPM')).toHaveValue('1.234,5');
});

test('arrow keys and Enter move between cells', async () => {
  // given
  const user = userEvent.setup();
  render(<Harness initial={[{ ...blank(), nama: 'A' }, { ...blank(), nama: 'B' }]} onRows={() => {}} />);
  const first = screen.getByLabelText('Target 2026, A');

  // when / then
  await user.click(first);
  await user.keyboard('{ArrowDown}');
  expect(screen.getByLabelText('Target 2026, B')).toHaveFocus();
  await user.keyboard('{ArrowUp}{ArrowRight}');
  expect(screen.getByLabelText('Target 2027, A')).toHaveFocus();
  await user.keyboard('{Enter}');
  expect(screen.getByLabelText('Target 2027, B')).toHaveFocus();
});

test('a server message is shown in its cell and marks it invalid', () => {
  render(<Harness initial={[blank(), { ...blank(), nama: 'B' }]} onRows={() => {}} />);

  const cell = screen.getByLabelText('Target 2026, B');
  expect(cell).toHaveAttribute('aria-invalid', 'true');
  expect(cell).toHaveAccessibleDescription('Target wajib angka.');
});

test('the clipboard block parser keeps empty cells and drops the trailing newline', () => {
  expect(parseClipboardBlock('a\t\tc\nd\te\tf\n')).toEqual([
    ['a', '', 'c'],
    ['d', 'e', 'f'],
  ]);
});

import { ApiError } from '@/api/client';
import { fieldErrors, statusHint } from './api-errors';

test("a 400's field errors become one message per field, nested ones included", () => {
  // given DRF's answer to a bad indicator
  const error = new ApiError(400, {
    satuan: ['Wajib diisi.'],
    targets: [{ target: ['Bukan angka.'] }, {}],
    non_field_errors: ['Indikator harus melekat pada satu baris.'],
  });

  // when / then
  expect(fieldErrors(error)).toEqual({
    satuan: 'Wajib diisi.',
    targets: 'Bukan angka.',
    non_field_errors: 'Indikator harus melekat pada satu baris.',
  });
  expect(fieldErrors(new ApiError(409, { detail: 'Terkunci.', code: 'document_locked' }))).toEqual({});
});

test.each([
  [403, /tidak memiliki hak/],
  [404, /tidak ada/],
  [409, /Muat ulang/],
  [412, /diubah orang lain/],
])('status %i is explained in words', (status, expected) => {
  expect(statusHint(new ApiError(status, { detail: 'x', code: 'y' }))).toMatch(expected);
});

test('a 400 or a network error needs no status hint', () => {
  expect(statusHint(new ApiError(400, {}))).toBeNull();
  expect(statusHint(new TypeError('Failed to fetch'))).toBeNull();
});

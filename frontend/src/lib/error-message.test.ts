import { ApiError } from '@/api/client';
import { errorMessage } from './error-message';

test.each([
  ['a detail', new ApiError(403, { detail: 'Akun dikunci.', code: 'permission_denied' }), 'Akun dikunci.'],
  ['non-field errors', new ApiError(400, { non_field_errors: ['Salah.', 'Coba lagi.'] }), 'Salah. Coba lagi.'],
  ['field errors', new ApiError(400, { kode: ['Format kode salah.'] }), 'kode: Format kode salah.'],
  ['an HTML error page', new ApiError(502, '<html>Bad Gateway</html>'), 'Server sedang bermasalah. Coba lagi nanti.'],
  ['a network failure', new TypeError('Failed to fetch'), 'Tidak dapat menghubungi server. Periksa koneksi Anda.'],
  ['a raw DRF body', { detail: 'Tidak ditemukan.', code: 'not_found' }, 'Tidak ditemukan.'],
  ['anything else', undefined, 'Terjadi kesalahan. Coba lagi.'],
])('%s becomes a sentence for the user', (_case, error, expected) => {
  expect(errorMessage(error)).toBe(expected);
});

import { ApiError } from '@/api/client';

/** DRF's 400 body `{field: ["message", …]}` → `{field: "message …"}` for the inputs of a form; {} for anything else. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const body = error.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const errors: Record<string, string> = {};
  for (const [field, value] of Object.entries(body as Record<string, unknown>)) {
    const texts = flatten(value);
    if (texts.length) errors[field] = texts.join(' ');
  }
  return errors;
}

function flatten(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(flatten);
  return [];
}

const HINTS: Record<number, string> = {
  403: 'Peran Anda tidak memiliki hak untuk tindakan ini. Hubungi administrator bila Anda memerlukannya.',
  404: 'Data ini tidak ada, sudah dihapus, atau berada di luar lingkup pemda / perangkat daerah Anda.',
  409: 'Perubahan ditolak karena keadaan data tidak mengizinkannya (misalnya dokumen sudah diajukan atau terkunci, atau data telah diubah pengguna lain). Muat ulang halaman untuk melihat keadaan terbaru.',
  412: 'Data ini telah diubah orang lain sejak Anda membukanya. Muat ulang halaman, lalu ulangi perubahan Anda.',
};

/** What an HTTP status means for the person, beside the server's own message; null when there is nothing to add. */
export function statusHint(error: unknown): string | null {
  return error instanceof ApiError ? (HINTS[error.status] ?? null) : null;
}

import { ApiError } from '@/api/client';

const FALLBACK = 'Terjadi kesalahan. Coba lagi.';

function fromBody(body: unknown): string | null {
  if (typeof body === 'string') return body && !body.trimStart().startsWith('<') ? body : null;
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  if (typeof record.detail === 'string') return record.detail;
  const messages: string[] = [];
  for (const [field, value] of Object.entries(record)) {
    const texts = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    if (texts.length === 0) continue;
    messages.push(field === 'non_field_errors' ? texts.join(' ') : `${field}: ${texts.join(' ')}`);
  }
  return messages.length ? messages.join(' ') : null;
}

/** A sentence for the user from whatever a failed call threw: an ApiError, a DRF body, or a network error. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    return fromBody(error.body) ?? (error.status >= 500 ? 'Server sedang bermasalah. Coba lagi nanti.' : FALLBACK);
  }
  if (error instanceof TypeError) return 'Tidak dapat menghubungi server. Periksa koneksi Anda.';
  return fromBody(error) ?? FALLBACK;
}

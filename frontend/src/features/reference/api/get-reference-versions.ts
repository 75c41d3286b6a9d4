import { $api, type Schemas } from '@/api/client';
import type { ReferenceKind } from '../kinds';

export type ReferenceVersion = Schemas['ReferenceVersion'];

export function useReferenceVersions(kind: ReferenceKind) {
  return $api.useQuery('get', '/api/reference-versions/', {
    params: { query: { kind, page_size: 100 } },
  });
}

/** The version in force this year, else the newest one. */
export function defaultVersion(
  versions: readonly ReferenceVersion[],
  year = new Date().getFullYear(),
): ReferenceVersion | undefined {
  const newestFirst = [...versions].sort((a, b) => b.tahun_mulai - a.tahun_mulai || b.id - a.id);
  return newestFirst.find((v) => v.tahun_mulai <= year && year <= v.tahun_selesai) ?? newestFirst[0];
}

export function versionLabel(version: ReferenceVersion): string {
  const level = version.pemda_level === 'PROV' ? ' · Provinsi' : version.pemda_level === 'KABKOT' ? ' · Kab/Kota' : '';
  return `${version.legal_basis} (${version.tahun_mulai}–${version.tahun_selesai})${level}`;
}

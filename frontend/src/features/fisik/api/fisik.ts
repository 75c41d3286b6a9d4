import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { $api, fetchClient, unwrap, type Schemas } from '@/api/client';

export type FisikEntry = Schemas['RealisasiFisik'];
export type Foto = Schemas['RealisasiFisikFoto'];
export type RfkRow = Schemas['RfkRow'];

const ALL = 1000;

/** The OPDs to choose from (a TAPD / BPKAD user; an OPD user has only its own). */
export function useOpdOptions(enabled: boolean) {
  return $api.useQuery(
    'get',
    '/api/perangkat-daerah/',
    { params: { query: { page_size: ALL, is_active: true, is_sub_unit: false } } },
    { enabled },
  );
}

/**
 * The OPD's DPA sub kegiatan with their pagu and progress s.d. `bulan`, from the RFK report (one row per sub
 * kegiatan at level `sub_kegiatan`).
 */
export function useSubKegiatan(query: { tahun: number; bulan: number; perangkat_daerah: number | undefined }) {
  return $api.useQuery(
    'get',
    '/api/reports/rfk/',
    { params: { query: { ...query, level: 'sub_kegiatan' } } },
    {
      enabled: query.perangkat_daerah !== undefined,
      placeholderData: keepPreviousData,
      select: (data: Schemas['RfkReport'] | string): RfkRow[] => {
        if (typeof data === 'string') throw new Error('Laporan tidak dikirim sebagai JSON.');
        return data.rows.filter((row) => row.level === 'sub_kegiatan');
      },
    },
  );
}

/** Every month's progress of one sub kegiatan of one OPD in the year. */
export function useFisikEntries(query: { tahun: number; perangkat_daerah: number | undefined; sub: string | undefined }) {
  const enabled = query.perangkat_daerah !== undefined && Boolean(query.sub);
  return $api.useQuery(
    'get',
    '/api/realisasi-fisik/',
    {
      params: {
        query: { tahun: query.tahun, opd: query.perangkat_daerah, sub_kegiatan_kode: query.sub, page_size: 12 },
      },
    },
    { enabled },
  );
}

export type FisikInput = { persen: string; permasalahan: string; tindak_lanjut: string };

/** Record the month's progress (POST) or correct it (PATCH with its version); the answer says `menurun`. */
export function useSaveFisik() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (
      input: FisikInput &
        ({ entry: FisikEntry } | { entry?: undefined; perangkat_daerah: number; tahun: number; bulan: number; sub: string }),
    ): Promise<FisikEntry> => {
      const body = { persen: input.persen, permasalahan: input.permasalahan, tindak_lanjut: input.tindak_lanjut };
      if (input.entry) {
        const { id, version } = input.entry;
        return unwrap(
          await fetchClient.PATCH('/api/realisasi-fisik/{id}/', { params: { path: { id } }, body: { ...body, version } }),
        );
      }
      return unwrap(
        await fetchClient.POST('/api/realisasi-fisik/', {
          body: {
            ...body,
            perangkat_daerah: input.perangkat_daerah,
            tahun: input.tahun,
            bulan: input.bulan,
            sub_kegiatan_kode: input.sub,
          },
        }),
      );
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['get', '/api/realisasi-fisik/'] }),
        queryClient.invalidateQueries({ queryKey: ['get', '/api/reports/rfk/'] }),
      ]),
  });
}

/** The photos of one month's entry. */
export function useFotoList(entry: number | undefined) {
  return $api.useQuery(
    'get',
    '/api/realisasi-fisik-foto/',
    { params: { query: { entry, page_size: 100 } } },
    { enabled: entry !== undefined },
  );
}

export type Position = { latitude: string; longitude: string };

/** The device's position now, or null (no permission, no fix within the timeout, no geolocation at all). */
export function currentPosition(timeout = 8000): Promise<Position | null> {
  const geolocation = globalThis.navigator?.geolocation;
  if (!geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    geolocation.getCurrentPosition(
      ({ coords }) => resolve({ latitude: coords.latitude.toFixed(6), longitude: coords.longitude.toFixed(6) }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout, maximumAge: 60_000 },
    );
  });
}

export type UploadInput = { entry: number; file: File; keterangan: string; position: Position | null };

/** Upload a photo (multipart); the server reads its EXIF GPS and uses `position` only for a photo without one. */
export function useUploadFoto() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ entry, file, keterangan, position }: UploadInput): Promise<Foto> => {
      const form = new FormData();
      form.append('file', file);
      form.append('keterangan', keterangan);
      if (position) {
        form.append('latitude', position.latitude);
        form.append('longitude', position.longitude);
      }
      return unwrap(
        await fetchClient.POST('/api/realisasi-fisik/{id}/foto/', {
          params: { path: { id: entry } },
          // the typed body names the fields; the request itself is the FormData, sent as multipart
          body: { file: '', keterangan },
          bodySerializer: () => form,
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['get', '/api/realisasi-fisik-foto/'] }),
  });
}

export function useDeleteFoto() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) => {
      const result = await fetchClient.DELETE('/api/realisasi-fisik-foto/{id}/', { params: { path: { id } } });
      if (!result.response.ok) unwrap(result);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['get', '/api/realisasi-fisik-foto/'] }),
  });
}

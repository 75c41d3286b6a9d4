import { Component, lazy, Suspense, useMemo, useRef, useState, type ReactNode } from 'react';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { formatDateTime, formatDecimal } from '@/lib/format';
import {
  currentPosition,
  useDeleteFoto,
  useFotoList,
  useUploadFoto,
  type FisikEntry,
  type Foto,
} from '../api/fisik';
import type { MapPoint } from './photo-map';

// Leaflet is only fetched when a photo with a position is shown.
const PhotoMap = lazy(() => import('./photo-map'));

/** Without the map (its chunk did not load) the photos are still listed. */
class MapBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    return this.state.failed ? <p className="muted">Peta tidak dapat dimuat; daftar foto tetap tersedia.</p> : this.props.children;
  }
}

const SOURCE: Record<string, string> = { exif: 'GPS foto', browser: 'lokasi perangkat saat unggah' };

/** The photos' positions as map points (photos without one are left out). */
export function mapPoints(fotos: readonly Foto[]): MapPoint[] {
  return fotos.flatMap((foto) =>
    foto.latitude !== null && foto.longitude !== null
      ? [
          {
            id: foto.id,
            latitude: Number(foto.latitude),
            longitude: Number(foto.longitude),
            label: foto.keterangan || `Foto ${foto.id}`,
          },
        ]
      : [],
  );
}

function FotoCard({ foto, canDelete }: { foto: Foto; canDelete: boolean }) {
  const remove = useDeleteFoto();
  const title = foto.keterangan || `Foto ${foto.id}`;
  return (
    <li className="foto-card">
      <a href={foto.file_url} target="_blank" rel="noreferrer" title="Buka foto asli">
        <img src={foto.thumbnail_url} alt={title} loading="lazy" width={160} height={120} />
      </a>
      <div className="foto-meta">
        <strong>{title}</strong>
        <span>{foto.taken_at ? `Diambil ${formatDateTime(foto.taken_at)}` : 'Waktu pengambilan tidak diketahui'}</span>
        <span>
          {foto.latitude !== null && foto.longitude !== null
            ? `${formatDecimal(foto.latitude)}, ${formatDecimal(foto.longitude)} (${SOURCE[foto.lokasi_sumber] ?? ''})`
            : 'Tanpa lokasi'}
        </span>
        <span className="muted">
          Diunggah {foto.created_by_username ?? ''} · {formatDateTime(foto.created_at)}
        </span>
        {canDelete && (
          <button
            type="button"
            className="button button-small"
            disabled={remove.isPending}
            onClick={() => {
              if (globalThis.confirm(`Hapus foto "${title}"?`)) remove.mutate(foto.id);
            }}
          >
            Hapus
          </button>
        )}
        {remove.isError && <ErrorAlert error={remove.error} />}
      </div>
    </li>
  );
}

function UploadForm({ entry }: { entry: number }) {
  const upload = useUploadFoto();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [keterangan, setKeterangan] = useState('');
  const [withLocation, setWithLocation] = useState(true);
  const [locating, setLocating] = useState(false);
  const [missing, setMissing] = useState(false);
  const errors = fieldErrors(upload.error);
  const fileError = (missing ? 'Pilih atau ambil foto terlebih dahulu.' : null) ?? errors.file;
  const otherError = upload.isError && !errors.file && !errors.keterangan;
  const locationError = errors.latitude ?? errors.longitude;

  return (
    <form
      className="foto-upload"
      aria-label="Unggah foto"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!file) {
          setMissing(true);
          return;
        }
        setMissing(false);
        let position = null;
        if (withLocation) {
          setLocating(true);
          position = await currentPosition();
          setLocating(false);
        }
        upload.mutate(
          { entry, file, keterangan, position },
          {
            onSuccess: () => {
              setFile(null);
              setKeterangan('');
              if (fileInput.current) fileInput.current.value = '';
            },
          },
        );
      }}
    >
      <label className="field">
        <span>Foto (JPEG, PNG atau WebP, paling besar 10 MB)</span>
        <input
          ref={fileInput}
          type="file"
          name="file"
          accept="image/*"
          capture="environment"
          aria-invalid={Boolean(fileError)}
          aria-describedby={fileError ? 'foto-file-error' : undefined}
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setMissing(false);
          }}
        />
        {fileError && (
          <span id="foto-file-error" className="field-error">
            {fileError}
          </span>
        )}
      </label>
      <label className="field">
        <span>Keterangan</span>
        <input
          name="keterangan"
          value={keterangan}
          maxLength={500}
          onChange={(event) => setKeterangan(event.target.value)}
          placeholder="mis. Pengecoran lantai 2"
        />
        {errors.keterangan && <span className="field-error">{errors.keterangan}</span>}
      </label>
      <label className="field-inline">
        <input type="checkbox" checked={withLocation} onChange={(event) => setWithLocation(event.target.checked)} />
        <span>Kirim lokasi perangkat (dipakai bila foto tidak memuat GPS)</span>
      </label>
      {locationError && <p className="field-error">Lokasi: {locationError}</p>}
      {otherError && <ErrorAlert error={upload.error} />}
      <div>
        <button type="submit" className="button button-primary" disabled={upload.isPending || locating}>
          {locating ? 'Mencari lokasi…' : upload.isPending ? 'Mengunggah…' : 'Unggah foto'}
        </button>
      </div>
    </form>
  );
}

type Props = { entry: FisikEntry | undefined; canWrite: boolean; monthName: string };

/** The photos of the month's entry: thumbnails with when and where, the upload, and the map of their positions. */
export function FotoSection({ entry, canWrite, monthName }: Props) {
  const list = useFotoList(entry?.id);
  const fotos = useMemo(() => list.data?.results ?? [], [list.data]);
  const points = useMemo(() => mapPoints(fotos), [fotos]);
  return (
    <div className="panel fisik-foto" aria-labelledby="foto-title">
      <h2 id="foto-title">Foto bukti {monthName}</h2>
      {!entry && <EmptyState>Simpan realisasi fisik bulan ini terlebih dahulu, lalu unggah fotonya.</EmptyState>}
      {entry && list.isPending && <Loading label="Memuat foto…" />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {entry && list.isSuccess && fotos.length === 0 && <EmptyState>Belum ada foto untuk bulan ini.</EmptyState>}
      {fotos.length > 0 && (
        <ul className="foto-list" aria-label="Daftar foto">
          {fotos.map((foto) => (
            <FotoCard key={foto.id} foto={foto} canDelete={canWrite} />
          ))}
        </ul>
      )}
      {entry && canWrite && <UploadForm entry={entry.id} />}
      {points.length > 0 && (
        <>
          <h3>Peta lokasi foto</h3>
          <MapBoundary>
            <Suspense fallback={<Loading label="Memuat peta…" />}>
              <PhotoMap points={points} />
            </Suspense>
          </MapBoundary>
        </>
      )}
    </div>
  );
}

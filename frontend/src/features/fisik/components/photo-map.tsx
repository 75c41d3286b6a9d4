import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';

export type MapPoint = { id: number; latitude: number; longitude: number; label: string };

const TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

function escape(text: string): string {
  const span = document.createElement('span');
  span.textContent = text;
  return span.innerHTML;
}

/**
 * The photos' positions on OpenStreetMap (Leaflet). A marker is an element of its own, so the points are there even
 * when the tiles cannot be fetched (offline); the list of photos beside the map does not depend on it.
 */
export default function PhotoMap({ points }: { points: readonly MapPoint[] }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!container.current) return undefined;
    const map = L.map(container.current, { scrollWheelZoom: false });
    L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
    const markers = points.map((point) =>
      L.marker([point.latitude, point.longitude], {
        title: point.label,
        alt: point.label,
        icon: L.divIcon({ className: 'foto-marker', iconSize: [18, 18], html: '' }),
      })
        .bindPopup(escape(point.label))
        .addTo(map),
    );
    const bounds = L.latLngBounds(points.map((point) => [point.latitude, point.longitude]));
    if (points.length === 1) map.setView(bounds.getCenter(), 16);
    else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    return () => {
      markers.forEach((marker) => marker.remove());
      map.remove();
    };
  }, [points]);

  return (
    <div
      ref={container}
      className="photo-map"
      role="region"
      aria-label={`Peta lokasi ${points.length} foto`}
      data-points={points.length}
    />
  );
}

import { render, screen } from '@testing-library/react';
import PhotoMap from './components/photo-map';

test('each photo point is a marker named by its photo, with the OpenStreetMap attribution', () => {
  // when
  const { container } = render(
    <PhotoMap
      points={[
        { id: 1, latitude: -6.908333, longitude: 107.6, label: 'Pondasi' },
        { id: 2, latitude: -6.91, longitude: 107.61, label: 'Atap' },
      ]}
    />,
  );

  // then: markers are elements of their own, there whether or not the tiles load
  const markers = [...container.querySelectorAll('.foto-marker')];
  expect(markers.map((marker) => marker.getAttribute('title'))).toEqual(['Pondasi', 'Atap']);
  expect(markers.every((marker) => marker.getAttribute('role') === 'button')).toBe(true);
  expect(screen.getByRole('region', { name: 'Peta lokasi 2 foto' })).toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'OpenStreetMap' })).toHaveAttribute('href', 'https://www.openstreetmap.org/copyright');
});

import { screen } from '@testing-library/react';
import { installFakeApi, page } from '@/test/fake-api';
import { bappedaUser, nomenklaturVersion } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';

test('the dashboard counts OPD and reference versions', async () => {
  // given
  installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    'GET /api/perangkat-daerah/': { body: page([], 1234) },
    'GET /api/reference-versions/': { body: page([nomenklaturVersion]) },
  });

  // when
  renderApp('/');

  // then
  expect(await screen.findByRole('link', { name: /Perangkat Daerah\s*1\.234/ })).toHaveAttribute(
    'href',
    '/perangkat-daerah',
  );
  expect(screen.getByRole('link', { name: /Versi referensi\s*1/ })).toBeInTheDocument();
  expect(screen.getByRole('cell', { name: 'Kepmendagri 900.1.15.5-1317/2023' })).toBeInTheDocument();
});

import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '@/api/client';
import { installFakeApi, page, type Routes } from '@/test/fake-api';
import { pemda } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';

// organisation/permissions.py:MATRIX, the row this screen looks at, for Bappeda.
const bappeda: Schemas['Me'] = {
  id: 2,
  username: 'bappeda',
  first_name: 'Rina',
  last_name: 'Perencana Bappeda',
  role: 'bappeda',
  role_label: 'Perencana Bappeda',
  pemda,
  perangkat_daerah: null as unknown as Schemas['Me']['perangkat_daerah'],
  is_superuser: false,
  permissions: { usulan: 'rwv', renja: 'rwsva', rpjmd: 'rwsva' },
};

function usulan(id: number, extra: Partial<Schemas['Usulan']> = {}): Schemas['Usulan'] {
  return {
    id,
    pemda: pemda.id,
    updated_by: 3,
    tahun: 2026,
    jenis: 'musrenbang',
    pengusul_jenis: 'desa',
    pengusul_nama: 'Desa Margahayu Kidul',
    lokasi: '99.01.04.2001',
    permasalahan: 'Genangan air',
    uraian: `Usulan nomor ${id}`,
    sub_kegiatan: null,
    perangkat_daerah: 3,
    volume: '1.0000',
    satuan: 'paket',
    perkiraan_biaya: '420000000.00',
    prioritas: 1,
    tahap: 'kecamatan',
    keputusan: 'diajukan',
    alasan: '',
    digabung_ke: null,
    renja_sub_kegiatan: null,
    renja_entry: null,
    reviews: [],
    created_at: '2026-01-05T02:00:00Z',
    updated_at: '2026-01-05T02:00:00Z',
    version: 1,
    ...extra,
  } as Schemas['Usulan'];
}

function setup(routes: Routes = {}) {
  return installFakeApi({
    'GET /api/auth/me/': { body: bappeda },
    'GET /api/usulan/': {
      body: page([
        usulan(11),
        usulan(12),
        usulan(13, {
          keputusan: 'diterima',
          tahap: 'kabupaten',
          renja_entry: { id: 90, kode: '1.02.02.2.01.0002', nama: 'Pembangunan Puskesmas', renja: 5, perangkat_daerah: 3 },
        }),
      ]),
    },
    'GET /api/usulan/pengusul/': { body: [{ pengusul_jenis: 'desa', pengusul_nama: 'Desa Margahayu Kidul', jumlah: 3 }] },
    ...routes,
  });
}

test('a refused bulk review lists every refused proposal with its reason and keeps the dialog open', async () => {
  // given: the server refuses the second proposal
  const api = setup({
    'POST /api/usulan/review-bulk/': {
      status: 400,
      body: {
        detail: '1 usulan tidak dapat dibahas.',
        code: 'bulk_rejected',
        errors: [{ index: 1, id: 12, field: 'keputusan', reason: 'Usulan yang ditolak atau digabung tidak dapat dibahas lagi.' }],
      },
    },
  });
  const { user } = renderApp('/usulan');

  // when
  await user.click(await screen.findByRole('checkbox', { name: 'Pilih Usulan nomor 11' }));
  await user.click(screen.getByRole('checkbox', { name: 'Pilih Usulan nomor 12' }));
  await user.click(screen.getByRole('button', { name: 'Terima terpilih' }));
  const dialog = await screen.findByRole('dialog', { name: 'Terima 2 usulan' });
  await user.click(within(dialog).getByRole('button', { name: 'Terima semua' }));

  // then
  const alert = await within(dialog).findByRole('alert');
  expect(alert).toHaveTextContent('Tidak ada yang disimpan: 1 usulan tidak dapat dibahas.');
  expect(alert).toHaveTextContent('Usulan nomor 12: Usulan yang ditolak atau digabung tidak dapat dibahas lagi.');
  const sent = api.requests.find((request) => request.url.endsWith('/api/usulan/review-bulk/'));
  expect(await sent?.json()).toEqual({ ids: [11, 12], tahap: 'kecamatan', keputusan: 'diterima', alasan: '' });
});

test('a bulk rejection asks for the reason before it is sent', async () => {
  // given
  const api = setup({ 'POST /api/usulan/review-bulk/': { body: [] } });
  const { user } = renderApp('/usulan');

  // when
  await user.click(await screen.findByRole('checkbox', { name: 'Pilih Usulan nomor 11' }));
  await user.click(screen.getByRole('button', { name: 'Tolak terpilih' }));
  const dialog = await screen.findByRole('dialog', { name: 'Tolak 1 usulan' });
  await user.click(within(dialog).getByRole('button', { name: 'Tolak semua' }));

  // then
  expect(await within(dialog).findByText('Alasan wajib diisi.')).toBeInTheDocument();
  expect(api.requests.some((request) => request.url.endsWith('/review-bulk/'))).toBe(false);

  // when
  await user.type(within(dialog).getByRole('textbox', { name: /Alasan penolakan/ }), 'Dapat dibiayai Dana Desa');
  await user.click(within(dialog).getByRole('button', { name: 'Tolak semua' }));

  // then
  await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
});

test('the filters live in the address and an accepted proposal links to its Renja row', async () => {
  // given
  const api = setup();
  const { user, router } = renderApp('/usulan?jenis=musrenbang&lokasi=99.01.04');

  // when
  const link = await screen.findByRole('link', { name: /Pembangunan Puskesmas/ });
  await user.selectOptions(screen.getByRole('combobox', { name: 'Sampai tahap' }), 'opd');

  // then
  expect(link).toHaveAttribute('href', '/renja?opd=3&dokumen=5');
  await waitFor(() => expect(router.state.location.search).toContain('sampai_tahap=opd'));
  const asked = api.requests.map((request) => new URL(request.url)).filter((url) => url.pathname === '/api/usulan/');
  expect(asked.at(0)?.searchParams.get('lokasi')).toBe('99.01.04');
  expect(asked.at(-1)?.searchParams.get('sampai_tahap')).toBe('opd');
});

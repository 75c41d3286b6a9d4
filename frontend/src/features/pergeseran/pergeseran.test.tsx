import { screen, waitFor, within } from '@testing-library/react';
import { ApiError, type Schemas } from '@/api/client';
import { installFakeApi, page } from '@/test/fake-api';
import { bappedaUser, permissionsFor } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';
import { payload } from './components/item-editor';
import { itemErrors } from './components/pergeseran-page';

const financeUser: Schemas['Me'] = {
  ...bappedaUser,
  id: 5,
  username: 'keuangan',
  role: 'finance',
  role_label: 'TAPD / BPKAD',
  permissions: permissionsFor('finance'),
};

const dpa = {
  id: 4,
  tahun: 2026,
  tahap: 'dpa' as const,
  tahap_label: 'DPA',
  nomor: 1,
  status: 'open' as const,
  sumber: 3,
  keterangan: '',
  aturan_renja: 'refuse' as const,
  closed_at: null,
  opd_locks: [],
  ringkasan: null,
  version: 1,
};

const line = {
  id: 880,
  anggaran: 4,
  perangkat_daerah: 3,
  jenis: 'belanja',
  sub_kegiatan: 55,
  sub_kegiatan_kode: '1.02.02.2.01.0001',
  akun: 9,
  akun_kode: '5.1.02.01.01.0004',
  komponen: 'Bensin Pertalite',
  volume_1: '3350.0000',
  satuan_1: 'Liter',
  koefisien: '3350 Liter x 4 Kali',
  harga_satuan: '9700.00',
  jumlah: '129980000.00',
};

function draft(createdBy: number, items: unknown[] = []) {
  return {
    id: 12,
    anggaran: 4,
    perangkat_daerah: 3,
    jenis: 'pergeseran' as const,
    uraian: 'Efisiensi BBM untuk alat kesehatan',
    status: 'draft' as const,
    lingkup: 'sub_kegiatan' as const,
    hasil: null,
    created_by: createdBy,
    updated_by: createdBy,
    approved_by: null,
    approved_at: null,
    items,
    version: 2,
  };
}

function api(pergeseran: ReturnType<typeof draft>) {
  return installFakeApi({
    'GET /api/auth/me/': { body: financeUser },
    'GET /api/anggaran/': { body: page([dpa]) },
    'GET /api/pergeseran/': { body: page([pergeseran]) },
    'GET /api/perangkat-daerah/': { body: page([]) },
    'GET /api/budget-lines/': { body: page([line]) },
    'GET /api/budget-lines/880/': { body: line },
  });
}

test('an item is sent with the fields the API takes only, and a refused save puts each error on its item', () => {
  expect(payload({ budget_line: 880, volume_1: '3000', harga_satuan: '9700.00', jumlah_sebelum: '1.00', line })).toEqual({
    budget_line: 880,
    volume_1: '3000',
    harga_satuan: '9700.00',
  });
  const refused = new ApiError(400, { items: [{}, { volume_1: ['Volume di bawah realisasi.'] }], uraian: ['Wajib diisi.'] });
  expect(itemErrors(refused)).toEqual({ items: [{}, { volume_1: 'Volume di bawah realisasi.' }], other: { uraian: 'Wajib diisi.' } });
});

test("a line found by its komponen joins the draft, is saved, and the server's before and after show on its row", async () => {
  const fake = api(draft(2));
  fake.route('PATCH /api/pergeseran/12/', async (request) => {
    const body = (await request.json()) as { items: { budget_line: number; volume_1: string }[] };
    return {
      body: {
        ...draft(2, [{ ...body.items[0], kunci: 'k', jumlah_sebelum: '129980000.00', jumlah_sesudah: '116400000.00', selisih: '-13580000.00' }]),
        version: 3,
      },
    };
  });
  const { user } = renderApp('/pergeseran');
  await user.click(await screen.findByRole('button', { name: '#12' }));
  const detail = screen.getByRole('region', { name: /Pergeseran #12/ });
  await user.type(within(detail).getByLabelText('Cari rincian (komponen)'), 'bensin');
  await user.click(await within(detail).findByRole('button', { name: /Bensin Pertalite/ }));
  const volume = within(detail).getByLabelText('Volume baru, Bensin Pertalite');
  await user.clear(volume);
  await user.type(volume, '3.000');
  await user.click(within(detail).getByRole('button', { name: 'Simpan rincian' }));

  const sent = fake.requests.find((r) => r.method === 'PATCH');
  await waitFor(() => expect(sent).toBeDefined());
  expect(await sent!.json()).toEqual({ items: [{ budget_line: 880, volume_1: '3000', harga_satuan: '9700.00' }], version: 2 });
  const row = (await screen.findByText(/-Rp.13\.580\.000,00/)).closest('tr')!;
  expect(row).toHaveTextContent(/Rp.116\.400\.000,00/);
});

test('the maker of a draft is not offered to approve it, and is told why', async () => {
  api(draft(financeUser.id));
  const { user } = renderApp('/pergeseran');
  await user.click(await screen.findByRole('button', { name: '#12' }));
  const detail = screen.getByRole('region', { name: /Pergeseran #12/ });
  expect(within(detail).getByRole('button', { name: 'Setujui' })).toBeDisabled();
  expect(within(detail).getByText(/tidak boleh menyetujuinya: minta rekan lain/)).toBeInTheDocument();
});

import { screen, within } from '@testing-library/react';
import type { Schemas } from '@/api/client';
import { installFakeApi, page } from '@/test/fake-api';
import { bappedaUser, leaderUser, permissionsFor } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';
import { inOrder, nextTahap } from './components/stages-page';

const financeUser: Schemas['Me'] = {
  ...bappedaUser,
  id: 5,
  username: 'keuangan',
  role: 'finance',
  role_label: 'TAPD / BPKAD',
  permissions: permissionsFor('finance'),
};

function totals(belanja: string) {
  return {
    pendapatan: '900.00',
    belanja,
    surplus_defisit: (900 - Number(belanja)).toFixed(2),
    penerimaan_pembiayaan: '300.00',
    pengeluaran_pembiayaan: '50.00',
    pembiayaan_netto: '250.00',
    jumlah_rincian: 5,
  };
}

function stage(id: number, tahap: Schemas['TahapAnggaranEnum'], label: string, status: 'open' | 'closed', sumber: number | null) {
  return {
    id,
    tahun: 2026,
    tahap,
    tahap_label: label,
    nomor: 1,
    status,
    sumber,
    keterangan: '',
    aturan_renja: 'refuse' as const,
    closed_at: status === 'closed' ? '2026-03-01T02:00:00Z' : null,
    opd_locks: [],
    ringkasan: totals(id === 2 ? '1100.00' : '1000.00'),
    version: 1,
  };
}

const opd = [{ id: 3, kode: '1.02.0.00.0.00.01.0000', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', induk: null }];

function api(me: Schemas['Me'], stages = [stage(1, 'rka', 'RKA', 'closed', null), stage(2, 'apbd', 'APBD', 'open', 1)]) {
  return installFakeApi({
    'GET /api/auth/me/': { body: me },
    'GET /api/anggaran/': { body: page(stages) },
    'GET /api/perangkat-daerah/': { body: page(opd) },
  });
}

test('the stages read in order with the totals the server computed, and the comparison with the stage copied from', async () => {
  api(financeUser);
  renderApp('/tahapan');
  const table = await screen.findByRole('table', { name: 'Tahapan anggaran' });
  const apbd = within(table).getByRole('rowheader', { name: /APBD/ }).closest('tr')!;
  expect(apbd).toHaveTextContent(/Rp.1\.100,00/);
  expect(apbd).toHaveTextContent(/-Rp.200,00/);
  expect(within(apbd).getByText('disalin dari RKA')).toBeInTheDocument();
  expect(within(apbd).getByRole('link', { name: 'Bandingkan' })).toHaveAttribute(
    'href',
    '/laporan/perbandingan?tahun=2026&tahap=2&dengan=1',
  );
  expect(document.title).toBe('Tahapan Anggaran 2026 · Pagu');
});

test('TAPD closes the open stage after confirming, and sees the server refusal when there is one', async () => {
  const fake = api(financeUser);
  fake.route('POST /api/anggaran/2/close/', {
    status: 409,
    body: { detail: 'Tahap APBD 2026 sudah dikunci.', code: 'stage_closed' },
  });
  const { user } = renderApp('/tahapan');
  const table = await screen.findByRole('table', { name: 'Tahapan anggaran' });
  await user.click(within(table).getByRole('button', { name: 'Kunci' }));
  const dialog = await screen.findByRole('dialog', { name: 'Kunci APBD?' });
  await user.click(within(dialog).getByRole('button', { name: 'Kunci tahap' }));
  expect(await within(dialog).findByRole('alert')).toHaveTextContent('Tahap APBD 2026 sudah dikunci.');
  expect(fake.requests.some((r) => r.method === 'POST' && new URL(r.url).pathname === '/api/anggaran/2/close/')).toBe(true);
});

test('the last closed stage is offered for copying to the next stage; OPD locks of the open stage can be toggled', async () => {
  const fake = api(financeUser, [stage(1, 'rka', 'RKA', 'closed', null)]);
  fake.route('POST /api/anggaran/1/copy-to-next/', () => ({ status: 201, body: stage(2, 'apbd', 'APBD', 'open', 1) }));
  const { user } = renderApp('/tahapan');
  const table = await screen.findByRole('table', { name: 'Tahapan anggaran' });
  await user.click(within(table).getByRole('button', { name: 'Salin ke tahap berikutnya' }));
  const dialog = await screen.findByRole('dialog', { name: 'Salin RKA ke tahap berikutnya' });
  await user.type(within(dialog).getByLabelText('Keterangan'), 'Hasil pembahasan DPRD');
  await user.click(within(dialog).getByRole('button', { name: 'Salin' }));
  const sent = fake.requests.find((r) => new URL(r.url).pathname === '/api/anggaran/1/copy-to-next/');
  expect(await sent?.json()).toEqual({ tahap: 'apbd', keterangan: 'Hasil pembahasan DPRD' });
  expect(nextTahap('dpa')).toBe('pergeseran');
});

test('a leader reads the stages and is offered no action', async () => {
  api(leaderUser);
  renderApp('/tahapan');
  const table = await screen.findByRole('table', { name: 'Tahapan anggaran' });
  expect(within(table).queryByRole('button')).not.toBeInTheDocument();
  expect(await screen.findByRole('table', { name: 'Kunci per perangkat daerah' })).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: /Tutup Dinas Kesehatan/ })).not.toBeInTheDocument();
});

test('the stages read in the order of the year whatever order they were made in', () => {
  const made = [stage(6, 'dpa', 'DPA', 'open', 3), stage(7, 'rkpd', 'Pagu RKPD', 'closed', null), stage(3, 'apbd', 'APBD', 'closed', null)];
  expect(inOrder(made).map((row) => row.tahap)).toEqual(['rkpd', 'apbd', 'dpa']);
});

import { screen, within } from '@testing-library/react';
import type { Schemas } from '@/api/client';
import { percentOf } from '@/lib/money';
import { installFakeApi, page } from '@/test/fake-api';
import { bappedaUser, leaderUser, permissionsFor } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';
import type { CeilingRow } from './api/plafon';
import { groupCeilings, outermost, totalsOf } from './ceilings';

const financeUser: Schemas['Me'] = {
  ...bappedaUser,
  id: 5,
  username: 'keuangan',
  role: 'finance',
  role_label: 'TAPD / BPKAD',
  permissions: { ...permissionsFor('finance'), plafon: 'rw' },
};
const reader: Schemas['Me'] = { ...leaderUser, permissions: { ...permissionsFor('leader'), plafon: 'r' } };

let nextId = 1;

function ceiling(overrides: Partial<CeilingRow>): CeilingRow {
  const sub = overrides.sub_kegiatan_kode ?? '';
  const program = overrides.program_kode ?? (sub ? sub.split('.').slice(0, 3).join('.') : '');
  return {
    id: nextId++,
    version: 1,
    lingkup: sub ? 'sub_kegiatan' : program ? 'program' : 'perangkat_daerah',
    perangkat_daerah: 3,
    perangkat_daerah_kode: '1.02.0.00.0.00.01.0000',
    perangkat_daerah_nama: 'Dinas Kesehatan',
    program_nama: program ? `Program ${program}` : '',
    sub_kegiatan_nama: sub ? `Sub ${sub}` : '',
    mode: 'refuse',
    jumlah: '0.00',
    terpakai: '0.00',
    sisa: '0.00',
    persen: null,
    melampaui: false,
    ...overrides,
    program_kode: program,
    sub_kegiatan_kode: sub,
  };
}

const stage = {
  id: 7,
  tahun: 2026,
  tahap: 'dpa' as const,
  tahap_label: 'DPA',
  nomor: 1,
  status: 'open' as const,
  sumber: null,
  keterangan: '',
  aturan_renja: 'refuse' as const,
  closed_at: null,
  opd_locks: [],
  ringkasan: null,
  version: 1,
};

describe('totals count only the outermost ceilings', () => {
  test('a sub kegiatan or program ceiling inside an OPD ceiling is not added again', () => {
    const rows = [
      ceiling({ jumlah: '1000000.10', terpakai: '999999.99' }),
      ceiling({ program_kode: '1.02.02', jumlah: '700000.00', terpakai: '600000.00' }),
      ceiling({ sub_kegiatan_kode: '1.02.02.2.01.0001', jumlah: '300000.00', terpakai: '300000.00' }),
      // another OPD without an OPD ceiling: its program counts, its sub kegiatan inside the program does not
      ceiling({ perangkat_daerah: 4, program_kode: '1.01.02', jumlah: '0.05', terpakai: '0.07' }),
      ceiling({ perangkat_daerah: 4, sub_kegiatan_kode: '1.01.02.2.01.0001', jumlah: '0.05', terpakai: '0.07' }),
      // and a sub kegiatan of another program, under no wider ceiling: it counts
      ceiling({ perangkat_daerah: 4, sub_kegiatan_kode: '1.01.03.2.01.0001', jumlah: '9007199254740993.01', terpakai: '0.01' }),
    ];
    expect(outermost(rows).map((row) => row.id)).toEqual([rows[0]!.id, rows[3]!.id, rows[5]!.id]);
    // beyond 2^53 sen the sum stays exact
    expect(totalsOf(rows)).toEqual({
      jumlah: '9007199255740993.16',
      terpakai: '1000000.07',
      sisa: '9007199254740993.09',
      persen: '0.00',
      count: 3,
    });
  });

  test('over the ceilings the sisa is negative; no ceiling amount leaves the percentage empty', () => {
    expect(totalsOf([ceiling({ jumlah: '100.00', terpakai: '150.50' })])).toMatchObject({ sisa: '-50.50', persen: '150.50' });
    expect(totalsOf([ceiling({ jumlah: '0.00', terpakai: '1.00' })]).persen).toBeNull();
    expect(totalsOf([])).toEqual({ jumlah: '0.00', terpakai: '0.00', sisa: '0.00', persen: null, count: 0 });
    expect(percentOf('1', '3')).toBe('33.33');
    expect(percentOf('2', '3')).toBe('66.67');
  });

  test('the rows group OPD → program → sub kegiatan in code order, a program named by its sub kegiatan when it has no ceiling', () => {
    const groups = groupCeilings([
      ceiling({ sub_kegiatan_kode: '1.02.03.2.01.0002' }),
      ceiling({ sub_kegiatan_kode: '1.02.02.2.01.0001' }),
      ceiling({}),
      ceiling({ perangkat_daerah: 1, perangkat_daerah_kode: '1.01.0.00.0.00.01.0000', perangkat_daerah_nama: 'Dinas Pendidikan' }),
    ]);
    expect(groups.map((group) => [group.nama, Boolean(group.own), group.programs.map((p) => [p.kode, p.nama, p.subs.length])])).toEqual([
      ['Dinas Pendidikan', true, []],
      ['Dinas Kesehatan', true, [['1.02.02', 'Program 1.02.02', 1], ['1.02.03', 'Program 1.02.03', 1]]],
    ]);
  });
});

function api(me: Schemas['Me'], rows: CeilingRow[]) {
  return installFakeApi({
    'GET /api/auth/me/': { body: me },
    'GET /api/anggaran/': { body: page([stage]) },
    'GET /api/perangkat-daerah/': {
      body: page([{ id: 3, kode: '1.02.0.00.0.00.01.0000', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', induk: null }]),
    },
    'GET /api/plafon/terpakai/': { body: { anggaran: stage.id, rows } },
  });
}

test('the ceilings read with their use, the ones over marked in words by their mode', async () => {
  api(reader, [
    ceiling({ jumlah: '1000000.00', terpakai: '250000.00', sisa: '750000.00', persen: '25.00' }),
    ceiling({ program_kode: '1.02.02', jumlah: '100.00', terpakai: '150.00', sisa: '-50.00', persen: '150.00', melampaui: true }),
    ceiling({
      sub_kegiatan_kode: '1.02.02.2.01.0001', mode: 'warn', jumlah: '10.00', terpakai: '20.00', sisa: '-10.00', persen: '200.00', melampaui: true,
    }),
  ]);
  renderApp('/plafon');
  const table = await screen.findByRole('table', { name: 'Plafon dan pemakaiannya' });
  const program = within(table).getByRole('rowheader', { name: /Program 1\.02\.02/ }).closest('tr')!;
  expect(program).toHaveTextContent('Melampaui plafon: rincian baru ditolak');
  expect(program).toHaveTextContent(/-Rp.50,00/);
  const sub = within(table).getByRole('rowheader', { name: /Sub kegiatan 1\.02\.02\.2\.01\.0001/ }).closest('tr')!;
  expect(sub).toHaveTextContent('Melampaui plafon: rincian ditandai');
  expect(sub).toHaveTextContent('Peringatan');
  const total = within(table).getByRole('rowheader', { name: /Jumlah plafon terluar/ }).closest('tr')!;
  expect(total).toHaveTextContent(/Rp.1\.000\.000,00/);
  expect(total).toHaveTextContent(/Rp.750\.000,00/);
  expect(total).toHaveTextContent('25,00%');
  expect(within(table).queryByRole('button')).not.toBeInTheDocument();
});

test('a stage without ceilings says so', async () => {
  api(reader, []);
  renderApp('/plafon');
  expect(await screen.findByText('Belum ada plafon pada DPA.')).toBeInTheDocument();
});

test('an edit the server refuses shows its message at the field, and a stale one explains the 412', async () => {
  const row = ceiling({ jumlah: '1000000.00', terpakai: '250000.00', sisa: '750000.00', persen: '25.00', version: 4 });
  const fake = api(financeUser, [row]);
  fake.route(`PATCH /api/plafon/${row.id}/`, { status: 400, body: { jumlah: ['Pastikan nilai ini lebih besar dari atau sama dengan 0.'] } });
  const { user } = renderApp('/plafon');
  await user.click(await screen.findByRole('button', { name: 'Ubah plafon Perangkat daerah Dinas Kesehatan' }));
  const dialog = await screen.findByRole('dialog', { name: 'Ubah plafon' });
  const amount = within(dialog).getByLabelText(/Jumlah plafon/);
  await user.clear(amount);
  await user.type(amount, '-5');
  await user.click(within(dialog).getByRole('button', { name: 'Simpan' }));
  expect(await within(dialog).findByText('Pastikan nilai ini lebih besar dari atau sama dengan 0.')).toBeInTheDocument();
  expect(amount).toHaveAttribute('aria-invalid', 'true');
  const sent = fake.requests.find((r) => r.method === 'PATCH');
  expect(sent?.headers.get('If-Match')).toBe('"4"');
  expect(await sent?.json()).toMatchObject({ jumlah: '-5', mode: 'refuse' });

  fake.route(`PATCH /api/plafon/${row.id}/`, { status: 412, body: { detail: 'Versi sudah usang.', code: 'precondition_failed' } });
  await user.clear(amount);
  await user.type(amount, '2.000.000');
  await user.click(within(dialog).getByRole('button', { name: 'Simpan' }));
  expect(await within(dialog).findByRole('alert')).toHaveTextContent('telah diubah orang lain');
});

test('a new ceiling for a sub kegiatan: a wrong code comes back next to the code', async () => {
  const fake = api(financeUser, [ceiling({ jumlah: '1000000.00' })]);
  fake.route('POST /api/plafon/', { status: 400, body: { sub_kegiatan_kode: ['Bukan kode sub kegiatan (X.XX.XX.K.XX.XXXX).'] } });
  const { user } = renderApp('/plafon');
  await user.click(await screen.findByRole('button', { name: 'Tambah plafon' }));
  const dialog = await screen.findByRole('dialog', { name: 'Tambah plafon DPA' });
  await user.selectOptions(within(dialog).getByLabelText(/Perangkat daerah/), 'Dinas Kesehatan');
  await user.selectOptions(within(dialog).getByLabelText('Lingkup'), 'Satu sub kegiatan');
  await user.type(within(dialog).getByLabelText(/Kode sub kegiatan/), '1.02.02');
  await user.type(within(dialog).getByLabelText(/Jumlah plafon/), '500.000.000');
  await user.click(within(dialog).getByRole('button', { name: 'Simpan' }));
  expect(await within(dialog).findByText('Bukan kode sub kegiatan (X.XX.XX.K.XX.XXXX).')).toBeInTheDocument();
  const sent = fake.requests.find((r) => r.method === 'POST' && new URL(r.url).pathname === '/api/plafon/');
  expect(await sent?.json()).toEqual({
    anggaran: 7, perangkat_daerah: 3, program_kode: '', sub_kegiatan_kode: '1.02.02', jumlah: '500000000', mode: 'refuse',
  });
});

test('deleting a ceiling sends the version read; a refusal is explained', async () => {
  const row = ceiling({ jumlah: '1000000.00', version: 2 });
  const fake = api(financeUser, [row]);
  fake.route(`DELETE /api/plafon/${row.id}/`, { status: 409, body: { detail: 'Tahap DPA 2026 sudah dikunci.', code: 'stage_closed' } });
  const { user } = renderApp('/plafon');
  await user.click(await screen.findByRole('button', { name: 'Hapus plafon Perangkat daerah Dinas Kesehatan' }));
  const dialog = await screen.findByRole('dialog', { name: 'Hapus plafon?' });
  await user.click(within(dialog).getByRole('button', { name: 'Hapus plafon' }));
  expect(await within(dialog).findByRole('alert')).toHaveTextContent('Tahap DPA 2026 sudah dikunci.');
  expect(fake.requests.find((r) => r.method === 'DELETE')?.headers.get('If-Match')).toBe('"2"');
});

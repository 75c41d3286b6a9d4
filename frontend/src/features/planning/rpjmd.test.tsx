import { screen, waitFor, within } from '@testing-library/react';
import { installFakeApi, page } from '@/test/fake-api';
import { bappedaUser, leaderUser, opdPlannerUser } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';
import { draftRpjmd, rpjmdRoutes, sasaran } from '@/test/planning-fixtures';

async function bodyOf(request: Request | undefined) {
  return request ? ((await request.clone().json()) as Record<string, unknown>) : undefined;
}

test('a planner adds a sasaran in place; the refusal of the API shows next to the field, then it saves', async () => {
  // given a draft RPJMD
  let attempts = 0;
  const api = installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    ...rpjmdRoutes(draftRpjmd),
    'POST /api/sasaran/': () =>
      ++attempts === 1
        ? { status: 400, body: { uraian: ['Uraian sasaran tidak boleh sama dengan sasaran lain.'] } }
        : { status: 201, body: { ...sasaran, id: 31, nomor: 2, uraian: 'Menurunnya stunting' } },
  });
  const { user } = renderApp('/rpjmd');

  // when the planner adds a second sasaran under the tujuan
  await user.click(await screen.findByRole('button', { name: '+ Tambah sasaran' }));
  await user.type(screen.getByLabelText('Uraian sasaran baru'), 'Menurunnya stunting');
  await user.click(screen.getByRole('button', { name: 'Simpan' }));

  // then the field shows the API's message, and nothing else moved
  expect(await screen.findByText('Uraian sasaran tidak boleh sama dengan sasaran lain.')).toBeInTheDocument();
  expect(screen.getByLabelText('Uraian sasaran baru')).toHaveAttribute('aria-invalid', 'true');

  // when it is sent again
  await user.click(screen.getByRole('button', { name: 'Simpan' }));

  // then the row was posted under its tujuan with the next number
  await waitFor(() => expect(screen.queryByLabelText('Uraian sasaran baru')).not.toBeInTheDocument());
  const posts = api.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/sasaran/'));
  expect(await bodyOf(posts.at(-1))).toEqual({ uraian: 'Menurunnya stunting', nomor: 2, tujuan: 20 });
});

test('indicator targets typed the Indonesian way are sent as decimals, one per year', async () => {
  // given
  const api = installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    ...rpjmdRoutes(draftRpjmd),
    'POST /api/indikator/': (request) => ({ status: 201, body: { id: 77, ...(request.body ? {} : {}) } }),
  });
  const { user } = renderApp('/rpjmd?node=sasaran:30');

  // when the planner adds an indicator with a baseline, two yearly targets and the final target
  await user.click(await screen.findByRole('button', { name: 'Tambah indikator' }));
  const grid = screen.getByRole('table', { name: 'Indikator Sasaran 1' });
  await user.type(within(grid).getByLabelText('Indikator, indikator baru 1'), 'Usia harapan hidup');
  await user.type(within(grid).getByLabelText('Satuan, Usia harapan hidup'), 'tahun');
  await user.click(within(grid).getByLabelText('IKU, Usia harapan hidup'));
  await user.type(within(grid).getByLabelText('Baseline, Usia harapan hidup'), '71,25');
  await user.type(within(grid).getByLabelText('Target 2026, Usia harapan hidup'), '72,5');
  await user.type(within(grid).getByLabelText('Target 2029, Usia harapan hidup'), '74');
  await user.type(within(grid).getByLabelText('Target akhir, Usia harapan hidup'), '1.074,5');
  await user.click(screen.getByRole('button', { name: 'Simpan indikator' }));

  // then
  await screen.findByText('1 indikator disimpan.');
  const post = api.requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/indikator/'));
  expect(await bodyOf(post)).toEqual({
    sasaran: 30,
    nama: 'Usia harapan hidup',
    satuan: 'tahun',
    polaritas: 'higher',
    is_iku: true,
    baseline: '71.25',
    target_akhir: '1074.5',
    targets: [
      { tahun: 2026, target: '72.5' },
      { tahun: 2029, target: '74' },
    ],
  });
});

test('a rate whose year is its last quarter says so; a new row left "Menurut satuan" sends no rule', async () => {
  // given
  const api = installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    ...rpjmdRoutes(draftRpjmd),
    'POST /api/indikator/': () => ({ status: 201, body: { id: 78 } }),
  });
  const { user } = renderApp('/rpjmd?node=sasaran:30');

  // when
  await user.click(await screen.findByRole('button', { name: 'Tambah indikator' }));
  const grid = screen.getByRole('table', { name: 'Indikator Sasaran 1' });
  await user.type(within(grid).getByLabelText('Indikator, indikator baru 1'), 'Jumlah puskesmas terakreditasi');
  await user.type(within(grid).getByLabelText('Satuan, Jumlah puskesmas terakreditasi'), 'Unit');
  expect(within(grid).getByLabelText('Realisasi tahunan, Jumlah puskesmas terakreditasi')).toHaveValue('');
  await user.selectOptions(within(grid).getByLabelText('Realisasi tahunan, Jumlah puskesmas terakreditasi'), 'Triwulan terakhir');
  await user.click(screen.getByRole('button', { name: 'Simpan indikator' }));

  // then: a stock in Unit is not summed over the quarters
  await screen.findByText('1 indikator disimpan.');
  const post = api.requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/indikator/'));
  expect(await bodyOf(post)).toMatchObject({ satuan: 'Unit', aturan_tahunan: 'last' });
});

test('a value that is not a number is refused in its cell before anything is sent', async () => {
  const api = installFakeApi({ 'GET /api/auth/me/': { body: bappedaUser }, ...rpjmdRoutes(draftRpjmd) });
  const { user } = renderApp('/rpjmd?node=tujuan:20');

  await user.click(await screen.findByRole('button', { name: 'Tambah indikator' }));
  await user.type(screen.getByLabelText('Indikator, indikator baru 1'), 'IPM');
  await user.type(screen.getByLabelText('Target 2027, IPM'), 'tujuh puluh');
  await user.click(screen.getByRole('button', { name: 'Simpan indikator' }));

  expect(await screen.findByLabelText('Target 2027, IPM')).toHaveAccessibleDescription(/Bukan angka/);
  expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
});

test('the program shows its OPD and the pagu indikatif of the period in Rupiah', async () => {
  installFakeApi({ 'GET /api/auth/me/': { body: bappedaUser }, ...rpjmdRoutes(draftRpjmd) });
  const { user } = renderApp('/rpjmd');

  await user.click(await screen.findByRole('button', { name: 'Buka Sasaran 1' }));

  const row = (await screen.findByRole('button', { name: /PROGRAM PEMENUHAN UPAYA KESEHATAN/ })).parentElement!;
  expect(row).toHaveTextContent(/Rp\s1\.500\.250\.000,50/);
  expect(row).toHaveTextContent('Dinkes');
});

test('an approved RPJMD is locked and offers "Buat revisi", which opens the new draft', async () => {
  // given
  const approved = { ...draftRpjmd, status: 'approved' as const, revisi: 1 };
  const revision = { ...draftRpjmd, id: 6, revisi: 2 };
  let revised = false;
  const api = installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    ...rpjmdRoutes(approved),
    'GET /api/rpjmd/': () => ({ body: page(revised ? [{ ...approved, is_current: false }, revision] : [approved]) }),
    'POST /api/rpjmd/5/revise/': () => {
      revised = true;
      return { status: 201, body: revision };
    },
  });
  const { user, router } = renderApp('/rpjmd');

  // then nothing is editable
  await screen.findByText('Disetujui (terkunci)');
  expect(screen.queryByRole('button', { name: /Tambah/ })).not.toBeInTheDocument();
  expect(screen.queryByRole('button', { name: /^Ubah/ })).not.toBeInTheDocument();

  // when
  await user.click(screen.getByRole('button', { name: 'Buat revisi' }));

  // then the new draft is open and editable
  await waitFor(() => expect(router.state.location.search).toContain('dokumen=6'));
  expect(await screen.findByRole('button', { name: '+ Tambah sasaran' })).toBeInTheDocument();
  expect(api.requests.some((r) => r.url.endsWith('/api/rpjmd/5/revise/'))).toBe(true);
});

test('the submitter of a verified RPJMD is told why only someone else may approve it', async () => {
  const verified = { ...draftRpjmd, status: 'verified' as const, submitted_by: bappedaUser.id };
  installFakeApi({ 'GET /api/auth/me/': { body: bappedaUser }, ...rpjmdRoutes(verified) });
  renderApp('/rpjmd');

  expect(await screen.findByRole('button', { name: 'Setujui' })).toBeDisabled();
  expect(screen.getByRole('note')).toHaveTextContent(/maker-checker/);
  expect(screen.getByRole('button', { name: 'Kembalikan' })).toBeEnabled();
});

test('whoever last changed a submitted RPJMD cannot verify it; another Bappeda user can', async () => {
  const submitted = { ...draftRpjmd, status: 'submitted' as const, submitted_by: 99, updated_by: bappedaUser.id };
  installFakeApi({ 'GET /api/auth/me/': { body: bappedaUser }, ...rpjmdRoutes(submitted) });
  const { unmount } = renderApp('/rpjmd');

  expect(await screen.findByRole('button', { name: 'Verifikasi' })).toBeDisabled();
  expect(screen.getByRole('note')).toHaveTextContent(/terakhir mengubah/);
  unmount();

  installFakeApi({ 'GET /api/auth/me/': { body: { ...bappedaUser, id: 98 } }, ...rpjmdRoutes(submitted) });
  renderApp('/rpjmd');
  expect(await screen.findByRole('button', { name: 'Verifikasi' })).toBeEnabled();
  expect(screen.queryByRole('note')).toBeNull();
});

test('a leader approves; a refusal by the API is shown with what it means', async () => {
  // given a verified RPJMD the API will not let this leader approve
  const verified = { ...draftRpjmd, status: 'verified' as const, submitted_by: 2 };
  const api = installFakeApi({
    'GET /api/auth/me/': { body: leaderUser },
    ...rpjmdRoutes(verified),
    'POST /api/rpjmd/5/approve/': {
      status: 403,
      body: { detail: 'Pengaju dokumen tidak boleh menyetujuinya sendiri (maker-checker).', code: 'maker_checker' },
    },
  });
  const { user } = renderApp('/rpjmd');

  // when
  await user.click(await screen.findByRole('button', { name: 'Setujui' }));

  // then
  const alert = await screen.findByRole('alert');
  expect(alert).toHaveTextContent('Pengaju dokumen tidak boleh menyetujuinya sendiri (maker-checker).');
  expect(alert).toHaveTextContent(/tidak memiliki hak/);
  expect(api.requests.some((r) => r.url.endsWith('/approve/'))).toBe(true);
  // a leader neither verifies, returns nor edits
  expect(screen.queryByRole('button', { name: 'Kembalikan' })).not.toBeInTheDocument();
  expect(screen.queryByRole('button', { name: /Tambah/ })).not.toBeInTheDocument();
});

test('returning a document needs a note, and the note the API asks for is shown on the field', async () => {
  const submitted = { ...draftRpjmd, status: 'submitted' as const, submitted_by: 99 };
  const api = installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    ...rpjmdRoutes(submitted),
    'POST /api/rpjmd/5/return/': { status: 400, body: { catatan: ['Catatan wajib diisi saat mengembalikan dokumen.'] } },
  });
  const { user } = renderApp('/rpjmd');

  await user.click(await screen.findByRole('button', { name: 'Kembalikan' }));
  const dialog = await screen.findByRole('dialog', { name: 'Kembalikan ke draf' });
  await user.click(within(dialog).getByRole('button', { name: 'Kembalikan' }));

  expect(await within(dialog).findByText('Catatan wajib diisi saat mengembalikan dokumen.')).toBeInTheDocument();
  expect(api.requests.filter((r) => r.url.endsWith('/return/'))).toHaveLength(1);
});

test('an OPD planner reads the RPJMD without any way to change it', async () => {
  installFakeApi({ 'GET /api/auth/me/': { body: opdPlannerUser }, ...rpjmdRoutes(draftRpjmd) });
  const { user } = renderApp('/rpjmd?node=sasaran:30');

  await screen.findByText('Belum ada indikator.');
  expect(screen.queryByRole('button', { name: /Tambah|Ubah|Ajukan|Simpan/ })).not.toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Buka Sasaran 1' }));
  expect(await screen.findByRole('button', { name: /PROGRAM PEMENUHAN/ })).toBeInTheDocument();
});

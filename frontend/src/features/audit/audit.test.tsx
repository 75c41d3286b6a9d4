import { screen, within } from '@testing-library/react';
import { installFakeApi, page, type RouteHandler } from '@/test/fake-api';
import {
  auditorUser,
  bappedaUser,
  budgetLineDeleteEvent,
  dinkesInsertEvent,
  dinkesUpdateEvent,
  users,
} from '@/test/fixtures';
import { renderApp } from '@/test/render-app';

const forbidden = {
  status: 403,
  body: { detail: 'Peran Anda tidak diizinkan melakukan tindakan ini.', code: 'permission_denied' },
};
const allEvents = [budgetLineDeleteEvent, dinkesUpdateEvent, dinkesInsertEvent];

/** The audit endpoints answering like the server: filtered by model and object id, retrievable by slug. */
function installAuditApi(me = auditorUser, events = allEvents) {
  const list: RouteHandler = (_request, url) => {
    const model = url.searchParams.get('model');
    const objectId = url.searchParams.get('object_id');
    const label = url.searchParams.get('label');
    const matches = (e: (typeof events)[number]) =>
      (!model || e.pgh_obj_model === model) &&
      (!objectId || e.pgh_obj_id === objectId) &&
      (!label || e.pgh_label === label);
    return { body: page(events.filter(matches)) };
  };
  const api = installFakeApi({
    'GET /api/auth/me/': { body: me },
    'GET /api/users/': { body: page(users) },
    'GET /api/audit-events/': list,
  });
  for (const event of events) {
    api.route(`GET /api/audit-events/${encodeURIComponent(event.pgh_slug)}/`, { body: event });
  }
  return api;
}

function auditRequests(api: ReturnType<typeof installFakeApi>) {
  return api.requests.map((r) => new URL(r.url)).filter((url) => url.pathname === '/api/audit-events/');
}

describe('role gating', () => {
  const opd = { pemda: 1, singkatan: 'Dinkes', induk: null, is_active: true, version: 1 };
  const dinkes = { ...opd, id: 7, kode: '1.02.0.00.0.00.01.0000', nama: 'Dinas Kesehatan' };

  test('an auditor sees the Audit menu and a Riwayat link on every Perangkat Daerah', async () => {
    // given
    const api = installAuditApi();
    api.route('GET /api/perangkat-daerah/', { body: page([dinkes]) });

    // when
    const { user, router } = renderApp('/perangkat-daerah');

    // then
    const nav = await screen.findByRole('navigation', { name: 'Menu utama' });
    expect(within(nav).getByRole('link', { name: 'Audit' })).toHaveAttribute('href', '/audit');
    const riwayat = await screen.findByRole('link', { name: 'Riwayat Dinas Kesehatan' });

    // when the link is followed
    await user.click(riwayat);

    // then the object's history is asked for
    expect(router.state.location.pathname).toBe('/audit/organisation.PerangkatDaerah/7');
    expect(await screen.findByRole('heading', { name: 'Riwayat Perangkat Daerah #7' })).toBeInTheDocument();
    const history = auditRequests(api).at(-1)!;
    expect(history.searchParams.get('model')).toBe('organisation.PerangkatDaerah');
    expect(history.searchParams.get('object_id')).toBe('7');
  });

  test('a Bappeda planner sees neither the Audit menu nor the Riwayat links', async () => {
    // given
    installFakeApi({
      'GET /api/auth/me/': { body: bappedaUser },
      'GET /api/perangkat-daerah/': { body: page([dinkes]) },
    });

    // when
    renderApp('/perangkat-daerah');

    // then
    await screen.findByText('Dinas Kesehatan');
    const nav = screen.getByRole('navigation', { name: 'Menu utama' });
    expect(within(nav).queryByRole('link', { name: 'Audit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Riwayat/ })).not.toBeInTheDocument();
    expect(within(screen.getAllByRole('row')[0]!).getAllByRole('columnheader')).toHaveLength(5);
  });

  test('opening the audit page without the right shows why, in Indonesian', async () => {
    // given
    installFakeApi({
      'GET /api/auth/me/': { body: bappedaUser },
      'GET /api/users/': forbidden,
      'GET /api/audit-events/': forbidden,
    });

    // when
    renderApp('/audit');

    // then
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Anda tidak memiliki akses ke riwayat perubahan');
    expect(alert).toHaveTextContent('Auditor (Inspektorat) dan Administrator');
    expect(within(alert).queryByRole('button', { name: 'Coba lagi' })).not.toBeInTheDocument();
  });
});

describe('the audit page', () => {
  test('lists events with Jakarta time, the user by name, the action in Indonesian and the object type', async () => {
    // given
    installAuditApi();

    // when
    renderApp('/audit');

    // then
    const table = await screen.findByRole('table', { name: 'Peristiwa audit' });
    const [, deleted, updated, inserted] = within(table).getAllByRole('row');
    // 03:04:05 UTC is 10:04:05 in Jakarta (UTC+7)
    expect(within(updated!).getByText('15 Jan 2026, 10.04.05 WIB')).toBeInTheDocument();
    expect(within(updated!).getByText('Admin Sukamaju')).toBeInTheDocument();
    expect(within(updated!).getByText('diubah')).toBeInTheDocument();
    expect(within(updated!).getByText('Perangkat Daerah')).toBeInTheDocument();
    expect(within(updated!).getByRole('link', { name: '7' })).toHaveAttribute(
      'href',
      '/audit/organisation.PerangkatDaerah/7',
    );
    expect(within(deleted!).getByText('Sri Wahyuni')).toBeInTheDocument();
    expect(within(deleted!).getByText('dihapus')).toBeInTheDocument();
    expect(within(deleted!).getByText('Rincian Anggaran')).toBeInTheDocument();
    // a change made outside any request (the demo loader) has no user
    expect(within(inserted!).getByText('Sistem')).toBeInTheDocument();
    expect(within(inserted!).getByText('dibuat')).toBeInTheDocument();
    expect(screen.getByText('Menampilkan 1–3 dari 3')).toBeInTheDocument();
  });

  test('filters in the URL are shown in the controls and sent to the API, the end date inclusive', async () => {
    // given
    const api = installAuditApi();

    // when
    renderApp(
      '/audit?model=organisation.PerangkatDaerah&label=update&user=1&since=2026-01-01&until=2026-01-31&page=2',
    );

    // then
    await screen.findByRole('table', { name: 'Peristiwa audit' });
    expect(screen.getByLabelText('Jenis objek')).toHaveDisplayValue('Perangkat Daerah');
    expect(screen.getByLabelText('Tindakan')).toHaveDisplayValue('diubah');
    expect(await screen.findByLabelText('Pengguna')).toHaveDisplayValue('Admin Sukamaju (admin)');
    expect(screen.getByLabelText('Dari tanggal')).toHaveValue('2026-01-01');
    expect(screen.getByLabelText('Sampai tanggal')).toHaveValue('2026-01-31');
    const sent = auditRequests(api).at(-1)!.searchParams;
    expect(Object.fromEntries(sent)).toEqual({
      model: 'organisation.PerangkatDaerah',
      label: 'update',
      user: '1',
      // Jakarta midnights; `until` is exclusive, so the last day counts in full
      since: '2026-01-01T00:00:00+07:00',
      until: '2026-02-01T00:00:00+07:00',
      page: '2',
      page_size: '50',
    });
  });

  test('choosing a filter writes it to the URL, starts again at page 1 and queries the API', async () => {
    // given
    const api = installAuditApi();
    const { user, router } = renderApp('/audit?page=3');
    await screen.findByRole('table', { name: 'Peristiwa audit' });

    // when
    await user.selectOptions(screen.getByLabelText('Jenis objek'), 'Perangkat Daerah');
    await user.selectOptions(screen.getByLabelText('Tindakan'), 'diubah');

    // then
    expect(router.state.location.search).toBe('?model=organisation.PerangkatDaerah&label=update');
    await screen.findByText('Menampilkan 1–1 dari 1');
    const sent = auditRequests(api).at(-1)!.searchParams;
    expect(sent.get('model')).toBe('organisation.PerangkatDaerah');
    expect(sent.get('label')).toBe('update');
    expect(sent.get('page')).toBe('1');

    // when the filters are cleared
    await user.click(screen.getByRole('button', { name: 'Hapus filter' }));

    // then
    expect(router.state.location.search).toBe('');
    expect(screen.getByLabelText('Jenis objek')).toHaveDisplayValue('Semua jenis');
  });

  test('an update opens as a before → after table of the changed fields, with the request URL', async () => {
    // given
    installAuditApi();
    const { user, router } = renderApp('/audit');

    // when
    await user.click(await screen.findByRole('link', { name: 'Detail Perangkat Daerah #7 diubah' }));

    // then
    const detail = await screen.findByRole('complementary', { name: 'Detail peristiwa' });
    expect(router.state.location.search).toBe(`?event=${encodeURIComponent(dinkesUpdateEvent.pgh_slug)}`);
    const changes = await within(detail).findByRole('table', { name: 'Perubahan' });
    const rows = within(changes).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent))).toEqual([
      ['Dinkes', 'Dinkes Kab'],
      ['1', '2'],
    ]);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['singkatan', 'version']);
    expect(within(detail).getByText('/api/perangkat-daerah/7/')).toBeInTheDocument();
    expect(within(detail).getByText('Admin Sukamaju')).toBeInTheDocument();

    // when closed
    await user.click(within(detail).getByRole('button', { name: 'Tutup' }));

    // then
    expect(screen.queryByRole('complementary', { name: 'Detail peristiwa' })).not.toBeInTheDocument();
    expect(router.state.location.search).toBe('');
  });

  test('a delete opens as the fields of the deleted row', async () => {
    // given
    installAuditApi();

    // when
    renderApp(`/audit?event=${encodeURIComponent(budgetLineDeleteEvent.pgh_slug)}`);

    // then
    const detail = await screen.findByRole('complementary', { name: 'Detail peristiwa' });
    const fields = await within(detail).findByRole('table', { name: 'Data yang dihapus' });
    const value = (field: string) =>
      within(fields).getByRole('rowheader', { name: field }).nextElementSibling?.textContent;
    expect(within(fields).getAllByRole('rowheader')[0]).toHaveTextContent('id');
    expect(value('id')).toBe('880');
    expect(value('komponen')).toBe('Honorarium Narasumber');
    expect(value('jumlah')).toBe('82.555.200');
    expect(value('melebihi_plafon')).toBe('Tidak');
    expect(within(detail).queryByRole('table', { name: 'Perubahan' })).not.toBeInTheDocument();
  });

  test('no events at all says there is no history yet', async () => {
    // given
    installAuditApi(auditorUser, []);

    // when
    renderApp('/audit?model=planning.Usulan');

    // then
    expect(await screen.findByText('Belum ada riwayat.')).toBeInTheDocument();
  });
});

describe('ObjectHistory', () => {
  test('shows the timeline of one object, newest first, with the diff of each update', async () => {
    // given
    installAuditApi();

    // when
    renderApp('/audit/organisation.PerangkatDaerah/7');

    // then
    const timeline = await screen.findByRole('list', { name: 'Riwayat perubahan' });
    const [newest, oldest] = within(timeline).getAllByRole('listitem');
    expect(within(newest!).getByText('diubah')).toBeInTheDocument();
    expect(within(newest!).getByText('oleh Admin Sukamaju')).toBeInTheDocument();
    const changes = within(newest!).getByRole('table', { name: 'Perubahan' });
    expect(within(changes).getByRole('rowheader', { name: 'singkatan' })).toBeInTheDocument();
    expect(within(oldest!).getByText('dibuat')).toBeInTheDocument();
    expect(within(oldest!).getByText('oleh Sistem')).toBeInTheDocument();
    expect(within(oldest!).getByText('Data saat dibuat')).toBeInTheDocument();
    // the title names the object by its newest data
    expect(screen.getByText(/^Dinas Kesehatan — /)).toBeInTheDocument();
  });

  test('an object without events says so', async () => {
    // given
    installAuditApi();

    // when
    renderApp('/audit/organisation.PerangkatDaerah/999');

    // then
    expect(await screen.findByText('Belum ada riwayat.')).toBeInTheDocument();
  });

  test('a refused read shows the access message instead of the timeline', async () => {
    // given
    installFakeApi({
      'GET /api/auth/me/': { body: bappedaUser },
      'GET /api/users/': forbidden,
      'GET /api/audit-events/': forbidden,
    });

    // when
    renderApp('/audit/organisation.PerangkatDaerah/7');

    // then
    expect(await screen.findByRole('alert')).toHaveTextContent('Anda tidak memiliki akses ke riwayat perubahan');
    expect(screen.queryByRole('list', { name: 'Riwayat perubahan' })).not.toBeInTheDocument();
  });
});

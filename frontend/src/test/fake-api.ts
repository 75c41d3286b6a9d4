/**
 * A fake of the Django API at the network boundary: it replaces the global `fetch`, answers from a
 * route table keyed "METHOD /path/", and records every request so tests can inspect what was sent.
 */
type Reply = { status?: number; body?: unknown };
export type RouteHandler = (request: Request, url: URL) => Reply | Promise<Reply>;
export type Routes = Record<string, RouteHandler | Reply>;

export type FakeApi = {
  requests: Request[];
  /** Add or replace routes while a test runs. */
  route: (key: string, handler: RouteHandler | Reply) => void;
};

export function installFakeApi(routes: Routes): FakeApi {
  const table = new Map<string, RouteHandler | Reply>([
    ['GET /api/auth/csrf/', { status: 204 }],
    ...Object.entries(routes),
  ]);
  const requests: Request[] = [];

  vi.stubGlobal('fetch', async (input: Request) => {
    const request = input.clone();
    requests.push(request);
    const url = new URL(input.url);
    const entry = table.get(`${input.method} ${url.pathname}`);
    const reply =
      entry === undefined
        ? { status: 404, body: { detail: 'Tidak ditemukan.', code: 'not_found' } }
        : typeof entry === 'function'
          ? await entry(input, url)
          : entry;
    const status = reply.status ?? 200;
    const hasBody = reply.body !== undefined && status !== 204;
    return new Response(hasBody ? JSON.stringify(reply.body) : null, {
      status,
      headers: hasBody ? { 'Content-Type': 'application/json' } : {},
    });
  });

  return { requests, route: (key, handler) => table.set(key, handler) };
}

export function page<T>(results: T[], count = results.length) {
  return { count, next: null, previous: null, results };
}

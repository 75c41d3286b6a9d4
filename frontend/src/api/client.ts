import createFetchClient, { type Middleware } from 'openapi-fetch';
import createQueryClient from 'openapi-react-query';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

/** Django checks `X-CSRFToken` against the `csrftoken` cookie on every unsafe request of a session. */
export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return undefined;
    const token = readCookie('csrftoken');
    if (token) request.headers.set('X-CSRFToken', token);
    return request;
  },
};

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Subscribe to "the session is gone" (any 401); returns the unsubscribe function. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

// A 401 speaks for the session its request was sent in. An anonymous probe still in flight when the user signs
// in (a slow first GET /api/auth/me/) must not sign the new session out.
let session = 0;
const sentInSession = new WeakMap<Request, number>();

/** A sign-in succeeded: answers to requests sent before it no longer say anything about the session. */
export function startSession(): void {
  session += 1;
}

const unauthorizedMiddleware: Middleware = {
  onRequest({ request }) {
    sentInSession.set(request, session);
    return undefined;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && sentInSession.get(request) === session) {
      unauthorizedListeners.forEach((listener) => listener());
    }
    return undefined;
  },
};

export const fetchClient = createFetchClient<paths>({
  // openapi-fetch builds a Request, which needs an absolute URL outside a browser (tests).
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  // Looked up on each call, not captured once, so tests can swap the network for a fake.
  fetch: (request: Request) => globalThis.fetch(request),
});
fetchClient.use(csrfMiddleware, unauthorizedMiddleware);

/**
 * The same client, except that a failed call's error is an ApiError (status and body): openapi-react-query throws
 * the error as it is, and the query hooks' retry rule and status hints need the status.
 */
const statusErrorClient = new Proxy(fetchClient, {
  get(target, property, receiver) {
    const value: unknown = Reflect.get(target, property, receiver);
    if (typeof property !== 'string' || property !== property.toUpperCase() || typeof value !== 'function') {
      return value;
    }
    return async (...args: unknown[]) => {
      const result = (await value.apply(target, args)) as { error?: unknown; response: Response };
      if (result.error === undefined && result.response.ok) return result;
      return { ...result, error: new ApiError(result.response.status, result.error) };
    };
  },
});

/** Typed TanStack Query hooks by path: `$api.useQuery('get', '/api/perangkat-daerah/', {...})`. */
export const $api = createQueryClient(statusErrorClient);

/** An API error with its HTTP status; `body` is DRF's `{field: [messages]}` (400) or `{detail, code}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, body: unknown) {
    super(`HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

/** The data of an openapi-fetch result, or an ApiError carrying its status. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiError(result.response.status, result.error);
  }
  return result.data as T;
}

let csrfReady: Promise<void> | null = null;

/** GET /api/auth/csrf/ once per page load so the `csrftoken` cookie exists before the first unsafe request. */
export function ensureCsrfCookie(): Promise<void> {
  csrfReady ??= fetchClient.GET('/api/auth/csrf/').then(
    () => undefined,
    (error: unknown) => {
      csrfReady = null;
      throw error;
    },
  );
  return csrfReady;
}

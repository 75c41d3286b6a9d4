import type { Schemas } from '@/api/client';

/** The letters of organisation/permissions.py:MATRIX: read, write, submit, verify (or return), approve. */
export type Right = 'r' | 'w' | 's' | 'v' | 'a';

type WithPermissions = Pick<Schemas['Me'], 'permissions'> | null | undefined;

/** Whether the signed-in user's role has `right` on `resource` (as `/api/auth/me/` reports it). */
export function can(me: WithPermissions, resource: string, right: Right): boolean {
  return Boolean(me?.permissions?.[resource]?.includes(right));
}

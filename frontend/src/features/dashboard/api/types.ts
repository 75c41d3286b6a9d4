import type { Schemas } from '@/api/client';

/** GET /api/dashboard/ as the schema types it. */
export type Dashboard = Schemas['Dashboard'];

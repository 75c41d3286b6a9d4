// Fails when src/api/schema.d.ts is not what `npm run gen:api` makes from ../openapi.yaml.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const committed = join(root, 'src/api/schema.d.ts');
const dir = mkdtempSync(join(tmpdir(), 'pagu-api-'));
const fresh = join(dir, 'schema.d.ts');

try {
  execFileSync(join(root, 'node_modules/.bin/openapi-typescript'), ['../openapi.yaml', '--output', fresh], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let current = '';
  try {
    current = readFileSync(committed, 'utf8');
  } catch {
    // a missing file is reported as out of date below
  }
  if (readFileSync(fresh, 'utf8') !== current) {
    console.error('src/api/schema.d.ts is out of date with ../openapi.yaml: run `npm run gen:api` and commit it.');
    process.exitCode = 1;
  } else {
    console.log('src/api/schema.d.ts matches ../openapi.yaml.');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

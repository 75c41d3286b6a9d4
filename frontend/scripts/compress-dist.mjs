// Writes .gz and .br copies beside every compressible file of dist/, which WhiteNoise serves to clients that accept
// them (it compresses nothing itself outside collectstatic). Run by `npm run build`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|wasm)$/;
const MIN_BYTES = 256;

/** @param {string} dir @returns {Generator<string>} */
function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(entry.name)) yield path;
  }
}

let before = 0;
let afterBrotli = 0;
for (const path of files(DIST)) {
  const data = readFileSync(path);
  if (data.length < MIN_BYTES) continue;
  const gzip = gzipSync(data, { level: 9 });
  const brotli = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  // As WhiteNoise's own compressor: keep a copy only when it saves at least 5 %.
  if (gzip.length < data.length * 0.95) writeFileSync(`${path}.gz`, gzip);
  if (brotli.length < data.length * 0.95) writeFileSync(`${path}.br`, brotli);
  before += data.length;
  afterBrotli += Math.min(brotli.length, data.length);
}
const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(0)} KB`;
console.log(`compressed dist/: ${kb(before)} → ${kb(afterBrotli)} with brotli`);

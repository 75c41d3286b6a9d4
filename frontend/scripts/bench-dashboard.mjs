// The leader's first screen in Chromium: from navigation to the absorption curve drawn and the OPD ranking filled,
// for the bupati of the demo, at a phone's and a laptop's width. Prints `name: value unit` lines (make bench).
// Usage: E2E_BASE_URL=http://127.0.0.1:8000 node scripts/bench-dashboard.mjs [runs]
import { DEMO_PASSWORD, launchBrowser, newPage, submitLogin } from '../e2e/support.mjs';

const runs = Number(process.argv[2] ?? 5);
const browser = await launchBrowser();
try {
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1366, height: 820 },
  ]) {
    const page = await newPage(browser, viewport);
    await submitLogin(page, 'bupati', DEMO_PASSWORD);
    await page.waitForSelector('.chart svg path', { state: 'attached' });
    const samples = [];
    for (let run = 0; run < runs; run += 1) {
      const started = Date.now();
      await page.goto('/', { waitUntil: 'commit' });
      await page.waitForSelector('.chart svg path', { state: 'attached', timeout: 20_000 });
      await page.getByRole('table', { name: /peringkat/i }).locator('tbody tr').first().waitFor();
      samples.push(Date.now() - started);
    }
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)] ?? 0;
    console.log(`dashboard in chromium ${viewport.width}px median: ${median} ms  (target 2000 ms, ratio ${(median / 2000).toFixed(2)}; runs ${samples.join(' ')})`);
    await page.close();
  }
} finally {
  await browser.close();
}

// The browser benchmark: prints figures, asserts nothing.
//   node tests/bench/browser.mjs <folder written by healthcheck-bench write> [lock date]
import { chromium } from 'playwright-core';
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start } from '../../scripts/serve.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const folder = process.argv[2];
const lockDate = process.argv[3] || null;
const server = await start(0, '127.0.0.1', ['/tests/bench/', '/node_modules/papaparse/']);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  const fcp = await page.evaluate(() => new Promise((ok) => {
    const seen = performance.getEntriesByName('first-contentful-paint')[0];
    if (seen) return ok(seen.startTime);
    new PerformanceObserver((l) => ok(l.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true });
  }));
  await page.goto(`${origin}/tests/bench/bench.html`);
  await page.setInputFiles('#files', readdirSync(folder).map((f) => join(folder, f)));
  const r = await page.evaluate((d) => window.runBench(d), lockDate);
  const mb = (b) => b / 1e6;
  const wasm = readFileSync(join(ROOT, 'www/pkg/healthcheck_wasm_bg.wasm'));
  const extras = readFileSync(join(ROOT, 'www/pkg/healthcheck_wasm_extras_bg.wasm'));
  console.log(`browser: ${r.files} files, ${mb(r.bytes).toFixed(1)} MB, ${r.rows} rows: analysed in ${r.ours.toFixed(2)} s = ${(mb(r.bytes) / r.ours).toFixed(1)} MB/s, ${(r.rows / r.ours).toFixed(0)} rows/s (${r.findings} findings)`);
  console.log(`browser, the same files a second time (hot code optimised): ${r.again.toFixed(2)} s = ${(mb(r.bytes) / r.again).toFixed(1)} MB/s`);
  console.log(`browser, a fresh worker's first analysis started a second after the page is ready: ${r.afterPause.toFixed(2)} s = ${(mb(r.bytes) / r.afterPause).toFixed(1)} MB/s`);
  console.log(`PapaParse (fastMode, streaming chunks, parse only) on the movements file: ${mb(r.movementsBytes).toFixed(1)} MB in ${r.papa.toFixed(2)} s = ${(mb(r.movementsBytes) / r.papa).toFixed(1)} MB/s`);
  console.log(`ratio of our end-to-end rate to PapaParse's parse-only rate: ${((mb(r.bytes) / r.ours) / (mb(r.movementsBytes) / r.papa)).toFixed(2)}`);
  console.log(`wasm memory after the analysis (its peak): ${mb(r.memory).toFixed(1)} MB for ${mb(r.bytes).toFixed(1)} MB of input`);
  console.log(`.wasm, main module (loaded first): ${wasm.length} bytes, ${gzipSync(wasm, { level: 9 }).length} gzipped`);
  console.log(`.wasm, extras module (PDF and workbooks, fetched after): ${extras.length} bytes, ${gzipSync(extras, { level: 9 }).length} gzipped`);
  console.log(`page first contentful paint: ${fcp.toFixed(0)} ms`);
} finally {
  await browser.close();
  server.close();
}

// Hostile input and a failing engine: the page reports each file, keeps working, and its
// Content-Security-Policy refuses inline script.
import { test } from 'node:test';
import { createServer } from 'node:http';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPage, fixture, tempDir, ROOT } from './helpers.mjs';

test('every hostile file is reported and the page stays usable', async () => {
  const { page, foreign, errors, close } = await openPage();
  try {
    const dir = join(ROOT, 'tests', 'hostile');
    const names = readdirSync(dir);
    // Two cases too large to keep in the repository are written next to copies of the others.
    const tmp = tempDir();
    for (const n of names) writeFileSync(join(tmp, n), readFileSync(join(dir, n)));
    const extra = [
      { name: 'one-50mb-line.csv', text: `SKU,${'x'.repeat(50_000_000)}\n` },
      { name: 'million-columns.csv', text: Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',') + '\n' },
    ];
    for (const e of extra) writeFileSync(join(tmp, e.name), e.text);
    await page.setInputFiles('#file-input', [...names, ...extra.map((e) => e.name)].map((n) => join(tmp, n)));
    await page.waitForSelector('#results:not([hidden])', { timeout: 60000 });
    const shown = await page.$$eval('#file-list .file', (els) => els.map((e) => e.dataset.file));
    for (const n of [...names, ...extra.map((e) => e.name)]) assert.ok(shown.includes(n), `${n} is listed`);
    const bomb = await page.textContent('#file-list [data-file="zip-bomb.xlsx"]');
    assert.match(bomb, /ZIP bomb/);
    // Still usable: a real export now gives its findings.
    await page.setInputFiles('#file-input', [fixture('basic', 'SaleList.csv')]);
    await page.waitForSelector('#findings [data-code="SET001"]', { timeout: 60000 });
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('when the engine fails the page says so and a new analysis starts without reloading', async () => {
  const { page, close } = await openPage();
  try {
    const worker = await new Promise((resolve) => {
      page.on('worker', resolve);
      page.waitForFunction(() => document.querySelector('#export-list')?.childElementCount > 0);
    });
    await page.waitForFunction(() => document.querySelector('#export-list')?.childElementCount > 0);
    // Make the worker die on its next message, as a trap or an out-of-memory would.
    await worker.evaluate(() => { self.onmessage = () => { throw new Error('simulated trap'); }; });
    await page.setInputFiles('#file-input', [fixture('basic', 'SaleList.csv')]);
    await page.waitForSelector('#progress.error');
    assert.match(await page.textContent('#progress'), /^The analysis stopped while reading files: .*simulated trap.*The page is ready for another try/);
    await page.setInputFiles('#file-input', [fixture('basic', 'stock-on-hand.csv')]);
    await page.waitForSelector('#findings [data-code="INV001"]', { timeout: 30000 });
  } finally {
    await close();
  }
});

test('a real trap of the engine is explained and a fresh engine takes the next analysis', async () => {
  const { page, close } = await openPage();
  try {
    // Values under the import limit whose costed totals overflow exact arithmetic: the
    // module panics, which aborts, which traps.
    const tmp = tempDir();
    let products = 'ProductCode,Name,Category,CostingMethod,AverageCost\n';
    let availability = 'SKU,Location,OnHand,Allocated,Available,StockOnHand\n';
    for (let i = 0; i < 3000; i++) {
      products += `S${i},Thing ${i},Cat${i % 7},FIFO,9999999999999\n`;
      availability += `S${i},Main,-9999999999999,0,-9999999999999,9999999999999\n`;
    }
    writeFileSync(join(tmp, 'InventoryList.csv'), products);
    writeFileSync(join(tmp, 'availability.csv'), availability);
    await page.setInputFiles('#file-input', [join(tmp, 'InventoryList.csv'), join(tmp, 'availability.csv')]);
    await page.waitForSelector('#progress.error', { timeout: 60000 });
    assert.match(await page.textContent('#progress'), /^The analysis stopped while .*the analysis engine stopped \(.*\); the usual causes are numbers too large for exact arithmetic/);
    // The failed run lists its files, each removable; without the product costs the rest is
    // analysed by the replacement engine, and a real export after it too.
    assert.deepEqual(await page.$$eval('#file-list .file', (els) => els.map((e) => e.dataset.file).sort()), ['InventoryList.csv', 'availability.csv']);
    assert.equal(await page.isHidden('#results'), true);
    await page.click('#file-list [data-file="InventoryList.csv"] .remove-file');
    await page.waitForFunction(() => /^Analysed 1 file in/.test(document.querySelector('#progress').textContent));
    await page.setInputFiles('#file-input', [fixture('basic', 'stock-on-hand.csv')]);
    await page.waitForSelector('#findings [data-code="INV001"]', { timeout: 30000 });
    assert.deepEqual(await page.$$eval('#file-list .file', (els) => els.map((e) => e.dataset.file).sort()), ['availability.csv', 'stock-on-hand.csv']);
  } finally {
    await close();
  }
});

test('the Content-Security-Policy refuses injected inline script', async () => {
  const { page, close } = await openPage();
  try {
    const outcome = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve({ blocked: e.violatedDirective, ran: window.__injected === true }), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true;';
      document.body.append(s);
      setTimeout(() => resolve({ blocked: null, ran: window.__injected === true }), 2000);
    }));
    assert.equal(outcome.ran, false);
    assert.match(outcome.blocked, /^script-src/);
  } finally {
    await close();
  }
});

test('another site cannot frame the page', async () => {
  const { page, origin, close } = await openPage();
  // Another site: a server on another port whose page frames ours, with no policy of its own.
  const host = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><iframe src="${origin}/" width="800" height="600"></iframe>`);
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  try {
    await page.goto(`http://127.0.0.1:${host.address().port}/`);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(frame, 'the host page has its frame');
    // Given time to draw itself, a page that loaded would show its file input.
    const input = await frame.waitForSelector('#file-input', { state: 'attached', timeout: 5000 }).catch(() => null);
    assert.equal(input, null, `the page drew itself inside another site (${frame.url()})`);
  } finally {
    await new Promise((ok) => host.close(ok));
    await close();
  }
});

test('a file larger than the browser check reads is named, not sent', async () => {
  const { page, close } = await openPage({ path: '/www/embed-example.html' });
  try {
    await page.evaluate(() => {
      const el = document.createElement('cin7-health-check');
      el.setAttribute('max-file-mb', '1');
      el.id = 'small';
      document.body.append(el);
    });
    const host = page.locator('#small');
    await host.locator('#file-input').setInputFiles([
      { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.alloc(2 * 1024 * 1024, 65) },
      { name: 'SaleList.csv', mimeType: 'text/csv', buffer: readFileSync(fixture('basic', 'SaleList.csv')) },
    ]);
    await host.locator('#findings [data-code="SET001"]').waitFor({ timeout: 30000 });
    assert.match(await host.locator('[data-file="big.csv"]').textContent(), /the file is 2 MB, more than this browser check reads \(1 MB\)/);
  } finally {
    await close();
  }
});

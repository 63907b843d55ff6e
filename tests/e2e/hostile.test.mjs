// Hostile input and a failing engine: the page reports each file, keeps working, and its
// Content-Security-Policy refuses inline script.
import { test } from 'node:test';
import { createServer } from 'node:http';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
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
    // Workbooks made to exhaust memory or time, and one with a stray far cell, from the same
    // builder the command line's tests use; each refusal names its limit.
    const made = execFileSync(join(ROOT, 'target', 'debug', 'healthcheck-bench'), ['hostile-workbooks', tmp], { encoding: 'utf8' })
      .trim().split('\n').map((line) => line.split('\t'));
    const workbooks = [...made.map(([name]) => name), 'far-cell.xlsx'];
    await page.setInputFiles('#file-input', [...names, ...extra.map((e) => e.name), ...workbooks].map((n) => join(tmp, n)));
    await page.waitForSelector('#results:not([hidden])', { timeout: 60000 });
    const shown = await page.$$eval('#file-list .file', (els) => els.map((e) => e.dataset.file));
    for (const n of [...names, ...extra.map((e) => e.name), ...workbooks]) assert.ok(shown.includes(n), `${n} is listed`);
    const bomb = await page.textContent('#file-list [data-file="zip-bomb.xlsx"]');
    assert.match(bomb, /ZIP bomb/);
    for (const [name, refusal] of made) {
      assert.ok((await page.textContent(`#file-list [data-file="${name}"]`)).includes(refusal), `${name}: ${refusal}`);
    }
    assert.match(await page.textContent('#file-list [data-file="far-cell.xlsx"]'), /11 records: 10 loaded, 1 rejected/);
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

test('numbers too large for exact sums leave out their files, named, and the rest is analysed', async () => {
  const { page, errors, close } = await openPage();
  try {
    // Values under the import limit whose costed totals would overflow exact arithmetic: the
    // engine leaves the two files out before any check runs, rather than stop.
    const tmp = tempDir();
    let products = 'ProductCode,Name,Category,CostingMethod,AverageCost\n';
    let availability = 'SKU,Location,OnHand,Allocated,Available,StockOnHand\n';
    for (let i = 0; i < 3000; i++) {
      products += `S${i},Thing ${i},Cat${i % 7},FIFO,9999999999999\n`;
      availability += `S${i},Main,-9999999999999,0,-9999999999999,9999999999999\n`;
    }
    writeFileSync(join(tmp, 'InventoryList.csv'), products);
    writeFileSync(join(tmp, 'availability.csv'), availability);
    await page.setInputFiles('#file-input', [join(tmp, 'InventoryList.csv'), join(tmp, 'availability.csv'), fixture('basic', 'stock-on-hand.csv')]);
    await page.waitForSelector('#findings [data-code="INV001"]', { timeout: 60000 });
    for (const name of ['InventoryList.csv', 'availability.csv']) {
      assert.match(await page.textContent(`#file-list [data-file="${name}"]`), /Not used: left out: its numbers \(column \w+, up to 13 digits/);
    }
    const dat001 = await page.$$eval('#findings [data-code="DAT001"]', (els) => els.map((e) => e.textContent));
    assert.ok(dat001.some((t) => t.includes('InventoryList.csv and availability.csv were left out')), dat001.join(' | '));
    assert.equal(await page.isHidden('#progress.error'), true);
    assert.deepEqual(errors, []);
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
    // No page at all may frame it, its own origin's neither: the widget embeds by script.
    const policy = (await fetch(`${origin}/`)).headers.get('content-security-policy');
    assert.match(policy, /frame-ancestors 'none'/);
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

// The walking skeleton end to end: drop exports on the page, see the findings, download the
// PDF the Rust code makes, and check that nothing left the origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPage, fixture, tempDir, pdfText, cli } from './helpers.mjs';

test('dropped exports give findings, a PDF, and no foreign request', async () => {
  const { page, requests, foreign, errors, close } = await openPage();
  try {
    await page.setInputFiles('#file-input', [fixture('basic', 'SaleList.csv'), fixture('basic', 'stock-on-hand.csv')]);
    await page.waitForSelector('#results:not([hidden])');
    // After a drop, as after the demo, focus and view move to the verdict.
    await page.waitForFunction(() => document.activeElement?.id === 'verdict');
    const box = await page.locator('#verdict').boundingBox();
    assert.ok(box && box.y > -2 && box.y < page.viewportSize().height, `the verdict is in view: ${JSON.stringify(box)}`);

    const stages = await page.$$eval('#scorecard .stage', (els) => els.map((e) => [e.dataset.stage, e.querySelector('.stage-status').textContent]));
    assert.deepEqual(stages, [
      ['setup', 'At risk'], ['inventory', 'Healthy'], ['integration', 'Not assessed'],
      ['ledger', 'Not assessed'], ['trust', 'Not assessed'], ['control', 'Watch'],
    ]);
    assert.equal(await page.getAttribute('#scorecard .first-break', 'data-stage'), 'setup');

    const codes = await page.$$eval('#findings .rule-group', (els) => els.map((e) => e.dataset.code));
    assert.deepEqual(codes, ['SET001', 'INV001', 'CTL001', 'DAT002']);
    const messages = await page.$$eval('#findings .finding-message', (els) => els.map((e) => e.textContent));
    assert.ok(messages.some((m) => m.includes('Sale SO-00123 was invoiced on 2026-03-02')), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes('SKU WID-1 at Main Warehouse shows 8 available')), messages.join('\n'));
    const evidence = await page.$$eval('[data-code="SET001"] .evidence tbody tr', (rows) => rows.map((r) => r.children[1].textContent + ':' + r.children[2].textContent));
    assert.deepEqual(evidence, ['SaleList.csv:3', 'SaleList.csv:4']);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-pdf')]);
    const dir = tempDir();
    const pagePdf = join(dir, 'page.pdf');
    await download.saveAs(pagePdf);
    const bytes = readFileSync(pagePdf);
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const text = pdfText(pagePdf);
    for (const name of ['Flawed setup / operational slip', 'Inventory state drift', 'Integration pipeline clogging',
      'Accounting and multi-ledger variance', 'Loss of trust', 'Loss of business control']) {
      assert.ok(text.includes(name), `PDF names stage "${name}"`);
    }
    assert.ok(text.includes('SET001') && text.includes('INV001'), 'PDF names both findings');
    assert.ok(text.includes('Sale SO-00123 was invoiced on 2026-03-02'));

    // A report without Chinese, Japanese or Korean text fetches no extra font.
    assert.ok(!requests.some((u) => u.endsWith('/fonts/fallback.ttf')), 'no fallback font fetched');
    // The command line writes the same PDF the page offers.
    const cliPdf = join(dir, 'cli.pdf');
    cli(['analyze', fixture('basic'), '--format', 'json', '--pdf', cliPdf]);
    assert.ok(readFileSync(cliPdf).equals(bytes), 'CLI and page PDFs are byte-identical');

    assert.ok(requests.length > 0, 'requests were recorded');
    assert.deepEqual(foreign, [], 'no request left the origin');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('unreadable files are named on the page and the rest still runs', async () => {
  const { page, foreign, close } = await openPage();
  try {
    await page.setInputFiles('#file-input', [
      { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) },
      { name: 'photo.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]) },
      { name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from('Colour,Mood\nblue,calm\n') },
      { name: 'SaleList.csv', mimeType: 'text/csv', buffer: readFileSync(fixture('basic', 'SaleList.csv')) },
    ]);
    await page.waitForSelector('#results:not([hidden])');
    const problems = await page.$$eval('#file-list .file.problem', (els) => els.map((e) => e.textContent));
    assert.equal(problems.length, 3);
    assert.ok(problems[0].startsWith('empty.csv') && problems[0].includes('the file is empty'), problems[0]);
    assert.ok(problems[1].startsWith('notes.csv') && problems[1].includes('no known export header'), problems[1]);
    assert.ok(problems[2].startsWith('photo.csv') && problems[2].includes('PNG image'), problems[2]);
    const codes = await page.$$eval('#findings .rule-group', (els) => els.map((e) => e.dataset.code));
    assert.deepEqual(codes, ['SET001', 'CTL001', 'DAT001', 'DAT002']);
    assert.deepEqual(foreign, []);
  } finally {
    await close();
  }
});

test('text from files is rendered as text, never as HTML', async () => {
  const { page, foreign, errors, close } = await openPage();
  try {
    const hostile = 'SKU,Name,Location,OnHand,Allocated,Available\n"<img src=x onerror=window.__pwned=1>","<script>window.__pwned=2</script>",Main,5,1,3\n';
    await page.setInputFiles('#file-input', [{ name: 'avail.csv', mimeType: 'text/csv', buffer: Buffer.from(hostile) }]);
    await page.waitForSelector('#results:not([hidden])');
    const message = await page.textContent('#findings .finding-message');
    assert.ok(message.includes('SKU <img src=x onerror=window.__pwned=1>'), message);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.$$eval('#findings img, #findings script', (els) => els.length), 0);
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a product named in Japanese prints in the PDF, its font fetched from the page\'s own origin', async () => {
  const { page, requests, foreign, errors, close } = await openPage();
  try {
    const dir = tempDir();
    const products = join(dir, 'ProductList.csv');
    writeFileSync(products, 'ProductCode,Name,Category,Brand,Type,CostingMethod,AverageCost,Status\nWID-1,日本茶碗 Kete,Widgets,Harbour,Stock,FIFO,12.00,ACTIVE\nWID-2,Māori Kete,Widgets,Harbour,Stock,FIFO,12.00,ACTIVE\n');
    await page.setInputFiles('#file-input', [fixture('basic', 'SaleList.csv'), fixture('basic', 'stock-on-hand.csv'), products]);
    await page.waitForSelector('#results:not([hidden])');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-pdf')]);
    const pdf = join(dir, 'names.pdf');
    await download.saveAs(pdf);
    const text = pdfText(pdf);
    assert.ok(text.includes('日本茶碗 Kete'), 'the Japanese name prints');
    assert.ok(!text.includes("each is shown as '?'"), 'nothing was replaced');
    assert.ok(requests.some((u) => new URL(u).pathname.endsWith('/fonts/fallback.ttf')), requests.join('\n'));
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

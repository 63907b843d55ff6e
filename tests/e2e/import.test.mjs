// Reading exports in the browser: the page gives the same report as the command line for a
// folder of every layout, and an unrecognised file can be mapped by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPage, fixture, tempDir, cli, pdfText } from './helpers.mjs';

async function downloadJson(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const path = join(tempDir(), 'report.json');
  await download.saveAs(path);
  return JSON.parse(readFileSync(path, 'utf8'));
}

test('the mixed folder gives the same report in the browser as on the command line', async () => {
  const { page, foreign, errors, close } = await openPage();
  try {
    const dir = fixture('mixed');
    const paths = readdirSync(dir).map((f) => join(dir, f));
    await page.setInputFiles('#file-input', paths);
    await page.waitForSelector('#results:not([hidden])');
    const fromPage = await downloadJson(page);
    const fromCli = JSON.parse(cli(['analyze', dir, '--format', 'json']));
    assert.equal(fromPage.inputs.length, 26);
    assert.deepEqual(fromPage, fromCli);
    const shown = await page.$$eval('#file-list .file', (els) => els.map((e) => e.dataset.file));
    assert.equal(shown.length, 26);
    const rejectedShown = await page.$$eval('.rejected-list li', (els) => els.map((e) => e.textContent));
    assert.deepEqual(rejectedShown, [
      'movements.csv, line 8: found 7 fields instead of 11',
      "movements.csv, line 9: Amount: '12..5' is not a number",
      "movements.csv, line 10: Date: '31/31/2026' is not a date",
    ]);
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('an unrecognised file is mapped by hand and then feeds its checks', async () => {
  const { page, foreign, close } = await openPage();
  try {
    const odd = 'Item,Where,Qty In Stock,Reserved,Free\nWID-1,Main,10,3,8\nWID-2,Main,4,0,4\n';
    await page.setInputFiles('#file-input', [
      { name: 'warehouse.csv', mimeType: 'text/csv', buffer: Buffer.from(odd) },
      { name: 'SaleList.csv', mimeType: 'text/csv', buffer: readFileSync(fixture('basic', 'SaleList.csv')) },
    ]);
    await page.waitForSelector('#results:not([hidden])');
    const item = page.locator('#file-list li[data-file="warehouse.csv"]');
    assert.match(await item.locator('.file-kind').textContent(), /no known export header/);
    await item.locator('select.map-kind').selectOption('cin7.availability');
    await item.locator('select[data-field="sku"]').selectOption('Item');
    await item.locator('select[data-field="location"]').selectOption('Where');
    await item.locator('select[data-field="on_hand"]').selectOption('Qty In Stock');
    await item.locator('select[data-field="allocated"]').selectOption('Reserved');
    await item.locator('select[data-field="available"]').selectOption('Free');
    await item.locator('button.map-apply').click();
    await page.waitForSelector('#findings [data-code="INV001"]');
    const kind = await page.locator('#file-list li[data-file="warehouse.csv"] .file-kind').textContent();
    assert.match(kind, /^Cin7 Core product availability cin7\.availability: 2 records: 2 loaded, 0 rejected/);
    const message = await page.locator('#findings [data-code="INV001"] .finding-message').first().textContent();
    assert.match(message, /SKU WID-1 at Main shows 8 available, but on hand 10 less allocated 3 is 7/);
    assert.deepEqual(foreign, []);
  } finally {
    await close();
  }
});

test('a mapping kept on this computer reads the same header again after a reload, and stores no data', async () => {
  const { page, foreign, close } = await openPage();
  try {
    const odd = 'Stock by bin\n\nItem,Where,Qty In Stock,Reserved,Free\nWID-1,Main,10,3,8\nWID-2,Main,4,0,4\n';
    const drop = () => page.setInputFiles('#file-input', [{ name: 'warehouse.csv', mimeType: 'text/csv', buffer: Buffer.from(odd) }]);
    await drop();
    await page.waitForSelector('#file-list li[data-file="warehouse.csv"] select.map-kind');
    const item = page.locator('#file-list li[data-file="warehouse.csv"]');
    // The header report: title rows and header, no data cell.
    await item.locator('button.header-report-show').click();
    const report = await item.locator('pre.header-report-text').textContent();
    assert.match(report, /Title rows:\n {2}Stock by bin\n/);
    assert.match(report, /Header row: Item \| Where \| Qty In Stock \| Reserved \| Free/);
    assert.doesNotMatch(report, /WID-1|WID-2/);
    await item.locator('select.map-kind').selectOption('cin7.availability');
    for (const [field, header] of [['sku', 'Item'], ['location', 'Where'], ['on_hand', 'Qty In Stock'], ['allocated', 'Reserved'], ['available', 'Free']]) {
      await item.locator(`select[data-field="${field}"]`).selectOption(header);
    }
    await item.locator('input.map-keep').check();
    await item.locator('button.map-apply').click();
    await page.waitForSelector('#findings [data-code="INV001"]');
    const stored = await page.evaluate(() => localStorage.getItem('cin7-health-check.mappings'));
    assert.deepEqual(JSON.parse(stored), {
      mappings: [{
        header: ['Item', 'Where', 'Qty In Stock', 'Reserved', 'Free'],
        kind: 'cin7.availability',
        columns: { sku: 'Item', location: 'Where', on_hand: 'Qty In Stock', allocated: 'Reserved', available: 'Free' },
      }],
    });
    assert.doesNotMatch(stored, /WID|Main|Stock by bin|\b10\b/);
    // A new visit: the same header is read with the kept mapping, without asking again.
    await page.reload();
    await drop();
    await page.waitForSelector('#findings [data-code="INV001"]');
    const kind = await page.locator('#file-list li[data-file="warehouse.csv"] .file-kind').textContent();
    assert.match(kind, / cin7\.availability: 2 records: 2 loaded, 0 rejected/);
    assert.equal(await page.locator('#file-list li[data-file="warehouse.csv"] .kept-mapping-note').count(), 1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-mappings')]);
    assert.equal(download.suggestedFilename(), 'cin7-health-check-mappings.json');
    assert.deepEqual(foreign, []);
  } finally {
    await close();
  }
});

test('settings re-run the analysis: a threshold, the as-of date and the lock date', async () => {
  const { page, close } = await openPage();
  try {
    await page.setInputFiles('#file-input', [fixture('basic', 'SaleList.csv')]);
    await page.waitForSelector('#findings [data-code="SET001"]');
    await page.click('#thresholds-panel summary');
    await page.fill('#threshold-grace_days', '40');
    await page.dispatchEvent('#threshold-grace_days', 'change');
    await page.waitForFunction(() => !document.querySelector('#findings [data-code="SET001"]'));
    await page.fill('#threshold-grace_days', '3');
    await page.dispatchEvent('#threshold-grace_days', 'change');
    await page.waitForSelector('#findings [data-code="SET001"]');
    await page.fill('#as-of', '2026-03-04');
    await page.dispatchEvent('#as-of', 'change');
    await page.waitForFunction(() => !document.querySelector('#findings [data-code="SET001"]'));
    const report = await downloadJson(page);
    assert.equal(report.as_of, '2026-03-04');
    assert.equal(report.settings.thresholds.grace_days, 3);
  } finally {
    await close();
  }
});

test('a bundle shows its traces and compares with a previous report', async () => {
  const { page, foreign, close } = await openPage();
  try {
    const dir = fixture('scenario-trace');
    await page.setInputFiles('#file-input', readdirSync(dir).map((f) => join(dir, f)));
    await page.waitForSelector('#results:not([hidden])');
    const head = await page.textContent('#traces .trace .trace-head');
    assert.match(head, /^Setup → Integration → Ledger · USD 8,420.00/);
    // Each trace reads as steps: the check's title, its code and stage, then the finding.
    assert.match(await page.textContent('#traces .trace .trace-steps li'), /^Invoiced, not shipped SET001 · Setup Sale SO-00123 was invoiced on 2026-03-02/);
    assert.equal(await page.getAttribute('#scorecard .first-break', 'data-stage'), 'setup');
    // Save this report, move the as-of date back, and compare with the saved one: the saved
    // report is the later, so the change is read forwards, from this one to it, and said so.
    const later = await downloadJson(page);
    const path = join(tempDir(), 'later.json');
    writeFileSync(path, JSON.stringify(later));
    await page.setInputFiles('#compare-input', path);
    await page.fill('#as-of', '2026-03-04');
    await page.dispatchEvent('#as-of', 'change');
    await page.waitForFunction(() => /Setup: 100 → \d+/.test(document.querySelector('#comparison').textContent));
    const text = await page.textContent('#comparison');
    assert.match(text, /The report given as the previous one is the later \(2026-03-31\); the change is read forwards/);
    assert.match(text, /From this report to the report of 2026-03-31: \d+ new findings?, \d+ resolved\./);
    assert.match(text, /Setup: 100 → \d+ \(-\d+, points taken 0 → \d+\)/);
    assert.deepEqual(foreign, []);
  } finally {
    await close();
  }
});

test('a large file with a Windows-1252 byte near its end reads the same as on the command line', async () => {
  // The first pass stops within the first part of each file; the last rows are read only by
  // the second. accented.csv is UTF-8 at the top, so only its last row is read as
  // Windows-1252 and named; plain.csv is ASCII until then, so all of it is Windows-1252.
  const dir = tempDir();
  const header = 'SKU,ProductName,Type,Date,Number,Status,Quantity,Amount,Location,BatchSN,FromTo\n';
  const rows = (prefix) => Array.from({ length: 150000 }, (_, i) =>
    `${prefix}-${i},Widget,Sale,${13 + (i % 15)}/03/2026,SO-${i},COMPLETED,-1,-5.00,Main,,Cust\n`).join('');
  const last = (sku) => Buffer.from(`${sku},Widget,Sale,31/03/2026,SO-LAST,COMPLETED,-1,-5.00,Caf\xE9,,Cust\n`, 'latin1');
  writeFileSync(join(dir, 'accented.csv'), Buffer.concat([Buffer.from(header + 'W-0,Caf\u00e9 cup,Sale,13/03/2026,SO-A,COMPLETED,-1,-5.00,Main,,Cust\n' + rows('A')), last('A-LAST')]));
  writeFileSync(join(dir, 'plain.csv'), Buffer.concat([Buffer.from(header + rows('P')), last('P-LAST')]));
  const { page, errors, close } = await openPage();
  try {
    await page.setInputFiles('#file-input', ['accented.csv', 'plain.csv'].map((f) => join(dir, f)));
    await page.waitForSelector('#results:not([hidden])');
    // The engine and the worker that reads files for it (www/reader-worker.js), in 4 MB
    // chunks: each file here is three of them.
    assert.deepEqual(page.workers().map((w) => new URL(w.url()).pathname), ['/www/worker.js', '/www/reader-worker.js']);
    const fromPage = await downloadJson(page);
    const fromCli = JSON.parse(cli(['analyze', dir, '--format', 'json']));
    assert.deepEqual(fromPage.inputs.map((i) => [i.file, i.encoding, i.rows, i.not_utf8]), [
      ['accented.csv', 'UTF-8', 150002, { records: 1, lines: [150003] }],
      ['plain.csv', 'windows-1252', 150001, null],
    ]);
    assert.deepEqual(fromPage, fromCli);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a file reader that stops partway leaves the engine to read the rest, with the same report', async () => {
  const dir = tempDir();
  const header = 'SKU,ProductName,Type,Date,Number,Status,Quantity,Amount,Location,BatchSN,FromTo\n';
  const rows = Array.from({ length: 140000 }, (_, i) =>
    `W-${i % 700},Widget,Sale,${10 + (i % 18)}/03/2026,SO-${i},COMPLETED,-1,-5.${String(i % 100).padStart(2, '0')},Main,,Cust\n`).join('');
  writeFileSync(join(dir, 'movements.csv'), header + rows);
  const { page, errors, close } = await openPage();
  try {
    await page.waitForFunction(() => document.querySelector('#export-list')?.childElementCount > 0);
    const names = await Promise.all(page.workers().map((w) => w.evaluate(() => self.name)));
    const reader = page.workers()[names.indexOf('cin7-healthcheck-reader')];
    assert.ok(reader, 'the engine has started its reader');
    // The reader fails once it has sent its first 4 MB chunk, as a crash would.
    await reader.evaluate(() => {
      const post = self.postMessage.bind(self);
      self.postMessage = (msg, transfer) => {
        post(msg, transfer);
        if (msg.chunk) setTimeout(() => { throw new Error('simulated reader crash'); });
      };
    });
    await page.setInputFiles('#file-input', [join(dir, 'movements.csv')]);
    await page.waitForSelector('#results:not([hidden])');
    const fromPage = await downloadJson(page);
    const fromCli = JSON.parse(cli(['analyze', dir, '--format', 'json']));
    assert.equal(fromPage.inputs[0].rows, 140000);
    assert.deepEqual(fromPage, fromCli);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a guessed date order is said in the file list and the PDF, and the user can give it', async () => {
  const { page, foreign, close } = await openPage();
  try {
    await page.setInputFiles('#file-input', ['Journal.csv', 'Account List.csv', 'StockAdjustments.csv'].map((f) => fixture('real', 'qbo-us', f)));
    await page.waitForSelector('#results:not([hidden])');
    const journal = await page.locator('#file-list li[data-file="Journal.csv"] .file-kind').textContent();
    assert.match(journal, /dates read month-first, a guess \(QuickBooks Online's US order\)/);
    const accounts = await page.locator('#file-list li[data-file="Account List.csv"] .file-kind').textContent();
    assert.match(accounts, / qbo\.accounts: 4 records: 3 loaded, 0 rejected, 1 passed over/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-pdf')]);
    const dir = tempDir();
    const path = join(dir, 'report.pdf');
    await download.saveAs(path);
    const text = pdfText(path).replace(/\s+/g, ' ');
    assert.match(text, /month-first \(guessed\)/);
    assert.match(text, /Dates marked \(guessed\) could be read either way/);
    // The user says the Cin7 file is day-first: it is read so, and said to be as given.
    await page.locator('#file-list li[data-file="StockAdjustments.csv"] select.date-order').selectOption('day_first');
    await page.waitForFunction(() => /in the order given/.test(document.querySelector('#file-list li[data-file="StockAdjustments.csv"] .file-kind')?.textContent ?? ''));
    const adjustments = await page.locator('#file-list li[data-file="StockAdjustments.csv"] .file-kind').textContent();
    assert.match(adjustments, /2026-03-02 to 2026-04-03/);
    assert.deepEqual(foreign, []);
  } finally {
    await close();
  }
});

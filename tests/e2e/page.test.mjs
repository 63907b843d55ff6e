// The self-check page and the widget, as a visitor uses them: the demo, offline runs,
// accessibility, hostile file contents, the standalone file, the widget's event, and a
// phone-width screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPage, launch, fixture, ROOT } from './helpers.mjs';

test('the demo runs the whole check: scorecard, first break, a trace, evidence and docs', async () => {
  const { page, foreign, errors, close } = await openPage();
  try {
    await page.click('#demo-button');
    await page.waitForSelector('#results:not([hidden])', { timeout: 30000 });
    assert.equal(await page.inputValue('#lock-date'), '2026-02-28');
    const stages = await page.$$eval('#scorecard .stage', (els) => els.map((e) => e.dataset.stage));
    assert.deepEqual(stages, ['setup', 'inventory', 'integration', 'ledger', 'trust', 'control']);
    assert.equal(await page.getAttribute('#scorecard .first-break', 'data-stage'), 'setup');
    // The first break's findings are open, the later stages' closed.
    const open = await page.$$eval('#findings .rule-group', (els) => els.map((e) => [e.closest('.stage-findings').dataset.stage, e.open]));
    assert.ok(open.some(([s, o]) => s === 'setup' && o), JSON.stringify(open));
    assert.ok(open.every(([s, o]) => s === 'setup' || !o), JSON.stringify(open));
    // The export help starts with the minimum set and where to find each export.
    const start = await page.$$eval('#start-here li', (els) => els.map((e) => e.textContent));
    assert.equal(start.length, 6, start.join(' | '));
    assert.match(start[0], /^Cin7 Core sale list \(Sale > View sales, export\)/);
    assert.match(start[3], /Xero account transactions.* or QuickBooks/);
    // View and focus are on the verdict.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'verdict');
    const box = await page.locator('#verdict').boundingBox();
    const view = page.viewportSize();
    assert.ok(box && box.y > -2 && box.y < view.height, `the verdict is in view: ${JSON.stringify(box)}`);
    assert.match(await page.textContent('#at-stake'), /^USD [\d,]+\.\d\d at stake across the stages, each document counted once\./);
    // The fix-first plan comes before the chain and starts upstream, in the first break's stage.
    const plan = await page.$$eval('#plan li', (els) => els.map((e) => [e.dataset.code, e.querySelector('.plan-clears').textContent]));
    assert.ok(plan.length >= 1 && plan.length <= 5, JSON.stringify(plan));
    assert.match(plan[0][0], /^SET\d{3}$/);
    assert.match(plan[0][1], /^Clears \d+ findings? \(\d+ of this check, \d+ downstream\), USD [\d,]+\.\d\d at stake/);
    // Each scored stage tells how its score was reached, term by term.
    const points = await page.$$eval('#scorecard .stage', (els) => els.map((e) => [
      e.querySelector('.stage-score').textContent,
      e.querySelector('.stage-points summary')?.textContent ?? '',
      [...e.querySelectorAll('.stage-points li')].map((li) => li.textContent),
    ]));
    const setup = points[0];
    assert.equal(setup[1].split(' ')[1], setup[0], JSON.stringify(setup));
    assert.match(setup[1], /^How \d+ was reached: 100 − [\d.]+/);
    assert.ok(setup[2].length >= 1 && setup[2].every((t) => /^(SET\d{3}|money): [\d.]+ = [\d.]+ × [\d.]+ \(/.test(t)), setup[2].join('\n'));
    // The three pictures, each with a text alternative; the drift chart marks LED008's month.
    for (const id of ['chart-drift', 'chart-money', 'chart-sync']) {
      assert.match(await page.getAttribute(`#${id} svg`, 'aria-label'), /^(Month-end stock value|Money at stake by stage|Sync failures and skips by month)/, id);
    }
    const since = await page.getAttribute('#chart-drift .chart-marker', 'data-month');
    assert.match(since, /^\d{4}-\d\d$/);
    const drift = page.locator('#findings [data-code="LED008"]');
    if (!(await drift.getAttribute('open'))) await drift.locator('summary').first().click();
    assert.match(await drift.textContent(), new RegExp(`since ${since}`));
    assert.match(await page.textContent('#chart-drift .chart-marker'), new RegExp(`Apart since ${since}`));
    assert.equal(await page.locator('#chart-money svg rect').count(), 6);
    assert.match(await page.getAttribute('#chart-sync svg', 'aria-label'), /\d{4}-\d\d \d+ failed, \d+ skipped/);
    assert.match(await page.getAttribute('#chain svg', 'aria-label'), /^Stage 1 Setup: (Critical|At risk), score \d+; Stage 2 Inventory/);
    const traces = await page.$$eval('#traces .trace-head', (els) => els.map((e) => e.textContent));
    assert.ok(traces.length >= 3 && traces[0].startsWith('Setup → '), traces.join('\n'));
    // A finding's evidence and the rule's own documentation.
    const group = page.locator('#findings [data-code="SET003"]');
    if (!(await group.getAttribute('open'))) await group.locator('summary').first().click();
    const evidence = await group.locator('.evidence tbody tr').first().locator('td').allTextContents();
    assert.equal(evidence[1], 'PurchaseList.xlsx');
    await group.locator('.rule-doc summary').click();
    assert.match(await group.locator('.rule-doc').textContent(), /How to fix it at the source/);
    // The documentation reads as text, its Markdown rendered (as nodes, not HTML): the
    // example's CSV is a code block, and no fence or backtick shows.
    assert.ok((await group.locator('.rule-doc pre code').count()) >= 1);
    assert.ok(!(await group.locator('.rule-doc').textContent()).includes('```'));
    assert.ok(!(await group.locator('.rule-doc .doc-body p').allTextContents()).some((t) => t.includes('`')));
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('after the page has loaded, an analysis works with the network cut', async () => {
  const { page, context, foreign, close } = await openPage();
  try {
    await page.waitForFunction(() => document.querySelector('#export-list')?.childElementCount > 0);
    await context.setOffline(true);
    await page.setInputFiles('#file-input', [fixture('basic', 'SaleList.csv'), fixture('basic', 'stock-on-hand.csv')]);
    await page.waitForSelector('#findings [data-code="SET001"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-pdf')]);
    assert.match(download.suggestedFilename(), /^cin7-health-check-(summary|standard|full)-2026-03-31\.pdf$/);
    assert.deepEqual(foreign, []);
  } finally {
    await close();
  }
});

test('evidence pages, and its CSV neutralises spreadsheet formulas', async () => {
  const { page, close } = await openPage();
  try {
    const rows = ['SKU,Name,Location,OnHand,Allocated,Available'];
    for (let i = 0; i < 14; i++) rows.push(`WID-${i},Widget ${i},Main,10,3,${i % 2 ? 8 : 9}`);
    rows.push('"=HYPERLINK(""http://x"")",@sum,Main,10,3,9');
    await page.setInputFiles('#file-input', [{ name: 'avail.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') }]);
    await page.waitForSelector('#findings [data-code="INV001"] .evidence');
    const group = page.locator('#findings [data-code="INV001"]');
    assert.equal(await group.locator('.evidence tbody tr').count(), 10);
    await group.locator('.evidence-nav button', { hasText: 'Next' }).click();
    assert.equal(await group.locator('.evidence tbody tr').count(), 5);
    const [download] = await Promise.all([page.waitForEvent('download'), group.locator('.evidence-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.match(csv, /^Finding,File,Line,SKU,/);
    assert.ok(csv.includes(`"'=HYPERLINK(""http://x"")"`), csv);
    assert.ok(!/(^|,)[=+@]/m.test(csv), 'no cell starts a formula');
  } finally {
    await close();
  }
});

test('the main states have no serious or critical accessibility violation (axe-core)', async () => {
  const { page, close } = await openPage({ bypassCSP: true });
  try {
    const axe = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    const check = async (state) => {
      await page.addScriptTag({ content: axe });
      const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`), [], state);
    };
    await page.waitForFunction(() => document.querySelector('#export-list')?.childElementCount > 0);
    await check('empty page');
    await page.click('#demo-button');
    await page.waitForSelector('#results:not([hidden])', { timeout: 30000 });
    await page.click('#exports-help summary');
    await check('results');
    await page.setViewportSize({ width: 360, height: 800 });
    await check('results at 360 px');
  } finally {
    await close();
  }
});

test('hostile product names render as text: no script runs, no request is made', async () => {
  const { page, foreign, errors, close } = await openPage();
  try {
    const products = 'ProductCode,Name,Category,CostingMethod,AverageCost\n' +
      'WID-1,"<img src=x onerror=""window.__pwned=1;fetch(\'http://evil.invalid/\')"">",Widgets,FIFO,12\n' +
      'WID-2,"<script>window.__pwned=2</script>",Widgets,FIFO,12\n' +
      'WID-3,"<script>window.__pwned=2</script>",Widgets,FIFO,12\n';
    await page.setInputFiles('#file-input', [{ name: 'InventoryList.csv', mimeType: 'text/csv', buffer: Buffer.from(products) }]);
    await page.waitForSelector('#findings [data-code="SET009"]');
    const text = await page.textContent('#findings');
    assert.ok(text.includes('<script>window.__pwned=2</script>'), 'the name shows as text');
    assert.ok(text.includes('<img src=x onerror='), 'the name shows as text');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('#findings img, #findings script').count(), 0);
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the standalone file works opened from disk, with no server', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    const requests = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto('file://' + join(ROOT, 'dist', 'cin7-health-check.html'));
    // A workbook and the PDF need the second module, which this file carries inline.
    await page.setInputFiles('#file-input', [fixture('basic', 'SaleList.csv'), fixture('basic', 'stock-on-hand.csv'), fixture('mixed', 'PurchaseList.xlsx')]);
    await page.waitForSelector('#findings [data-code="SET001"]', { timeout: 20000 });
    assert.match(await page.textContent('#verdict'), /^Control first breaks at stage 1/);
    assert.match(await page.textContent('#file-list [data-file="PurchaseList.xlsx"]'), /purchases/i);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-pdf')]);
    assert.equal(readFileSync(await download.path()).subarray(0, 5).toString(), '%PDF-');
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('blob:') && !u.startsWith('data:')), []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the widget on a host page tells it the outcome, never the data', async () => {
  const { page, foreign, errors, close } = await openPage({ path: '/www/embed-example.html' });
  try {
    const host = page.locator('cin7-health-check');
    await host.locator('#demo-button').click();
    await page.waitForFunction(() => window.lastHealthCheck !== undefined, null, { timeout: 30000 });
    const detail = await page.evaluate(() => window.lastHealthCheck);
    assert.deepEqual(Object.keys(detail).sort(), ['first_break', 'stages']);
    assert.equal(detail.first_break, 'setup');
    assert.deepEqual(Object.keys(detail.stages[0]).sort(), ['id', 'score', 'status']);
    const json = JSON.stringify(detail);
    for (const leak of ['SO-', 'PO-', 'INV-', 'USD', 'Harbour', '.csv']) assert.ok(!json.includes(leak), `the event carries "${leak}"`);
    assert.equal(await page.locator('#host-form').isVisible(), true);
    // The host's loud styles stay outside the shadow root.
    const color = await host.locator('.verdict').evaluate((el) => getComputedStyle(el).color);
    assert.notEqual(color, 'rgb(139, 0, 0)');
    assert.equal(await host.locator('#cta').getAttribute('href'), 'https://fjord.example/book');
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the widget draws its stages in the page\'s colours', async () => {
  // The style variables reach the shadow root (`:root, :host`): a tile's colour follows its
  // status and equals the page's for the same report.
  const colours = async (page, scope) => scope.locator('.chain-stage').evaluateAll((els) => els.map((g) => ({
    status: [...g.classList].find((c) => c.startsWith('status-')),
    fill: getComputedStyle(g.querySelector('.chain-box')).fill,
  })));
  const own = await openPage();
  const widget = await openPage({ path: '/www/embed-example.html' });
  try {
    await own.page.click('#demo-button');
    await own.page.waitForSelector('#results:not([hidden])', { timeout: 30000 });
    const host = widget.page.locator('cin7-health-check');
    await host.locator('#demo-button').click();
    await host.locator('#results:not([hidden])').waitFor({ timeout: 30000 });
    const onPage = await colours(own.page, own.page);
    const inWidget = await colours(widget.page, host);
    assert.equal(onPage.length, 6);
    assert.deepEqual(inWidget.map((t) => [t.status, t.fill]), onPage.map((t) => [t.status, t.fill]));
    const byStatus = new Map(inWidget.map((t) => [t.status, t.fill]));
    assert.ok(byStatus.size >= 2, `several statuses: ${[...byStatus.keys()]}`);
    assert.equal(new Set(byStatus.values()).size, byStatus.size, 'each status its own colour');
    assert.ok(![...byStatus.values()].includes('rgb(0, 0, 0)'), 'no tile falls back to black');
    const cards = await host.locator('.stage').evaluateAll((els) => els.map((e) => getComputedStyle(e).borderLeftColor));
    const pageCards = await own.page.locator('.stage').evaluateAll((els) => els.map((e) => getComputedStyle(e).borderLeftColor));
    assert.deepEqual(cards, pageCards);
  } finally {
    await own.close();
    await widget.close();
  }
});

test('the demo is a mode of its own, Start over clears, and a threshold it cannot read is said and not run', async () => {
  const { page, errors, close } = await openPage();
  try {
    await page.click('#demo-button');
    await page.waitForSelector('#results:not([hidden])', { timeout: 30000 });
    assert.ok((await page.$$eval('#file-list .file', (els) => els.length)) > 10);
    assert.equal(await page.isVisible('#start-over'), true);
    // An invalid threshold: a message beside it, and no new analysis.
    await page.locator('#thresholds-panel summary').click();
    const before = await page.textContent('#progress');
    const field = page.locator('#threshold-grace_days');
    await field.fill('three');
    await field.dispatchEvent('change');
    assert.match(await page.textContent('#threshold-grace_days-error'), /^Not a number: grace days stays \d+/);
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.textContent('#progress'), before, 'no analysis ran');
    // One's own file after the demo: the demo's files go, and the page says so.
    await page.setInputFiles('#file-input', [fixture('basic', 'SaleList.csv')]);
    await page.waitForFunction(() => /^The demo data was cleared/.test(document.querySelector('#progress').textContent));
    assert.deepEqual(await page.$$eval('#file-list .file', (els) => els.map((e) => e.dataset.file)), ['SaleList.csv']);
    assert.equal(await page.inputValue('#lock-date'), '', 'the demo\'s lock date went with it');
    // Start over: nothing left.
    await page.click('#start-over');
    assert.equal(await page.$$eval('#file-list .file', (els) => els.length), 0);
    assert.equal(await page.isHidden('#results'), true);
    assert.equal(await page.isHidden('#start-over'), true);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('at 360 pixels wide nothing overflows sideways', async () => {
  const { page, close } = await openPage({ viewport: { width: 360, height: 800 } });
  try {
    await page.click('#demo-button');
    await page.waitForSelector('#results:not([hidden])', { timeout: 30000 });
    await page.locator('#scorecard').screenshot({ path: join(ROOT, 'tests', 'e2e', 'output', 'scorecard-360.png') }).catch(async () => {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(ROOT, 'tests', 'e2e', 'output'), { recursive: true });
      await page.locator('#scorecard').screenshot({ path: join(ROOT, 'tests', 'e2e', 'output', 'scorecard-360.png') });
    });
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth }));
    assert.ok(widths.doc <= widths.view && widths.body <= widths.view, JSON.stringify(widths));
    // The stage chain keeps tiles one can read (it scrolls in its panel instead).
    const chain = await page.locator('#chain svg').boundingBox();
    assert.ok(chain && chain.width >= 640, `the chain is ${chain?.width} px wide`);
  } finally {
    await close();
  }
});

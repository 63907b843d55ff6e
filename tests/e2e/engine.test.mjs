// The page and the command line are one engine: the page's worker driver gives the CLI's
// report byte for byte, and the page's stage and status words and its "stages each export
// feeds" come from the engine's catalog, not from a copy of their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openPage, fixture, tempDir, cli } from './helpers.mjs';
import { deriveWords } from '../../www/words.js';

const catalog = JSON.parse(cli(['rules', '--format', 'json']));

/** The stages of the sequence whose checks read a kind, worked out from the rules alone. */
function expectedStages(kind) {
  const number = Object.fromEntries(catalog.vocabulary.stages.map((s) => [s.id, s.number]));
  const numbers = catalog.rules
    .filter((r) => r.stage !== 'coverage')
    .filter((r) => r.inputs.some((group) => group.split(' | ').includes(kind)) || r.reads.includes(kind))
    .map((r) => number[r.stage]);
  return [...new Set(numbers)].sort((a, b) => a - b);
}

test('the words the page derives equal the catalog for every kind', () => {
  const words = deriveWords(catalog.vocabulary);
  assert.equal(catalog.kinds.length, Object.keys(words.stagesOfKind).length);
  for (const kind of catalog.kinds) {
    assert.deepEqual(words.stagesOfKind[kind.id], expectedStages(kind.id), kind.id);
  }
  // The two the page's old hand-made table had wrong.
  assert.ok(words.stagesOfKind['cin7.products'].includes(2));
  assert.ok(words.stagesOfKind['xero.manual_journals'].includes(6));
  assert.equal(words.stageShort.ledger, 'Ledger');
  assert.equal(words.statusLabel.at_risk, 'At risk');
});

test("the page's worker gives the command line's report, byte for byte, and shows the engine's words", async () => {
  const folder = fixture('mixed');
  const names = readdirSync(folder).filter((n) => !n.startsWith('.')).sort();
  const { page, foreign, errors, close } = await openPage();
  try {
    // The export help lists each kind with the stages the catalog says it feeds.
    await page.waitForSelector('#export-list ul li', { state: 'attached' });
    const hints = await page.$$eval('#export-list ul li', (items) => items.map((li) => [li.querySelector('strong').textContent, li.querySelector('.hint').textContent]));
    for (const kind of catalog.kinds) {
      const hint = hints.find(([name]) => name === kind.export.split(' (')[0]);
      assert.ok(hint, `the export help lists ${kind.id}`);
      assert.equal(hint[1], ` Stages ${expectedStages(kind.id).join(', ')}.`, kind.id);
    }

    await page.setInputFiles('#file-input', names.map((n) => join(folder, n)));
    await page.waitForSelector('#results:not([hidden])');
    const tiles = await page.$$eval('#scorecard .stage', (els) => els.map((e) => [e.dataset.stage, e.querySelector('.stage-name').textContent]));
    const short = Object.fromEntries(catalog.vocabulary.stages.map((s) => [s.id, s.short]));
    for (const [id, name] of tiles) assert.equal(name, short[id]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    const saved = join(tempDir(), 'page.json');
    await download.saveAs(saved);
    const fromPage = readFileSync(saved, 'utf8');
    const fromCli = cli(['analyze', folder, '--format', 'json']);
    assert.equal(fromPage.trimEnd(), fromCli.trimEnd());
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the evidence CSV guards formulas behind spaces and fullwidth signs, and keeps negative numbers numbers', async () => {
  const { csvCell } = await import('../../www/dom.js');
  const cases = [
    ['=1+1', "'=1+1"],
    ['  =HYPERLINK("x")', `"'  =HYPERLINK(""x"")"`],
    ['\u00a0=X', "'\u00a0=X"],
    ['\u200b=X', "'\u200b=X"],
    ['\uff1dSUM(A1)', "'\uff1dSUM(A1)"],
    ['@cmd', "'@cmd"],
    ['-x', "'-x"],
    ['-1', '-1'],
    ['-12.50', '-12.50'],
    ['+3', '+3'],
    ['Widget, blue', '"Widget, blue"'],
  ];
  for (const [cell, written] of cases) assert.equal(csvCell(cell), written, JSON.stringify(cell));
});

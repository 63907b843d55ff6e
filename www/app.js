// The self-check: collects files, runs the engine in a Web Worker, renders the Report.
// `mount(root, options)` works on the page (root = document) and inside the widget's
// shadow root. Text from the user's files only ever reaches the DOM as text.
import { el, svg, clear, money, download, csvCell, markdownNodes } from './dom.js';
import { MARKUP } from './markup.js';

import { deriveWords } from './words.js';

/** The minimum set, each entry one export (or its equivalent in the other ledger). */
const START_HERE = [['cin7.sales'], ['cin7.purchases'], ['cin7.availability'], ['xero.gl', 'qbo.gl'], ['xero.trial_balance', 'qbo.trial_balance'], ['cin7.sync_log']];
const SYSTEMS = [['cin7.', 'Cin7 Core'], ['xero.', 'Xero'], ['qbo.', 'QuickBooks Online'], ['shopify.', 'Shopify']];
const EVIDENCE_PAGE = 10;

export function mount(root, options = {}) {
  const container = root === document ? document.getElementById('app') : root;
  container.innerHTML = MARKUP; // static markup, no user data
  const scope = root === document ? document : root;
  const $ = (id) => root.getElementById(id);
  const files = new Map();
  const overrides = {};
  const thresholds = {};
  let report = null;
  let reportJson = '';
  let catalog = new Map();
  let kindList = [];
  // Stage and status words and the stages each kind feeds: the engine's, once it answers.
  let words = deriveWords({ stages: [], statuses: [], kinds: [], dates: [] });
  // The engine's catalog and words: a result waits for them, so it never shows unlabelled.
  let catalogReady = Promise.resolve();
  let previousJson = null;
  let demoLockDate = null;
  // The demo's files are a mode of their own: the user's first file replaces them.
  let demoMode = false;
  /** Files above this size are not sent to the engine: the browser could not hold them. */
  const maxFileBytes = options.maxFileBytes ?? 1024 ** 3;
  let tooLarge = [];

  // ---- branding (the widget's attributes) -----------------------------------
  if (options.accent) container.style.setProperty('--accent', options.accent);
  if (options.logo) {
    const img = scope.querySelector('.brand-logo');
    img.src = options.logo;
    img.hidden = false;
  }
  if (options.ctaText && options.ctaHref) {
    const cta = $('cta');
    cta.textContent = options.ctaText;
    cta.href = options.ctaHref;
    cta.rel = 'noopener';
    cta.target = '_blank';
    cta.hidden = false;
  }

  // ---- the worker -----------------------------------------------------------
  let worker;
  let nextId = 1;
  const pending = new Map();
  function startWorker() {
    worker = new Worker(options.workerUrl ?? new URL('./worker.js', import.meta.url), { type: options.workerType ?? 'module' });
    worker.onmessage = (event) => {
      const msg = event.data;
      const task = pending.get(msg.id);
      if (!task) return;
      if (msg.type === 'progress') return task.progress?.(msg);
      pending.delete(msg.id);
      if (msg.type === 'error') task.reject(new Error(msg.message));
      else task.resolve(msg);
      if (msg.fatal) {
        // Nothing else the trapped engine was asked will be answered.
        for (const other of pending.values()) other.reject(new Error(msg.message));
        pending.clear();
        worker.terminate();
        startWorker();
        if (!kindList.length) loadCatalog();
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      failAll(event.message || 'the analysis engine stopped');
    };
  }
  /** The engine trapped or ran out of memory: fail what was asked, start a fresh worker. */
  let restarts = 0;
  function failAll(message) {
    const asked = pending.size > 0;
    for (const task of pending.values()) task.reject(new Error(message));
    pending.clear();
    worker.terminate();
    // A worker that cannot even start would only fail again.
    if (asked && restarts++ < 5) {
      startWorker();
      if (!kindList.length) loadCatalog();
    } else $('progress').textContent = `The analysis engine could not start: ${message}`;
  }
  function ask(message, progress) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, progress });
      worker.postMessage({ id, ...message });
    });
  }

  // ---- input ----------------------------------------------------------------
  function addFiles(list, { demo = false } = {}) {
    let note = '';
    if (demoMode && !demo && list.length) {
      // The user's own files are never analysed together with the made-up company's.
      files.clear();
      if ($('lock-date').value === demoLockDate) $('lock-date').value = '';
      note = 'The demo data was cleared: your files are analysed on their own. ';
    }
    demoMode = demo;
    for (const f of list) files.set(f.name, f);
    $('start-over').hidden = files.size === 0;
    if (files.size) run(note);
  }

  /** Back to an empty page: no files, no result, no comparison. */
  function startOver() {
    files.clear();
    tooLarge = [];
    previousJson = null;
    report = null;
    reportJson = '';
    if (demoMode && $('lock-date').value === demoLockDate) $('lock-date').value = '';
    demoMode = false;
    clear($('file-list'));
    $('results').hidden = true;
    $('start-over').hidden = true;
    $('progress').classList.remove('error');
    $('progress').textContent = 'Started over: add your exports.';
  }

  function settings() {
    const s = {};
    if ($('as-of').value) s.as_of = $('as-of').value;
    if ($('accounting').value) s.accounting = $('accounting').value;
    if ($('lock-date').value) s.lock_date = $('lock-date').value;
    if (Object.keys(thresholds).length) s.thresholds = { ...thresholds };
    if (Object.keys(overrides).length) s.overrides = overrides;
    return s;
  }

  async function run(note = '') {
    const progress = $('progress');
    const bar = $('progress-bar');
    progress.classList.remove('error');
    progress.textContent = 'Reading files';
    bar.hidden = false;
    bar.value = 0;
    let lastStep = 'Reading files';
    try {
      const all = [...files.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
      const list = all.filter((f) => f.size <= maxFileBytes);
      tooLarge = all.filter((f) => f.size > maxFileBytes);
      const started = performance.now();
      const msg = await ask({ type: 'analyze', files: list, settings: settings() }, (p) => {
        bar.value = Math.round((100 * p.done) / Math.max(1, p.total));
        progress.textContent = p.message;
        lastStep = p.message;
      });
      reportJson = msg.report;
      if (previousJson) reportJson = (await ask({ type: 'compare', report: reportJson, previous: previousJson })).report;
      report = JSON.parse(reportJson);
      // A file whose header the user mapped before is read again with that mapping.
      if (applyKeptMappings(report)) return run();
      restarts = 0;
      bar.value = 100;
      bar.hidden = true;
      progress.textContent = `${note}Analysed ${list.length} file${list.length === 1 ? '' : 's'} in ${Math.round(performance.now() - started)} ms${asOfWords(report)}.`;
      await catalogReady.catch(() => {});
      render();
      options.onComplete?.(report);
    } catch (err) {
      bar.hidden = true;
      progress.textContent = `The analysis stopped while ${lastStep.charAt(0).toLowerCase() + lastStep.slice(1)}: ${err.message}. The page is ready for another try: remove that file or add others.`;
      progress.classList.add('error');
      $('results').hidden = true;
      renderFailedFiles();
    }
  }

  async function runDemo() {
    const base = options.demoUrl ?? new URL('./demo/', import.meta.url);
    try {
      const index = await (await fetch(new URL('index.json', base))).json();
      const loaded = await Promise.all(index.files.map(async (name) => new File([await (await fetch(new URL(encodeURIComponent(name), base))).blob()], name)));
      files.clear();
      demoLockDate = index.lock_date;
      $('lock-date').value = index.lock_date;
      addFiles(loaded, { demo: true });
    } catch (err) {
      $('progress').textContent = `The demo data could not be loaded: ${err.message}`;
    }
  }

  // ---- rendering ------------------------------------------------------------
  function renderExportList() {
    const box = clear($('export-list'));
    // The fewest exports that let every stage be judged, with where to find each.
    const start = START_HERE.map((ids) => ids.map((id) => kindList.find((k) => k.id === id)).filter(Boolean)).filter((ks) => ks.length);
    if (start.length) {
      box.append(el('div', { class: 'start-here', id: 'start-here' },
        el('h4', { text: 'Start here' }),
        el('p', { class: 'hint', text: 'These six exports together let every stage be judged; add the others when a stage asks for them.' }),
        el('ol', {}, start.map((ks) => el('li', {}, ks.map((k, i) => [i ? ' or ' : '', el('strong', { text: k.export.split(' (')[0] }),
          k.export.includes(' (') ? k.export.slice(k.export.indexOf(' (')) : '']))))));
    }
    for (const [prefix, system] of SYSTEMS) {
      const kinds = kindList.filter((k) => k.id.startsWith(prefix));
      box.append(el('h4', { text: system }), el('ul', {}, kinds.map((k) => el('li', {},
        el('strong', { text: k.export.split(' (')[0] }),
        k.export.includes(' (') ? k.export.slice(k.export.indexOf(' (')) : '',
        el('span', { class: 'hint', text: ` Stages ${(words.stagesOfKind[k.id] ?? []).join(', ')}.` })))));
    }
  }

  /** A button that takes one file out of the analysis and runs it again on the rest. */
  function removeButton(name) {
    return el('button', {
      type: 'button', class: 'link-button remove-file', 'aria-label': `Remove ${name}`, text: 'Remove',
      onclick: () => {
        files.delete(name);
        delete overrides[name];
        if (files.size) return run();
        clear($('file-list'));
        $('start-over').hidden = true;
        $('results').hidden = true;
        $('progress').textContent = '';
        $('progress').classList.remove('error');
      },
    });
  }

  /** After a failed run there is no report: list the files that were in it, each removable. */
  function renderFailedFiles() {
    const list = clear($('file-list'));
    for (const name of files.keys()) {
      list.append(el('li', { class: 'file problem', 'data-file': name }, el('span', { class: 'file-name', text: name }), removeButton(name)));
    }
  }

  /** The as-of date and, unless the user gave it, where it came from. */
  function asOfWords(r) {
    if (!r.as_of) return ', as of no date (none in the files)';
    const source = r.as_of_source ?? {};
    if (source.from === 'title') return `, as of ${r.as_of} (from the title of ${source.file}: "${source.title}")`;
    if (source.from === 'latest_record') return `, as of ${r.as_of} (the latest date in the files${source.file ? `, in ${source.file}` : ''})`;
    return `, as of ${r.as_of}`;
  }

  function renderKeptMappings() {
    const box = clear($('kept-mappings'));
    const kept = keptMappings();
    if (!kept.mappings.length) return;
    const save = el('button', { type: 'button', class: 'button secondary', id: 'download-mappings', text: 'Download kept mappings (for --mapping)' });
    save.addEventListener('click', () => download('cin7-health-check-mappings.json', JSON.stringify(kept, null, 2), 'application/json'));
    const forget = el('button', { type: 'button', class: 'button secondary', id: 'forget-mappings', text: 'Forget them' });
    forget.addEventListener('click', () => {
      try {
        localStorage.removeItem(MAPPINGS_KEY);
      } catch {
        // Nothing was kept.
      }
      renderKeptMappings();
    });
    box.append(el('span', { class: 'hint', text: `${kept.mappings.length} column mapping${kept.mappings.length === 1 ? '' : 's'} kept on this computer. ` }), save, forget);
  }

  /** The export a kind stands for, as its system names it ("Xero account transactions"). */
  function exportName(kind) {
    const known = kindList.find((k) => k.id === kind);
    return known ? known.export.split(' (')[0] : kind;
  }

  function renderFiles() {
    renderKeptMappings();
    const list = clear($('file-list'));
    for (const f of tooLarge) {
      list.append(el('li', { class: 'file problem', 'data-file': f.name }, el('span', { class: 'file-name', text: f.name }),
        el('span', { class: 'file-kind', role: 'alert', text: `Not used: the file is ${Math.round(f.size / 1024 ** 2)} MB, more than this browser check reads (${Math.round(maxFileBytes / 1024 ** 2)} MB); the command line reads files of any size` }),
        removeButton(f.name)));
    }
    for (const input of report.inputs) {
      const range = input.first_date ? `, ${input.first_date} to ${input.last_date}` : '';
      const dup = input.duplicates ? `, ${input.duplicates} already in another file` : '';
      const cleaned = input.identifiers_cleaned ? `, ${input.identifiers_cleaned} identifier${input.identifiers_cleaned === 1 ? '' : 's'} read without spreadsheet marks` : '';
      const passed = input.passed_over ? `, ${input.passed_over} passed over (headings, totals, footers)` : '';
      const order = input.dates ? `, ${words.datesRead[input.dates] ?? input.dates}` : '';
      const notUtf8 = input.not_utf8
        ? `, ${input.not_utf8.records} record${input.not_utf8.records === 1 ? '' : 's'} not UTF-8, read as Windows-1252 (line${input.not_utf8.records === 1 ? '' : 's'} ${input.not_utf8.lines.join(', ')}${input.not_utf8.records > input.not_utf8.lines.length ? ', ...' : ''})`
        : '';
      const used = input.kind && !input.problem;
      list.append(el('li', { class: used ? 'file ok' : 'file problem', 'data-file': input.file },
        el('span', { class: 'file-name', text: input.file }),
        removeButton(input.file),
        used
          ? el('span', { class: 'file-kind' },
            // The export as the user knows it first; the kind's id in small print.
            el('span', { class: 'export-name', text: exportName(input.kind) }), ' ', el('small', { class: 'kind-id', text: input.kind }),
            `${input.store ? `, store ${input.store}` : ''}: ${input.records} records: ${input.rows} loaded, ${input.rejected} rejected${dup}${passed}${cleaned}${notUtf8}${range}${order}`)
          : el('span', { class: 'file-kind', role: 'alert', text: `Not used: ${input.problem}` }),
        input.dates && (input.dates.endsWith('_guessed') || input.dates === 'as_told') ? dateOrderChoice(input) : null,
        input.header.length ? mappingForm(input) : null));
    }
  }

  // Column mappings the user chose to keep on this computer: header names and field names
  // only, under one key of the browser's local storage, never sent anywhere.
  const MAPPINGS_KEY = 'cin7-health-check.mappings';
  const keptFromMapping = new Set();

  function keptMappings() {
    try {
      const kept = JSON.parse(localStorage.getItem(MAPPINGS_KEY) ?? '{"mappings":[]}');
      return Array.isArray(kept.mappings) ? kept : { mappings: [] };
    } catch {
      return { mappings: [] };
    }
  }

  const sameHeader = (a, b) => {
    const cells = (h) => h.map((c) => String(c).trim()).filter((c) => c);
    return JSON.stringify(cells(a)) === JSON.stringify(cells(b));
  };

  function keepMapping(header, kind, columns) {
    const kept = keptMappings();
    kept.mappings = kept.mappings.filter((m) => !sameHeader(m.header, header));
    kept.mappings.push({ header: header.map(String), kind, columns: { ...columns } });
    try {
      localStorage.setItem(MAPPINGS_KEY, JSON.stringify(kept));
    } catch {
      // Storage refused (private window, quota): the mapping holds for this visit only.
    }
  }

  /** Set the kept mapping of each file whose header it names; true when one was set. */
  function applyKeptMappings(r) {
    const kept = keptMappings().mappings;
    let applied = false;
    for (const input of r.inputs) {
      if (overrides[input.file] || !input.header?.length) continue;
      const m = kept.find((k) => sameHeader(k.header, input.header));
      if (!m || (input.kind === m.kind && !Object.keys(m.columns ?? {}).length)) continue;
      overrides[input.file] = { kind: m.kind, columns: { ...(m.columns ?? {}) } };
      keptFromMapping.add(input.file);
      applied = true;
    }
    return applied;
  }

  /** The header report of a file, from the engine: titles, header and fields, no data row. */
  function headerReportBox(input) {
    const box = el('div', { class: 'header-report' });
    const show = el('button', { type: 'button', class: 'button header-report-show', text: 'Show the header report (to send to your adviser)' });
    show.addEventListener('click', async () => {
      const msg = await ask({ type: 'header-report', input: JSON.stringify(input) });
      const text = el('pre', { class: 'header-report-text', text: msg.text });
      const copy = el('button', { type: 'button', class: 'button', text: 'Copy' });
      copy.addEventListener('click', () => navigator.clipboard?.writeText(msg.text).catch(() => {}));
      clear(box).append(text, copy);
    });
    box.append(show);
    return box;
  }

  /** For a file whose dates could be read either way: the user says which. */
  function dateOrderChoice(input) {
    const name = input.file;
    const chosen = input.date_order ?? 'day_first';
    const select = el('select', { class: 'date-order', 'aria-label': `Date order of ${name}` },
      [['day_first', 'Dates are day/month/year'], ['month_first', 'Dates are month/day/year']]
        .map(([value, text]) => el('option', { value, text, selected: value === chosen })));
    select.addEventListener('change', () => {
      overrides[name] = { ...(overrides[name] ?? { columns: {} }), date_order: select.value };
      run();
    });
    return el('label', { class: 'hint date-order-choice' }, 'Read this file with ', select);
  }

  function mappingForm(input) {
    const name = input.file;
    const current = overrides[name] ?? { kind: input.kind ?? '', columns: {} };
    const form = el('details', { class: 'mapping', open: !input.kind });
    form.append(el('summary', { text: input.kind ? 'Wrong kind? Map the columns by hand' : 'Map the columns of this file' }));
    const kindSelect = el('select', { class: 'map-kind', 'aria-label': `Kind of ${name}` },
      el('option', { value: '', text: 'Choose the kind of export' }),
      kindList.map((k) => el('option', { value: k.id, text: `${k.id}: ${k.export}`, selected: k.id === current.kind })));
    const fieldsBox = el('div', { class: 'map-fields' });
    const drawFields = () => {
      clear(fieldsBox);
      const kind = kindList.find((k) => k.id === kindSelect.value);
      if (!kind) return;
      for (const f of kind.fields) {
        const id = `map-${name}-${f.key}`.replace(/[^A-Za-z0-9_-]/g, '_');
        fieldsBox.append(el('label', { for: id, text: `${f.label}${f.required ? ' (required)' : ''}` }),
          el('select', { id, 'data-field': f.key }, el('option', { value: '', text: '(none)' }),
            input.header.filter((h) => h).map((h) => el('option', { value: h, text: h, selected: h === current.columns[f.key] }))));
      }
    };
    kindSelect.addEventListener('change', drawFields);
    drawFields();
    const apply = el('button', { type: 'button', class: 'button map-apply', text: 'Use this mapping' });
    const keep = el('input', { type: 'checkbox', class: 'map-keep', id: `keep-${name}`.replace(/[^A-Za-z0-9_-]/g, '_') });
    const keepLabel = el('label', { class: 'hint', for: keep.id }, keep,
      ' Keep this mapping on this computer for the next file with this header (only the header and field names are stored, in this browser)');
    apply.addEventListener('click', () => {
      if (!kindSelect.value) return;
      const columns = {};
      for (const sel of fieldsBox.querySelectorAll('select[data-field]')) if (sel.value) columns[sel.dataset.field] = sel.value;
      overrides[name] = { ...overrides[name], kind: kindSelect.value, columns };
      if (keep.checked) keepMapping(input.header, kindSelect.value, columns);
      run();
    });
    const note = keptFromMapping.has(name) ? el('p', { class: 'hint kept-mapping-note', text: 'Read with the mapping kept on this computer.' }) : null;
    form.append(note ?? '', el('p', { class: 'hint', text: `Header found: ${input.header.join(' | ')}` }), kindSelect, fieldsBox, keepLabel, apply, headerReportBox(input));
    return form;
  }

  /** The six stages as a connected chain, colour and words together. */
  function renderChain() {
    const box = clear($('chain'));
    const w = 150, h = 86, gap = 26;
    const label = report.stages.map((s, i) => `Stage ${i + 1} ${words.stageShort[s.id]}: ${words.statusLabel[s.status]}${s.score === null ? '' : `, score ${s.score}`}`).join('; ');
    const chart = svg('svg', { viewBox: `0 0 ${6 * w + 5 * gap + 8} ${h + 8}`, role: 'img', 'aria-label': label, class: 'chain-svg' });
    report.stages.forEach((s, i) => {
      const x = 4 + i * (w + gap);
      const first = report.first_break === s.id;
      const g = svg('g', { class: `chain-stage status-${s.status}${first ? ' first-break' : ''}` });
      g.append(svg('rect', { x, y: 4, width: w, height: h, rx: 8, class: 'chain-box' }));
      g.append(svg('text', { x: x + 10, y: 24, class: 'chain-name', text: `${i + 1} ${words.stageShort[s.id]}` }));
      g.append(svg('text', { x: x + 10, y: 42, class: 'chain-status', text: words.statusLabel[s.status] }));
      g.append(svg('text', { x: x + 10, y: 76, class: 'chain-score', text: s.score === null ? '–' : String(s.score) }));
      if (first) g.append(svg('text', { x: x + w - 10, y: 76, class: 'chain-flag', 'text-anchor': 'end', text: 'FIRST BREAK' }));
      chart.append(g);
      if (i < 5) chart.append(svg('path', { d: `M${x + w + 4} ${4 + h / 2} l${gap - 12} 0 m-6 -5 l6 5 l-6 5`, class: 'chain-arrow' }));
    });
    box.append(chart);
  }

  function renderScorecard() {
    const card = clear($('scorecard'));
    report.stages.forEach((s, i) => {
      const first = report.first_break === s.id;
      card.append(el('li', { class: `stage status-${s.status}${first ? ' first-break' : ''}`, 'data-stage': s.id },
        el('span', { class: 'stage-number', text: `Stage ${i + 1}` }),
        el('span', { class: 'stage-name', text: words.stageShort[s.id] }),
        el('span', { class: 'stage-status', text: words.statusLabel[s.status] }),
        el('span', { class: 'stage-score', text: s.score === null ? '–' : String(s.score), 'aria-label': s.score === null ? 'no score' : `score ${s.score} of 100` }),
        el('span', { class: 'stage-meta', text: s.status === 'not_assessed' ? 'Needs: ' + (s.missing_inputs.join('; ') || 'more exports') : `${s.findings} finding${s.findings === 1 ? '' : 's'} · ${money(s.impact, report.currency)}` }),
        el('span', { class: 'stage-confidence', text: `Confidence: ${s.coverage.confidence} (${s.coverage.rules_run} of ${s.coverage.rules_total} checks)` }),
        pointsDetails(s),
        first ? el('span', { class: 'first-break-tag', text: 'First break' }) : null));
    });
  }

  function renderPlan() {
    const list = clear($('plan'));
    $('plan-box').hidden = !report.plan?.length;
    for (const step of report.plan ?? []) {
      list.append(el('li', { class: 'plan-step', 'data-code': step.code },
        el('strong', { class: 'plan-title', text: step.title }),
        el('span', { class: 'plan-meta', text: ` ${step.code} · Stage ${report.stages.findIndex((x) => x.id === step.stage) + 1} ${words.stageShort[step.stage]}` }),
        el('p', { class: 'plan-fix', text: step.fix }),
        el('p', { class: 'plan-clears hint', text: step.clears })));
    }
  }

  /** Each check's points behind a stage's score, in words a reader can redo. */
  function pointsDetails(s) {
    if (!s.penalties.length) return null;
    const taken = s.penalties.reduce((sum, p) => sum + Number(p.points), 0);
    return el('details', { class: 'stage-points' },
      el('summary', { text: `How ${s.score} was reached: 100 − ${Math.round(taken * 10) / 10}${taken > 100 ? ', never below 0' : ', rounded down'}` }),
      el('ul', {}, s.penalties.map((p) => el('li', { text: p.why }))));
  }

  // The pictures: drawn here as SVG from the report's figures, every label as text.
  function renderCharts() {
    const c = report.charts ?? { drift: [], sync_by_month: [] };
    const cur = report.currency;
    const drift = c.drift ?? [];
    const stages = report.stages.filter((s) => s.id !== 'coverage' && Number(s.impact));
    const sync = c.sync_by_month ?? [];
    $('chart-drift-box').hidden = drift.length < 2;
    $('chart-money-box').hidden = !stages.length;
    $('chart-sync-box').hidden = !sync.length;
    $('charts').hidden = drift.length < 2 && !stages.length && !sync.length;
    clear($('chart-drift'));
    clear($('chart-money'));
    clear($('chart-sync'));
    if (drift.length >= 2) $('chart-drift').append(driftChart(drift, c.apart_since, cur));
    if (stages.length) $('chart-money').append(moneyChart(stages, cur));
    if (sync.length) $('chart-sync').append(syncChart(sync));
  }

  function driftChart(drift, since, cur) {
    const W = 640, H = 220, L = 70, R = 12, T = 14, B = 34;
    const values = drift.flatMap((m) => [Number(m.cin7), Number(m.ledger)]);
    const lo = Math.min(0, ...values), hi = Math.max(...values, 1);
    const x = (i) => L + (i * (W - L - R)) / (drift.length - 1);
    const y = (v) => T + ((hi - v) * (H - T - B)) / (hi - lo);
    const last = drift[drift.length - 1];
    const label = `Month-end stock value, ${drift[0].month} to ${last.month}: Cin7 ${money(last.cin7, cur)} against the ledger's ${money(last.ledger, cur)} at ${last.month}` +
      (since ? `; apart beyond materiality since ${since}.` : '; within materiality at the end.');
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, class: 'chart-svg', 'data-apart-since': since ?? '' });
    chart.append(svg('title', { text: label }));
    chart.append(svg('line', { x1: L, x2: W - R, y1: y(0), y2: y(0), class: 'chart-axis' }));
    for (const v of [hi, (hi + lo) / 2]) chart.append(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'chart-label', text: money(v.toFixed(0), cur) }));
    const at = since ? drift.findIndex((m) => m.month === since) : -1;
    if (at >= 0) {
      const g = svg('g', { class: 'chart-marker', 'data-month': since });
      g.append(svg('line', { x1: x(at), x2: x(at), y1: T, y2: H - B, class: 'chart-marker-line' }));
      g.append(svg('text', { x: x(at) + 4, y: T + 10, class: 'chart-label', text: `Apart since ${since}` }));
      chart.append(g);
    }
    for (const [key, cls, name] of [['cin7', 'chart-line-cin7', 'Cin7'], ['ledger', 'chart-line-ledger', 'Ledger']]) {
      chart.append(svg('polyline', { points: drift.map((m, i) => `${x(i).toFixed(1)},${y(Number(m[key])).toFixed(1)}`).join(' '), class: cls }));
      const end = drift.length - 1;
      chart.append(svg('text', { x: x(end) - 4, y: y(Number(drift[end][key])) + (key === 'cin7' ? -6 : 14), 'text-anchor': 'end', class: `chart-label ${cls}-label`, text: name }));
    }
    for (const i of [0, Math.floor((drift.length - 1) / 2), drift.length - 1]) {
      chart.append(svg('text', { x: x(i), y: H - B + 16, 'text-anchor': 'middle', class: 'chart-label', text: drift[i].month }));
    }
    return chart;
  }

  function moneyChart(stages, cur) {
    const W = 640, row = 26, L = 120, R = 130, H = stages.length * row + 8;
    const top = Math.max(...stages.map((s) => Number(s.impact)), 1);
    const label = 'Money at stake by stage: ' + stages.map((s) => `${words.stageShort[s.id]} ${money(s.impact, cur)}`).join('; ') + '. Stages overlap: one document can count in several.';
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, class: 'chart-svg' });
    chart.append(svg('title', { text: label }));
    stages.forEach((s, i) => {
      const w = Math.max(2, (Number(s.impact) / top) * (W - L - R));
      const y0 = 4 + i * row;
      chart.append(svg('text', { x: L - 8, y: y0 + 16, 'text-anchor': 'end', class: 'chart-label', text: words.stageShort[s.id] }));
      chart.append(svg('rect', { x: L, y: y0 + 3, width: w, height: row - 8, class: `chart-bar status-${s.status}` }));
      chart.append(svg('text', { x: L + w + 6, y: y0 + 16, class: 'chart-label', text: money(s.impact, cur) }));
    });
    return chart;
  }

  function syncChart(months) {
    const W = 640, H = 200, L = 40, R = 12, T = 10, B = 34;
    const top = Math.max(...months.map((m) => m.failed + m.skipped), 1);
    const slot = (W - L - R) / months.length;
    const y = (v) => T + ((top - v) * (H - T - B)) / top;
    const label = 'Sync failures and skips by month: ' + months.map((m) => `${m.month} ${m.failed} failed, ${m.skipped} skipped`).join('; ') + '.';
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, class: 'chart-svg' });
    chart.append(svg('title', { text: label }));
    chart.append(svg('text', { x: L - 6, y: y(top) + 4, 'text-anchor': 'end', class: 'chart-label', text: String(top) }));
    chart.append(svg('line', { x1: L, x2: W - R, y1: y(0), y2: y(0), class: 'chart-axis' }));
    months.forEach((m, i) => {
      const bw = Math.min(40, slot * 0.7), x0 = L + i * slot + (slot - bw) / 2;
      chart.append(svg('rect', { x: x0, y: y(m.failed), width: bw, height: y(0) - y(m.failed), class: 'chart-bar chart-failed' }));
      chart.append(svg('rect', { x: x0, y: y(m.failed + m.skipped), width: bw, height: y(m.failed) - y(m.failed + m.skipped), class: 'chart-bar chart-skipped' }));
      if (months.length <= 12 || i % Math.ceil(months.length / 12) === 0) {
        chart.append(svg('text', { x: x0 + bw / 2, y: H - B + 16, 'text-anchor': 'middle', class: 'chart-label', text: m.month }));
      }
    });
    chart.append(svg('text', { x: W - R, y: T + 10, 'text-anchor': 'end', class: 'chart-label', text: 'dark: failed · light: skipped' }));
    return chart;
  }

  function renderTraces() {
    const list = clear($('traces'));
    if (!report.traces.length) list.append(el('li', { text: 'No findings are linked across stages.' }));
    for (const t of report.traces.slice(0, 8)) {
      list.append(el('li', { class: 'trace' },
        el('div', { class: 'trace-head', text: `${t.stages.map((s) => words.stageShort[s]).join(' → ')} · ${money(t.impact, report.currency)} · ${t.findings.length} findings` }),
        t.steps?.length
          ? el('ol', { class: 'trace-steps' }, t.steps.map((step) => el('li', {},
            el('strong', { text: step.title }),
            el('span', { class: 'plan-meta', text: ` ${step.code} · ${words.stageShort[step.stage]}` }),
            el('span', { class: 'trace-summary', text: ` ${step.message}` }))))
          : el('p', { class: 'trace-summary', text: t.summary })));
    }
  }

  function renderComparison() {
    const box = clear($('comparison'));
    const c = report.comparison;
    box.hidden = !c;
    if (!c) return;
    const other = c.previous_as_of ? `the report of ${c.previous_as_of}` : 'the previous report';
    const added = c.previous_is_later ? c.appeared.length : c.new_findings.length;
    if (c.previous_is_later) {
      box.append(el('p', { class: 'hint', role: 'note', text: `The report given as the previous one is the later (${c.previous_as_of}); the change is read forwards, from this report to it.` }));
    }
    box.append(el('p', {}, el('strong', { text: c.previous_is_later ? `From this report to ${other}: ` : `Since ${other}: ` }), `${added} new finding${added === 1 ? '' : 's'}, ${c.resolved.length} resolved.`));
    const points = (s) => (s.points_before != null && s.points_after != null ? `, points taken ${Math.round(Number(s.points_before))} → ${Math.round(Number(s.points_after))}` : '');
    box.append(el('ul', {}, c.stages.filter((s) => s.change !== null).map((s) => el('li', { text: `${words.stageShort[s.stage]}: ${s.before} → ${s.after} (${s.change >= 0 ? '+' : ''}${s.change}${points(s)})` }))));
    if (c.resolved.length) box.append(el('details', {}, el('summary', { text: 'Resolved findings' }), el('ul', {}, c.resolved.map((f) => el('li', { text: `${f.code} ${f.message}` })))));
  }

  function docsFor(code) {
    const rule = catalog.get(code);
    if (!rule) return null;
    return el('details', { class: 'rule-doc' }, el('summary', { text: `About ${code} ${rule.name}` }),
      rule.sections.map(([heading, body]) => [el('h5', { text: heading }), el('div', { class: 'doc-body' }, markdownNodes(body))]));
  }

  /** Evidence rows of a rule's findings, a page at a time, with a CSV download. */
  function evidenceBlock(code, list) {
    const rows = list.flatMap((f) => f.evidence.map((e) => ({ finding: f.id, ...e })));
    if (!rows.length) return null;
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r.fields)))];
    const header = ['Finding', 'File', 'Line', ...keys];
    const values = (r) => [r.finding, r.file, r.line ? String(r.line) : '', ...keys.map((k) => r.fields[k] ?? '')];
    const box = el('div', { class: 'evidence-block' });
    const table = el('table', { class: 'evidence' });
    const nav = el('div', { class: 'evidence-nav' });
    let page = 0;
    const pages = Math.ceil(rows.length / EVIDENCE_PAGE);
    const draw = () => {
      clear(table);
      table.append(el('thead', {}, el('tr', {}, header.map((k) => el('th', { scope: 'col', text: k })))),
        el('tbody', {}, rows.slice(page * EVIDENCE_PAGE, (page + 1) * EVIDENCE_PAGE).map((r) => el('tr', {}, values(r).map((v) => el('td', { text: v }))))));
      clear(nav);
      if (pages > 1) {
        const prev = el('button', { type: 'button', class: 'link-button', text: 'Previous', disabled: page === 0 });
        const next = el('button', { type: 'button', class: 'link-button', text: 'Next', disabled: page + 1 >= pages });
        prev.addEventListener('click', () => { page -= 1; draw(); });
        next.addEventListener('click', () => { page += 1; draw(); });
        nav.append(prev, el('span', { class: 'hint', text: ` rows ${page * EVIDENCE_PAGE + 1}–${Math.min(rows.length, (page + 1) * EVIDENCE_PAGE)} of ${rows.length} ` }), next);
      }
    };
    draw();
    const csv = el('button', { type: 'button', class: 'link-button evidence-csv', text: 'Download these rows (CSV)' });
    csv.addEventListener('click', () => {
      const text = [header, ...rows.map(values)].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
      download(`evidence-${code}.csv`, text, 'text/csv');
    });
    box.append(el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `Evidence rows of ${code}` }, table), nav, csv);
    return box;
  }

  function renderFindings() {
    const box = clear($('findings'));
    if (!report.findings.length) box.append(el('p', { text: 'No findings in the stages that could be assessed.' }));
    const sections = [...report.stages.map((s, i) => ({ id: s.id, title: `Stage ${i + 1}: ${s.name}` })), { id: 'coverage', title: 'Data coverage' }];
    for (const stage of sections) {
      const ofStage = report.findings.filter((f) => f.stage === stage.id);
      if (!ofStage.length) continue;
      const group = el('section', { class: 'stage-findings', 'data-stage': stage.id }, el('h4', { text: stage.title }));
      const byRule = new Map();
      for (const f of ofStage) byRule.set(f.code, [...(byRule.get(f.code) ?? []), f]);
      const impact = (list) => list.reduce((sum, f) => sum + (f.impact ? Math.abs(Number(f.impact.amount)) : 0), 0);
      const ordered = [...byRule.entries()].sort((a, b) => impact(b[1]) - impact(a[1]) || (a[0] < b[0] ? -1 : 1));
      // The stage where control first broke opens first: its three largest checks; with no
      // break, a stage of few checks shows them.
      const isBreak = stage.id === report.first_break;
      for (const [k, [code, list]] of ordered.entries()) {
        const total = impact(list);
        const open = report.first_break ? isBreak && k < 3 : ordered.length <= 3;
        const details = el('details', { class: 'rule-group', open, 'data-code': code },
          el('summary', {}, el('strong', { text: `${code} ${list[0].rule}` }), ` · ${list.length} finding${list.length === 1 ? '' : 's'}${total ? ' · ' + money(total.toFixed(2), report.currency) : ''}`),
          list.map((f) => el('article', { class: `finding severity-${f.severity}`, 'data-finding': f.id },
            el('p', { class: 'finding-message' }, report.comparison?.new_findings.includes(f.id) ? el('span', { class: 'badge-new', text: 'new' }) : null,
              el('span', { class: 'severity', text: f.severity }), ' ', el('span', { text: f.message })),
            f.impact ? el('p', { class: 'finding-impact', text: `Impact: ${money(f.impact.amount, report.currency)}${f.impact.estimate ? ' (estimate)' : ''}, ${f.impact.basis}` }) : null)),
          evidenceBlock(code, list),
          docsFor(code));
        group.append(details);
      }
      box.append(group);
    }
    const rejected = clear($('rejected'));
    if (report.rejected.length) {
      rejected.append(el('h3', { text: 'Rows that could not be read' }),
        el('ul', { class: 'rejected-list' }, report.rejected.map((r) => el('li', { text: `${r.file}${r.line ? ', line ' + r.line : ''}: ${r.reason}` }))));
    }
  }

  function renderThresholds() {
    const grid = $('thresholds');
    if (grid.childElementCount || !report) return;
    for (const [name, value] of Object.entries(report.settings.thresholds)) {
      if (Array.isArray(value)) continue;
      const id = `threshold-${name}`;
      const input = el('input', { id, type: 'text', inputmode: 'decimal', value: String(value), 'data-threshold': name, size: 8, 'aria-describedby': `${id}-error` });
      const error = el('span', { class: 'field-error', id: `${id}-error`, role: 'alert' });
      input.addEventListener('change', () => {
        const text = input.value.trim();
        if (!/^-?\d+(\.\d+)?$/.test(text)) {
          // Said beside the field; the check does not run on a value it cannot read.
          input.setAttribute('aria-invalid', 'true');
          error.textContent = `Not a number: ${name.replace(/_/g, ' ')} stays ${thresholds[name] ?? value}. Write digits, with a point for decimals.`;
          return;
        }
        input.removeAttribute('aria-invalid');
        error.textContent = '';
        thresholds[name] = typeof value === 'number' ? Number(text) : text;
        if (files.size) run();
      });
      grid.append(el('label', { for: id, text: name.replace(/_/g, ' ') }), el('span', { class: 'threshold-field' }, input, error));
    }
  }

  function render() {
    renderThresholds();
    renderFiles();
    $('verdict').textContent = report.verdict;
    $('at-stake').textContent = Number(report.at_stake)
      ? `${money(report.at_stake, report.currency)} at stake across the stages, each document counted once. A stage's own figure counts the documents of its findings, so the stages' figures overlap.`
      : 'No money at stake was found.';
    renderPlan();
    renderChain();
    renderCharts();
    renderScorecard();
    renderComparison();
    renderTraces();
    renderFindings();
    $('results').hidden = false;
    // The result is the diagnosis: view and focus go to its verdict, not the file list.
    const verdict = $('verdict');
    verdict.scrollIntoView({ block: 'start' });
    verdict.focus({ preventScroll: true });
  }

  // ---- actions --------------------------------------------------------------
  async function downloadPdf() {
    if (!report) return;
    const button = $('download-pdf');
    button.disabled = true;
    try {
      const pdfOptions = { detail: $('pdf-detail').value, brand_name: options.brandName, accent: options.accent, footer: options.pdfFooter, cta_text: options.ctaText, cta_url: options.ctaHref };
      let logo;
      if (options.logo) {
        try { logo = await (await fetch(options.logo)).arrayBuffer(); } catch { logo = undefined; }
      }
      const msg = await ask({ type: 'pdf', report: reportJson, options: pdfOptions, logo });
      // Named by level and date, so that the three levels of one report never overwrite each other.
      download(`cin7-health-check-${pdfOptions.detail}-${report.as_of ?? 'report'}.pdf`, msg.bytes, 'application/pdf');
    } catch (err) {
      $('progress').textContent = `The PDF could not be made: ${err.message}`;
    } finally {
      button.disabled = false;
    }
  }

  startWorker();
  function loadCatalog() {
    catalogReady = ask({ type: 'rules' }).then((msg) => {
      catalog = new Map(JSON.parse(msg.rules).map((r) => [r.code, r]));
      kindList = JSON.parse(msg.kinds);
      words = deriveWords(JSON.parse(msg.vocabulary));
      renderExportList();
      if (report) render();
    });
    catalogReady.catch(() => {});
  }
  loadCatalog();
  $('file-input').addEventListener('change', (e) => addFiles(e.target.files));
  const zone = $('dropzone');
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); addFiles(e.dataTransfer.files); });
  for (const id of ['as-of', 'accounting', 'lock-date']) $(id).addEventListener('change', () => files.size && run());
  $('download-pdf').addEventListener('click', downloadPdf);
  $('download-json').addEventListener('click', () => report && download(`cin7-health-check-${report.as_of ?? 'report'}.json`, reportJson, 'application/json'));
  $('compare-input').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    previousJson = await file.text();
    if (files.size) run();
  });
  $('start-over').addEventListener('click', startOver);
  const demo = $('demo-button');
  if (options.demo === false) demo.parentElement.hidden = true;
  else demo.addEventListener('click', runDemo);
  return { run, get report() { return report; }, demoLockDate: () => demoLockDate };
}

// The self-check page: collects files, runs the engine in a Web Worker, renders the Report.
import { el, clear, money, download } from './dom.js';

const $ = (id) => document.getElementById(id);
const STAGE_SHORT = { setup: 'Setup', inventory: 'Inventory', integration: 'Integration', ledger: 'Ledger', trust: 'Trust', control: 'Control' };
const STATUS_LABEL = { healthy: 'Healthy', watch: 'Watch', at_risk: 'At risk', critical: 'Critical', not_assessed: 'Not assessed' };

const files = new Map();
/** Per file name: the kind and column mapping the user chose ({kind, columns}). */
const overrides = {};
let report = null;
let reportJson = '';
let catalog = new Map();
let kindList = [];
/** A report saved earlier, to compare each new result with. */
let previousJson = null;

// ---- the worker -------------------------------------------------------------
let worker;
let nextId = 1;
const pending = new Map();

function startWorker() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event) => {
    const msg = event.data;
    const task = pending.get(msg.id);
    if (!task) return;
    if (msg.type === 'progress') return task.progress?.(msg.message);
    pending.delete(msg.id);
    if (msg.type === 'error') task.reject(new Error(msg.message));
    else task.resolve(msg);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    const message = event.message || 'the analysis engine stopped';
    for (const task of pending.values()) task.reject(new Error(message));
    pending.clear();
    worker.terminate();
    startWorker();
  };
}

function ask(message, transfer = [], progress) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, progress });
    worker.postMessage({ id, ...message }, transfer);
  });
}

// ---- input ------------------------------------------------------------------
function addFiles(list) {
  for (const f of list) files.set(f.name, f);
  if (files.size) run();
}

/** Thresholds the user changed, by name. */
const thresholds = {};

function settings() {
  const s = {};
  if ($('as-of').value) s.as_of = $('as-of').value;
  if ($('accounting').value) s.accounting = $('accounting').value;
  if ($('lock-date').value) s.lock_date = $('lock-date').value;
  if (Object.keys(thresholds).length) s.thresholds = { ...thresholds };
  if (Object.keys(overrides).length) s.overrides = overrides;
  return s;
}

/** One input per threshold, filled with the values in force. */
function renderThresholds() {
  const grid = $('thresholds');
  if (grid.childElementCount || !report) return;
  for (const [name, value] of Object.entries(report.settings.thresholds)) {
    if (Array.isArray(value)) continue;
    const id = `threshold-${name}`;
    const input = el('input', { id, type: 'text', inputmode: 'decimal', value: String(value), 'data-threshold': name, size: 8 });
    input.addEventListener('change', () => {
      const text = input.value.trim();
      if (!/^-?\d+(\.\d+)?$/.test(text)) {
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      input.removeAttribute('aria-invalid');
      thresholds[name] = typeof value === 'number' ? Number(text) : text;
      if (files.size) run();
    });
    grid.append(el('label', { for: id, text: name.replace(/_/g, ' ') }), input);
  }
}

async function run() {
  const progress = $('progress');
  progress.textContent = 'Reading files';
  try {
    const payload = [];
    for (const f of [...files.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      payload.push({ name: f.name, buffer: await f.arrayBuffer() });
    }
    const started = performance.now();
    const msg = await ask({ type: 'analyze', files: payload, settings: settings() }, payload.map((p) => p.buffer), (m) => (progress.textContent = m));
    reportJson = msg.report;
    if (previousJson) reportJson = (await ask({ type: 'compare', report: reportJson, previous: previousJson })).report;
    report = JSON.parse(reportJson);
    progress.textContent = `Analysed ${payload.length} file${payload.length === 1 ? '' : 's'} in ${Math.round(performance.now() - started)} ms.`;
    render();
  } catch (err) {
    progress.textContent = `The analysis failed: ${err.message}. You can try again or add other files.`;
    progress.classList.add('error');
  }
}

// ---- rendering --------------------------------------------------------------
function renderFiles() {
  const list = clear($('file-list'));
  for (const input of report.inputs) {
    const range = input.first_date ? `, ${input.first_date} to ${input.last_date}` : '';
    const dup = input.duplicates ? `, ${input.duplicates} already in another file` : '';
    const order = input.date_order_guessed ? ' (day/month order guessed: no date could tell)' : '';
    const item = el('li', { class: input.kind ? 'file ok' : 'file problem', 'data-file': input.file },
      el('span', { class: 'file-name', text: input.file }),
      input.kind
        ? el('span', { class: 'file-kind', text: `${input.kind}: ${input.rows} rows, ${input.rejected} rejected${dup}${range}${order}` })
        : el('span', { class: 'file-kind', role: 'alert', text: `Not used: ${input.problem}` }),
      input.header.length ? mappingForm(input) : null);
    list.append(item);
  }
}

/** Let the user say which kind a file is and which column holds which field. */
function mappingForm(input) {
  const baseName = input.file;
  const current = overrides[baseName] ?? { kind: input.kind ?? '', columns: {} };
  const form = el('details', { class: 'mapping', open: !input.kind });
  form.append(el('summary', { text: input.kind ? 'Wrong kind? Map the columns by hand' : 'Map the columns of this file' }));
  const kindSelect = el('select', { class: 'map-kind', 'aria-label': `Kind of ${baseName}` },
    el('option', { value: '', text: 'Choose the kind of export' }),
    kindList.map((k) => el('option', { value: k.id, text: `${k.id}: ${k.export}`, selected: k.id === current.kind })));
  const fieldsBox = el('div', { class: 'map-fields' });
  const drawFields = () => {
    clear(fieldsBox);
    const kind = kindList.find((k) => k.id === kindSelect.value);
    if (!kind) return;
    for (const f of kind.fields) {
      const id = `map-${baseName}-${f.key}`.replace(/[^A-Za-z0-9_-]/g, '_');
      const guess = current.columns[f.key];
      fieldsBox.append(el('label', { for: id, text: `${f.label}${f.required ? ' (required)' : ''}` }),
        el('select', { id, 'data-field': f.key },
          el('option', { value: '', text: '(none)' }),
          input.header.filter((h) => h).map((h) => el('option', { value: h, text: h, selected: h === guess }))));
    }
  };
  kindSelect.addEventListener('change', drawFields);
  drawFields();
  const apply = el('button', { type: 'button', class: 'button map-apply', text: 'Use this mapping' });
  apply.addEventListener('click', () => {
    if (!kindSelect.value) return;
    const columns = {};
    for (const sel of fieldsBox.querySelectorAll('select[data-field]')) if (sel.value) columns[sel.dataset.field] = sel.value;
    overrides[baseName] = { kind: kindSelect.value, columns };
    run();
  });
  form.append(el('p', { class: 'hint', text: `Header found: ${input.header.join(' | ')}` }), kindSelect, fieldsBox, apply);
  return form;
}

function renderScorecard() {
  const card = clear($('scorecard'));
  for (const s of report.stages) {
    const first = report.first_break === s.id;
    const li = el('li', { class: `stage status-${s.status}${first ? ' first-break' : ''}`, 'data-stage': s.id },
      el('span', { class: 'stage-number', text: `Stage ${report.stages.indexOf(s) + 1}` }),
      el('span', { class: 'stage-name', text: STAGE_SHORT[s.id] }),
      el('span', { class: 'stage-status', text: STATUS_LABEL[s.status] }),
      el('span', { class: 'stage-score', text: s.score === null ? '–' : String(s.score), 'aria-label': s.score === null ? 'no score' : `score ${s.score} of 100` }),
      el('span', { class: 'stage-meta', text: s.status === 'not_assessed' ? 'Needs: ' + (s.missing_inputs.join('; ') || 'more exports') : `${s.findings} finding${s.findings === 1 ? '' : 's'} · ${money(s.impact, report.currency)}` }),
      el('span', { class: 'stage-confidence', text: `Confidence: ${s.coverage.confidence} (${s.coverage.rules_run} of ${s.coverage.rules_total} checks)` }),
      first ? el('span', { class: 'first-break-tag', text: 'First break' }) : null);
    card.append(li);
  }
}

function docsFor(code) {
  const rule = catalog.get(code);
  if (!rule) return null;
  return el('details', { class: 'rule-doc' },
    el('summary', { text: `About ${code} ${rule.name}` }),
    rule.sections.map(([heading, body]) => [el('h5', { text: heading }), el('pre', { class: 'doc-body', text: body })]));
}

function evidenceTable(finding) {
  const rows = finding.evidence;
  if (!rows.length) return null;
  const keys = Object.keys(rows[0].fields);
  return el('table', { class: 'evidence' },
    el('thead', {}, el('tr', {}, ['File', 'Line', ...keys].map((k) => el('th', { scope: 'col', text: k })))),
    el('tbody', {}, rows.map((e) => el('tr', {}, [e.file, String(e.line), ...keys.map((k) => e.fields[k] ?? '')].map((v) => el('td', { text: v }))))));
}

function renderFindings() {
  const box = clear($('findings'));
  if (!report.findings.length) {
    box.append(el('p', { text: 'No findings in the stages that could be assessed.' }));
  }
  const sections = [...report.stages.map((s, i) => ({ id: s.id, title: `Stage ${i + 1}: ${s.name}` })), { id: 'coverage', title: 'Data coverage' }];
  for (const stage of sections) {
    const ofStage = report.findings.filter((f) => f.stage === stage.id);
    if (!ofStage.length) continue;
    const group = el('section', { class: 'stage-findings', 'data-stage': stage.id }, el('h4', { text: stage.title }));
    const byRule = new Map();
    for (const f of ofStage) byRule.set(f.code, [...(byRule.get(f.code) ?? []), f]);
    for (const [code, list] of byRule) {
      const total = list.reduce((sum, f) => sum + (f.impact ? Number(f.impact.amount) : 0), 0);
      const rule = el('details', { class: 'rule-group', open: true, 'data-code': code },
        el('summary', {}, el('strong', { text: `${code} ${list[0].rule}` }), ` · ${list.length} finding${list.length === 1 ? '' : 's'}${total ? ' · ' + money(total.toFixed(2), report.currency) : ''}`),
        list.map((f) => el('article', { class: `finding severity-${f.severity}`, 'data-finding': f.id },
          el('p', { class: 'finding-message' }, report.comparison?.new_findings.includes(f.id) ? el('span', { class: 'badge-new', text: 'new' }) : null, el('span', { class: 'severity', text: f.severity }), ' ', el('span', { text: f.message })),
          f.impact ? el('p', { class: 'finding-impact', text: `Impact: ${money(f.impact.amount, report.currency)}${f.impact.estimate ? ' (estimate)' : ''}, ${f.impact.basis}` }) : null,
          evidenceTable(f))),
        docsFor(code));
      group.append(rule);
    }
    box.append(group);
  }
  const rejected = clear($('rejected'));
  if (report.rejected.length) {
    rejected.append(el('h3', { text: 'Rows that could not be read' }),
      el('ul', { class: 'rejected-list' }, report.rejected.map((r) => el('li', { text: `${r.file}${r.line ? ', line ' + r.line : ''}: ${r.reason}` }))));
  }
}

function renderTraces() {
  const list = clear($('traces'));
  if (!report.traces.length) list.append(el('li', { text: 'No findings are linked across stages.' }));
  for (const t of report.traces.slice(0, 8)) {
    const names = t.stages.map((s) => STAGE_SHORT[s]).join(' → ');
    list.append(el('li', { class: 'trace' },
      el('div', { class: 'trace-head', text: `${names} · ${money(t.impact, report.currency)} · ${t.findings.length} findings` }),
      el('p', { class: 'trace-summary', text: t.summary })));
  }
}

function renderComparison() {
  const box = clear($('comparison'));
  const c = report.comparison;
  box.hidden = !c;
  if (!c) return;
  const since = c.previous_as_of ? `the report of ${c.previous_as_of}` : 'the previous report';
  box.append(el('p', {}, el('strong', { text: `Since ${since}: ` }), `${c.new_findings.length} new finding${c.new_findings.length === 1 ? '' : 's'}, ${c.resolved.length} resolved.`));
  box.append(el('ul', {}, c.stages.filter((s) => s.change !== null).map((s) =>
    el('li', { text: `${STAGE_SHORT[s.stage]}: ${s.before} → ${s.after} (${s.change >= 0 ? '+' : ''}${s.change})` }))));
  if (c.resolved.length) {
    box.append(el('details', {}, el('summary', { text: 'Resolved findings' }), el('ul', {}, c.resolved.map((f) => el('li', { text: `${f.code} ${f.message}` })))));
  }
}

function render() {
  renderThresholds();
  renderTraces();
  renderComparison();
  renderFiles();
  $('verdict').textContent = report.verdict;
  renderScorecard();
  renderFindings();
  $('results').hidden = false;
}

// ---- actions ----------------------------------------------------------------
async function downloadPdf() {
  if (!report) return;
  const button = $('download-pdf');
  button.disabled = true;
  try {
    const msg = await ask({ type: 'pdf', report: reportJson, options: { detail: $('pdf-detail').value } });
    download(`cin7-health-check-${report.as_of ?? 'report'}.pdf`, msg.bytes, 'application/pdf');
  } catch (err) {
    $('progress').textContent = `The PDF could not be made: ${err.message}`;
  } finally {
    button.disabled = false;
  }
}

function renderExportList() {
  const list = clear($('export-list'));
  for (const k of kindList) list.append(el('li', {}, el('strong', { text: k.id }), ` ${k.export}`));
}

function setup() {
  startWorker();
  ask({ type: 'rules' }).then((msg) => {
    catalog = new Map(JSON.parse(msg.rules).map((r) => [r.code, r]));
    kindList = JSON.parse(msg.kinds);
    renderExportList();
    if (report) render();
  });
  $('file-input').addEventListener('change', (e) => addFiles(e.target.files));
  const zone = $('dropzone');
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); addFiles(e.dataTransfer.files); });
  for (const id of ['as-of', 'accounting', 'lock-date']) $(id).addEventListener('change', () => files.size && run());
  $('download-pdf').addEventListener('click', downloadPdf);
  $('compare-input').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    previousJson = await file.text();
    if (files.size) run();
  });
  $('download-json').addEventListener('click', () => report && download(`cin7-health-check-${report.as_of ?? 'report'}.json`, reportJson, 'application/json'));
}

setup();

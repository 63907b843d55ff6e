// The analysis engine in a Web Worker, so the page never freezes. It loads the
// WebAssembly module from its own origin and answers messages from www/app.js:
//   {id, type: 'analyze', files: [File], settings}   ->  {id, type: 'result', report}
//   {id, type: 'pdf', report, options, logo}          ->  {id, type: 'pdf', bytes}
//   {id, type: 'compare', report, previous}           ->  {id, type: 'result', report}
//   {id, type: 'rules'}                               ->  {id, type: 'rules', rules, kinds, vocabulary}
//   {id, type: 'header-report', input}                ->  {id, type: 'header-report', text}
//   {id, type: 'stats'}                               ->  {id, type: 'stats', memory}
// Progress comes back as {id, type: 'progress', done, total, message}; failures as
// {id, type: 'error', message, fatal} (fatal: the module trapped and the worker must be
// replaced). Files are read as streams, chunk by chunk (by a second worker, www/reader.js,
// for the pass that reads them whole), straight into the module: a first
// pass over each file's first part (usually a megabyte or two; the module says when it has
// enough) settles its encoding, kind and date order, the second reads it all and types its
// records. No file is ever held whole, as a JavaScript string or in the module.
import init, { Analysis, compareReports, freeRecords, headerReport, kinds, rules, vocabulary, warmUp } from './pkg/healthcheck_wasm.js';
import { READ_AHEAD_MIN_BYTES, ReadAhead } from './reader.js';

const ready = init(self.HEALTHCHECK_WASM ? { module_or_path: self.HEALTHCHECK_WASM } : undefined);

// A worker of its own (www/reader-worker.js) reads large files for this one; until it is
// ready (or where it cannot start), files are read here.
let readAhead = null;
{
  // The standalone page (scripts/standalone.mjs) hands over the reader's script, since a
  // page opened from disk cannot start a worker from its own workers' addresses.
  const inline = self.HEALTHCHECK_READER;
  const url = inline ? URL.createObjectURL(new Blob([inline], { type: 'text/javascript' })) : new URL('./reader-worker.js', self.location.href);
  ReadAhead.start(url, inline ? 'classic' : 'module').then((reader) => {
    readAhead = reader;
  });
}

// The second module (PDF, workbooks) is fetched after the first, off the path to the first
// paint and the first analysis; the 'rules' answer, which the page waits for before it shows
// the list of exports, waits for it too, so that once the page is ready everything it needs
// is loaded and the network can be cut. The standalone page inlines it as HEALTHCHECK_EXTRAS.
let extrasReady;
function extras() {
  extrasReady ??= (self.HEALTHCHECK_EXTRAS
    ? self.HEALTHCHECK_EXTRAS()
    : import('./pkg/healthcheck_wasm_extras.js').then(async (module) => {
      await module.default();
      return module;
    })
  ).catch((err) => {
    extrasReady = undefined; // try again when next asked
    throw err;
  });
  return extrasReady;
}
ready.then(() => {
  // The second module is fetched and compiled off this thread while the warm-up runs on it.
  extras().catch(() => {});
  warm();
}).catch(() => {});

// As soon as the module is ready, the demo company's exports (the page's own www/demo/) are
// analysed and thrown away, so that the browser has optimised the checks before the
// visitor's first analysis (see warmUp in crates/healthcheck-wasm). The workbook is left
// out (the second module is still on its way), and so is a page that carries no demo (the
// standalone file).
async function warm() {
  if (self.HEALTHCHECK_WASM) return;
  try {
    const base = new URL('./demo/', self.location.href);
    const index = await (await fetch(new URL('index.json', base))).json();
    const names = index.files.filter((name) => name.endsWith('.csv'));
    const parts = await Promise.all(names.map(async (name) => new Uint8Array(await (await fetch(new URL(encodeURIComponent(name), base))).arrayBuffer())));
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
    warmUp(names, new Uint32Array(parts.map((p) => p.length)), bytes, index.lock_date ?? '');
  } catch {
    // Only a head start; the real analysis does not need it.
  }
}

// Hands each chunk of the file, from byte `from` on, to `each` until the file ends or `each`
// returns false. `whole`: the file is read to its end, by the reader when there is one and
// the file is large (a first pass reads a hundred kilobytes or so, here: the reader's
// read-ahead would be wasted on it).
async function stream(file, each, { whole = false, from = 0 } = {}) {
  if (whole && from === 0 && readsAhead(file)) {
    const stoppedAt = await readAhead.stream(file, each);
    if (stoppedAt === null) return;
    from = stoppedAt; // the reader stopped: the rest is read here
  }
  const reader = (from > 0 ? file.slice(from) : file).stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (each(value) === false) {
      await reader.cancel();
      return;
    }
  }
}

/** Whether the reader reads `file` for its second pass. */
function readsAhead(file) {
  return Boolean(readAhead?.alive) && file.size >= READ_AHEAD_MIN_BYTES;
}

/** Bytes of a file's start read for its first pass in one go; most files need less. */
const SCAN_HEAD_BYTES = 256 << 10;
/** Files whose first parts are being read while an earlier one is scanned. */
const SCAN_READ_AHEAD = 4;

// What the first pass reads of a file: its first part, and the samples further in that a
// large file's storage is sized from. Each read mostly waits for the browser, so the reads
// of the next few files are started while the current one is scanned.
function firstReads(file, ranges) {
  const bytes = (blob) => blob.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  const samples = [];
  for (let i = 0; i < ranges.length; i += 2) samples.push(bytes(file.slice(ranges[i], ranges[i + 1])));
  const reads = { head: bytes(file.slice(0, SCAN_HEAD_BYTES)), samples: Promise.all(samples) };
  // Awaited in turn; a failure not yet awaited must not be reported as unhandled.
  reads.head.catch(() => {});
  reads.samples.catch(() => {});
  return reads;
}

async function analyze(files, settings, progress) {
  const analysis = new Analysis(JSON.stringify(settings ?? {}));
  try {
    // Reading is 80 % of the bar: the first pass (often only the files' first parts) 10,
    // the second 70; the checks the rest.
    const totalBytes = files.reduce((sum, f) => sum + f.size, 0) || 1;
    const ids = files.map((file) => analysis.beginScan(file.name, file.size));
    const reads = [];
    const startReads = (n) => {
      if (n < files.length) reads[n] ??= firstReads(files[n], analysis.sampleRanges(ids[n]));
    };
    for (const [n, file] of files.entries()) {
      for (let k = n; k <= n + SCAN_READ_AHEAD; k++) startReads(k);
      const scanned = Math.round((10 * n) / files.length);
      progress(scanned, 100, `Reading ${file.name}`);
      const id = ids[n];
      const head = await reads[n].head;
      if (analysis.scanChunk(id, head) && head.length < file.size) {
        await stream(file, (chunk) => analysis.scanChunk(id, chunk), { from: head.length });
      }
      for (const sample of await reads[n].samples) analysis.scanSample(id, sample);
      reads[n] = null;
      analysis.endScan(id);
      if (analysis.wantsSheets(id)) {
        // A workbook is a ZIP (or an old OLE file): it is read whole, by the second module.
        progress(scanned, 100, `Opening the workbook ${file.name}`);
        const sheets = (await extras()).workbookSheets(new Uint8Array(await file.arrayBuffer()));
        analysis.addSheets(id, sheets);
      }
    }
    let loaded = 0;
    const order = analysis.loadOrder();
    for (const [k, id] of order.entries()) {
      const file = files[id];
      if (analysis.beginLoad(id)) {
        const loading = stream(file, (chunk) => {
          analysis.loadChunk(chunk);
          loaded += chunk.length;
          progress(10 + Math.round((70 * loaded) / totalBytes), 100, `Loading ${file.name}`);
        }, { whole: true });
        // Once this file's stream is open, the reader starts on the next file's too: a
        // file's first bytes come some milliseconds after its stream is opened.
        const next = files[order[k + 1]];
        if (next && readsAhead(next)) readAhead.readEarly(next);
        await loading;
      }
      analysis.endLoad();
    }
    return analysis.finish((done, total, step) => {
      progress(80 + Math.round((20 * done) / Math.max(1, total)), 100, step);
    });
  } finally {
    readAhead?.dropEarly();
    try {
      analysis.free();
    } catch {
      // finish() used the analysis up; after a trap it is still marked as borrowed. Either
      // way there is nothing left to free here (a trapped worker is replaced by the page).
    }
  }
}

self.onmessage = async (event) => {
  const { id, type } = event.data;
  const reply = (msg, transfer) => self.postMessage({ id, ...msg }, transfer ?? []);
  try {
    await ready;
    if (type === 'analyze') {
      // Progress is posted when its percentage or step changes, not once per chunk.
      let last = '';
      const progress = (done, total, message) => {
        const now = `${done}/${total} ${message}`;
        if (now !== last) reply({ type: 'progress', done, total, message });
        last = now;
      };
      const report = await analyze(event.data.files, event.data.settings, progress);
      reply({ type: 'result', report });
      // The records were kept past the report so that it went out first.
      freeRecords();
    } else if (type === 'pdf') {
      const logo = event.data.logo ? new Uint8Array(event.data.logo) : undefined;
      const font = await fallbackFontFor(event.data.report);
      const bytes = (await extras()).renderPdf(event.data.report, JSON.stringify(event.data.options ?? {}), logo, font);
      reply({ type: 'pdf', bytes: bytes.buffer }, [bytes.buffer]);
    } else if (type === 'compare') {
      reply({ type: 'result', report: compareReports(event.data.report, event.data.previous) });
    } else if (type === 'stats') {
      // The module's memory only grows: its size now is the peak so far.
      reply({ type: 'stats', memory: (await ready).memory.buffer.byteLength });
    } else if (type === 'header-report') {
      reply({ type: 'header-report', text: headerReport(event.data.input) });
    } else if (type === 'rules') {
      await extras().catch(() => {});
      reply({ type: 'rules', rules: rules(), kinds: kinds(), vocabulary: vocabulary() });
    }
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) {
      // The module trapped (a Rust panic aborts): its memory can no longer be trusted, so the
      // page replaces this worker with a fresh one.
      reply({
        type: 'error',
        fatal: true,
        message: `the analysis engine stopped (${err.message}); the usual causes are numbers too large for exact arithmetic or the browser running out of memory`,
      });
      return;
    }
    reply({ type: 'error', message: String(err && err.message ? err.message : err) });
  }
};

// Chinese, Japanese and Korean text needs a face the PDF module does not carry: it is
// fetched from this page's own origin, once, and only for a report that holds such text.
// Where it cannot be had (the standalone file), those characters print as '?', and the PDF
// says so.
const NEEDS_FALLBACK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;
let fallbackFont;
async function fallbackFontFor(reportJson) {
  if (!NEEDS_FALLBACK.test(reportJson)) return undefined;
  fallbackFont ??= (async () => {
    try {
      const response = await fetch(new URL('fonts/fallback.ttf', self.location.href));
      return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
    } catch {
      return undefined; // a worker started from a blob (the standalone file) has no origin to ask
    }
  })();
  return fallbackFont;
}

// Build dist/cin7-health-check.html: the whole check in one file (styles, scripts, the
// worker and the WebAssembly module inlined) that works opened from disk with no server,
// for people who want to run it air-gapped. Run after scripts/build.sh.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (p) => readFileSync(join(ROOT, p), 'utf8');

/** Drop `import … from …;` lines and the `export` keyword: the modules become one script. */
function flatten(source) {
  return source
    .replace(/^import [^;]+;\s*$/gm, '')
    .replace(/^export (async function|function|const|class|let)/gm, '$1')
    .replace(/^export \{[^}]*\};?\s*$/gm, '');
}

const glue = (name) => flatten(read(`www/pkg/${name}.js`)).replace(/import\.meta\.url/g, 'self.location.href');
const wasmBytes = (name) =>
  `Uint8Array.from(atob(${JSON.stringify(readFileSync(join(ROOT, `www/pkg/${name}_bg.wasm`)).toString('base64'))}), (c) => c.charCodeAt(0))`;
const workerCode = [
  `self.HEALTHCHECK_WASM = ${wasmBytes('healthcheck_wasm')};`,
  // The second module's glue in a scope of its own (its names are the first one's), started
  // the first time the worker asks for it.
  'self.HEALTHCHECK_EXTRAS = async () => {',
  `  const module = (() => {\n${glue('healthcheck_wasm_extras')}\nreturn { init: __wbg_init, renderPdf, workbookSheets };\n})();`,
  `  await module.init({ module_or_path: ${wasmBytes('healthcheck_wasm_extras')} });`,
  '  return module;',
  '};',
  // A classic worker: a module worker from a blob is refused on a file:// page.
  glue('healthcheck_wasm'),
  'const init = __wbg_init;',
  // The file reader's script, which the worker starts from a blob of its own.
  `self.HEALTHCHECK_READER = ${JSON.stringify(`${flatten(read('www/reader.js'))}\nserveReads();`)};`,
  flatten(read('www/reader.js')),
  flatten(read('www/worker.js')),
].join('\n');

const appCode = [
  flatten(read('www/dom.js')),
  flatten(read('www/markup.js')),
  flatten(read('www/words.js')),
  flatten(read('www/app.js')),
  `const workerUrl = URL.createObjectURL(new Blob([${JSON.stringify(workerCode)}], { type: 'text/javascript' }));`,
  "mount(document, { workerUrl, workerType: 'classic', demo: false });",
].join('\n').replace(/<\/(script)/gi, '<\\/$1');

const css = read('www/style.css');
const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const csp = [
  "default-src 'none'",
  `script-src ${sha(appCode)} 'wasm-unsafe-eval'`,
  'worker-src blob:',
  "connect-src 'none'",
  'img-src data: blob:',
  `style-src ${sha(css)}`,
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<title>Cin7 Health Check (standalone)</title>
<style>${css}</style>
</head>
<body>
<div id="app"></div>
<noscript>The health check runs in your browser and needs JavaScript.</noscript>
<script type="module">${appCode}</script>
</body>
</html>
`;
mkdirSync(join(ROOT, 'dist'), { recursive: true });
writeFileSync(join(ROOT, 'dist/cin7-health-check.html'), html);
console.log(`standalone: dist/cin7-health-check.html ${html.length} bytes`);

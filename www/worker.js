// The analysis engine in a Web Worker, so the page never freezes. It loads the
// WebAssembly module from this origin and answers messages from www/app.js:
//   {id, type: 'analyze', files: [{name, buffer}], settings}  ->  {id, type: 'result', report}
//   {id, type: 'pdf', report, options}                          ->  {id, type: 'pdf', bytes}
//   {id, type: 'compare', report, previous}                    ->  {id, type: 'result', report}
//   {id, type: 'rules'}                                         ->  {id, type: 'rules', rules, kinds}
// Progress comes back as {id, type: 'progress', message}; failures as {id, type: 'error', message}.
import init, { Analysis, compareReports, kinds, renderPdf, rules } from './pkg/healthcheck_wasm.js';

const ready = init();

self.onmessage = async (event) => {
  const { id, type } = event.data;
  const reply = (msg, transfer) => self.postMessage({ id, ...msg }, transfer ?? []);
  try {
    await ready;
    if (type === 'analyze') {
      const analysis = new Analysis();
      const files = event.data.files;
      files.forEach((f, i) => {
        reply({ type: 'progress', message: `Reading ${f.name} (${i + 1} of ${files.length})` });
        analysis.addFile(f.name, new Uint8Array(f.buffer));
      });
      reply({ type: 'progress', message: 'Running the checks' });
      const report = analysis.analyze(JSON.stringify(event.data.settings ?? {}));
      analysis.free();
      reply({ type: 'result', report });
    } else if (type === 'pdf') {
      const logo = event.data.logo ? new Uint8Array(event.data.logo) : undefined;
      const bytes = renderPdf(event.data.report, JSON.stringify(event.data.options ?? {}), logo);
      reply({ type: 'pdf', bytes: bytes.buffer }, [bytes.buffer]);
    } else if (type === 'compare') {
      reply({ type: 'result', report: compareReports(event.data.report, event.data.previous) });
    } else if (type === 'rules') {
      reply({ type: 'rules', rules: rules(), kinds: kinds() });
    }
  } catch (err) {
    reply({ type: 'error', message: String(err && err.message ? err.message : err) });
  }
};

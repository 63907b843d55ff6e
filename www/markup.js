// The self-check's markup, shared by the page and the embeddable widget. Static text only:
// everything taken from the user's files is added later through textContent.
export const MARKUP = `
<div class="hc">
  <header class="masthead">
    <img class="brand-logo" alt="" hidden>
    <h1>Cin7 Health Check</h1>
    <p class="lede">Drop the exports of your Cin7 Core system and see where control first broke: a six-stage scorecard, the money at stake, the rows behind every finding, and how to fix each at the source.</p>
    <p class="privacy-badge">Runs entirely in this browser. Your files are never uploaded.</p>
  </header>
  <main>
    <section class="panel" aria-labelledby="add-title">
      <h2 id="add-title">1. Add your exports</h2>
      <div class="dropzone" id="dropzone">
        <p>Drop CSV or Excel exports here, or</p>
        <label class="button" for="file-input">Choose files</label>
        <input type="file" id="file-input" class="visually-hidden" multiple accept=".csv,.txt,.tsv,.xlsx,.xlsm,.xls,.ods,text/csv,text/plain">
        <p class="or">No exports at hand? <button type="button" class="link-button" id="demo-button">Try with demo data</button></p>
        <p class="or"><button type="button" class="link-button" id="start-over" hidden>Start over</button></p>
      </div>
      <details class="exports-help" id="exports-help">
        <summary>Which exports, and where to find them</summary>
        <p>The kind of each file is recognised from its columns, whatever its name. Each export lets the checks of some stages run:</p>
        <div id="export-list"></div>
      </details>
      <ul class="file-list" id="file-list" aria-live="polite"></ul>
      <div class="kept-mappings" id="kept-mappings"></div>
      <div class="settings" id="settings">
        <label for="as-of">As-of date</label>
        <input type="date" id="as-of">
        <span class="hint">Leave empty to use the date a report's title gives, else the latest date in the files.</span>
        <label for="accounting">Accounting system</label>
        <select id="accounting">
          <option value="">Detect from the files</option>
          <option value="xero">Xero</option>
          <option value="qbo">QuickBooks Online</option>
        </select>
        <label for="lock-date">Period lock date</label>
        <input type="date" id="lock-date">
        <span class="hint">Xero: Settings &gt; Financial settings. QuickBooks: the closing date.</span>
      </div>
      <details class="thresholds" id="thresholds-panel">
        <summary>Thresholds</summary>
        <p class="hint">Each check's limits. Changing one runs the check again.</p>
        <div class="threshold-grid" id="thresholds"></div>
      </details>
      <div class="progress-area">
        <progress id="progress-bar" max="100" value="0" hidden></progress>
        <p class="progress" id="progress" role="status" aria-live="polite"></p>
      </div>
    </section>

    <section class="panel" id="results" hidden aria-labelledby="results-title">
      <h2 id="results-title">2. Diagnosis</h2>
      <p class="verdict" id="verdict" tabindex="-1"></p>
      <p class="at-stake" id="at-stake"></p>
      <section class="plan-box" id="plan-box" aria-labelledby="plan-title" hidden>
        <h3 id="plan-title">Fix first</h3>
        <p class="hint">The upstream causes, in the order the trouble travels. Fixing one at the source clears what follows from it.</p>
        <ol id="plan" class="plan"></ol>
      </section>
      <div id="chain" class="chain" tabindex="0" role="region" aria-label="The six stages as a chain"></div>
      <ol class="scorecard" id="scorecard" aria-label="The six stages of the failure sequence"></ol>
      <div id="comparison" class="comparison" hidden></div>
      <section class="charts" id="charts" aria-labelledby="charts-title" hidden>
        <h3 id="charts-title">In pictures</h3>
        <figure id="chart-drift-box" hidden><figcaption>Month-end stock value: Cin7 against the ledger's inventory account</figcaption><div id="chart-drift"></div></figure>
        <figure id="chart-money-box" hidden><figcaption>Money at stake by stage</figcaption><div id="chart-money"></div></figure>
        <figure id="chart-sync-box" hidden><figcaption>Sync failures and skips by month</figcaption><div id="chart-sync"></div></figure>
      </section>
      <div class="actions">
        <label for="pdf-detail">PDF detail</label>
        <select id="pdf-detail">
          <option value="summary">Summary (safe to share)</option>
          <option value="standard" selected>Standard</option>
          <option value="full">Full (every evidence row)</option>
        </select>
        <button type="button" class="button" id="download-pdf">Download PDF</button>
        <button type="button" class="button secondary" id="download-json">Download report (JSON)</button>
        <label class="button secondary" for="compare-input">Compare with a previous report</label>
        <input type="file" id="compare-input" class="visually-hidden" accept=".json,application/json">
      </div>
      <a class="button cta" id="cta" hidden></a>
      <h3>Traces from source to impact</h3>
      <p class="hint">Findings linked through the same sale, purchase, document, SKU or account, read from the stage where the trouble started to where it cost money.</p>
      <ol id="traces" class="traces"></ol>
      <h3>Findings</h3>
      <div id="findings"></div>
      <div id="rejected"></div>
    </section>

    <section class="panel privacy" aria-labelledby="privacy-title">
      <h2 id="privacy-title">Your data stays here</h2>
      <p>The analysis runs in a WebAssembly module inside this page. The page loads nothing from any other site and its security policy forbids it from sending anything anywhere. To check: open your browser's developer tools, Network tab, then add your files. No request carries them. You can also disconnect from the network after the page has loaded; the check still works.</p>
    </section>
  </main>
  <footer class="footer">Cin7 Health Check is open source. It is not made by or affiliated with Cin7, Xero, Intuit or Shopify.</footer>
</div>`;

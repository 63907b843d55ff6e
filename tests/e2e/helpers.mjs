// Shared set-up for the browser tests: the page's own static server on a free port, Debian's
// Chromium driven by playwright-core, and a guard that blocks and records any request to
// another origin.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start } from '../../scripts/serve.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const fixture = (...parts) => join(ROOT, 'tests', 'fixtures', ...parts);

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export async function openPage({ path = '/', bypassCSP = false, viewport } = {}) {
  const server = await start(0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ acceptDownloads: true, bypassCSP, ...(viewport ? { viewport } : {}) });
  const requests = [];
  const foreign = [];
  const isLocal = (u) => {
    const url = new URL(u);
    return !url.protocol.startsWith('http') || LOCAL_HOSTS.has(url.hostname);
  };
  await context.route((url) => !isLocal(url.href), (route) => route.abort());
  context.on('request', (r) => {
    requests.push(r.url());
    if (!isLocal(r.url())) foreign.push(r.url());
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(origin + path);
  const close = async () => {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  };
  return { page, context, browser, origin, requests, foreign, errors, close };
}

/** A new temporary folder, removed when the test file's process exits. */
export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'healthcheck-e2e-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The text of a PDF, as pdftotext extracts it. */
export function pdfText(path) {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

/** Run the command-line tool built by `cargo build -p healthcheck-cli`. */
export function cli(args) {
  return execFileSync(join(ROOT, 'target', 'debug', 'cin7-healthcheck'), args, { encoding: 'utf8' });
}

/** Start a bare browser (for pages opened from file://). */
export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// <cin7-health-check>: the self-check as one element for another site's page. It draws
// itself in a Shadow DOM (the host page's styles cannot reach it) and loads its worker,
// module and styles from the folder this script comes from.
//
//   <script type="module" src="/healthcheck/www/widget.js"></script>
//   <cin7-health-check brand-name="Fjord Advisory" logo="/img/fjord.png" accent="#0B6E4F"
//       cta-text="Book a free review" cta-href="https://fjord.example/book"
//       pdf-footer="Fjord Advisory - Cin7 and Xero specialists"></cin7-health-check>
//
// When a check completes it dispatches `healthcheck-complete` (bubbling, composed) whose
// detail holds only the first break and each stage's status and score: never rows, names or
// amounts from the user's files, so the host page can offer its own contact form.
import { mount } from './app.js';

class HealthCheckElement extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('link');
    style.rel = 'stylesheet';
    style.href = new URL('./style.css', import.meta.url).href;
    const holder = document.createElement('div');
    root.append(style, holder);
    const attr = (name) => this.getAttribute(name) || undefined;
    const accent = attr('accent');
    mount(holderRoot(root, holder), {
      brandName: attr('brand-name'),
      logo: attr('logo'),
      accent: accent && /^#[0-9a-fA-F]{6}$/.test(accent) ? accent : undefined,
      ctaText: attr('cta-text'),
      ctaHref: safeHref(attr('cta-href')),
      pdfFooter: attr('pdf-footer'),
      demo: this.getAttribute('demo') !== 'off',
      maxFileBytes: Number(attr('max-file-mb')) > 0 ? Number(attr('max-file-mb')) * 1024 * 1024 : undefined,
      onComplete: (report) => {
        const detail = {
          first_break: report.first_break,
          stages: report.stages.map((s) => ({ id: s.id, status: s.status, score: s.score })),
        };
        this.dispatchEvent(new CustomEvent('healthcheck-complete', { detail, bubbles: true, composed: true }));
      },
    });
  }
}

/** The shadow root, seen by `mount` through a holder element for its markup. */
function holderRoot(root, holder) {
  return {
    getElementById: (id) => root.getElementById(id),
    set innerHTML(html) { holder.innerHTML = html; },
    style: holder.style,
    querySelector: (sel) => root.querySelector(sel),
  };
}

/** Only web and mail links for the call to action. */
function safeHref(href) {
  if (!href) return undefined;
  try {
    const url = new URL(href, document.baseURI);
    return ['https:', 'http:', 'mailto:'].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

if (!customElements.get('cin7-health-check')) customElements.define('cin7-health-check', HealthCheckElement);

// Building DOM from data. Text from the user's files only ever goes through textContent
// or attribute values set by these helpers, never through innerHTML.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** `4210.00` with the currency: `USD 4,210.00`. */
export function money(amount, currency) {
  if (amount === undefined || amount === null) return '';
  const [int, frac = '00'] = String(amount).replace('-', '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = String(amount).startsWith('-') && Number(amount) !== 0 ? '-' : '';
  return `${currency ? currency + ' ' : ''}${sign}${grouped}.${frac.padEnd(2, '0')}`;
}

/** Offer bytes to the user as a file download. */
export function download(name, bytes, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An SVG element; `text` sets its text content. */
export function svg(tag, attrs = {}) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.setAttribute('class', value);
    else node.setAttribute(key, String(value));
  }
  return node;
}

/**
 * One CSV cell. Cells a spreadsheet would read as a formula (starting with =, +, -, @, a tab
 * or a carriage return) are prefixed with an apostrophe so they open as text.
 */
export function csvCell(value) {
  let text = String(value ?? '');
  // A spreadsheet runs a cell that starts with = + - @ (or their fullwidth forms) as a
  // formula, even behind spaces and invisible characters; a plain number such as -1 is not one.
  const lead = text.replace(/^[\s\u00a0\u200b-\u200d\u2060\ufeff]+/, '');
  const plainNumber = /^[+-]?\d+(\.\d+)?$/.test(text);
  if (!plainNumber && /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(lead)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The small Markdown of the checks' documentation as DOM nodes, built as text nodes and
 * elements, never as HTML: fenced code blocks become `<pre><code>`, blank lines part
 * paragraphs (a paragraph's line breaks are spaces), `- ` lines are list items, and
 * `` `code` `` spans are `<code>`.
 */
export function markdownNodes(text) {
  const out = [];
  const lines = String(text ?? '').split('\n');
  let paragraph = [];
  let list = null;
  const inline = (line) => line.split(/(`[^`]+`)/).filter(Boolean)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 2 ? el('code', { text: part.slice(1, -1) }) : document.createTextNode(part)));
  const flush = () => {
    if (paragraph.length) out.push(el('p', {}, inline(paragraph.join(' '))));
    paragraph = [];
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('```')) {
      flush();
      const code = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code.push(lines[i]);
      out.push(el('pre', {}, el('code', { text: code.join('\n') })));
    } else if (/^\s*- /.test(line)) {
      if (paragraph.length) flush();
      if (!list) {
        list = el('ul', {});
        out.push(list);
      }
      list.append(el('li', {}, inline(line.replace(/^\s*- /, ''))));
    } else if (!line.trim()) {
      flush();
    } else if (list && /^\s+\S/.test(line)) {
      list.lastChild.append(' ', ...inline(line.trim()));
    } else {
      list = null;
      paragraph.push(line.trim());
    }
  }
  flush();
  return out;
}

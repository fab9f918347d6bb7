// Hand-written SVG charts: stacked columns by day and horizontal bars.
// No library, no data leaves the page.

// An XML namespace name, not a location: nothing is fetched from it.
const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === undefined || c === null) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A top for the axis that four equal steps divide into round numbers. */
function niceMax(v) {
  if (v <= 4) return 4;
  const raw = v / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * p >= raw && Number.isInteger(m * p)) return m * p * 4;
  }
  return Math.ceil(raw) * 4;
}

/**
 * Stacked columns. `rows`: [{label, values: {key: n}}]; `series`: [{key,
 * label, cls}] bottom to top. Returns an <svg> with a <title> per segment.
 */
export function stackedColumns(rows, series, { title, height = 260 } = {}) {
  const width = Math.max(900, rows.length * 64 + 70);
  const top = 16;
  const bottom = 46;
  const left = 48;
  const plotH = height - top - bottom;
  const colW = (width - left - 10) / Math.max(rows.length, 1);
  const totals = rows.map((r) => series.reduce((a, x) => a + (r.values[x.key] || 0), 0));
  const max = niceMax(Math.max(1, ...totals));
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'chart',
    role: 'img',
    'aria-label': title,
  });
  svg.append(s('title', {}, title));
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    const y = top + plotH - (plotH * i) / 4;
    svg.append(s('line', { x1: left, x2: width - 5, y1: y, y2: y, class: 'grid' }));
    svg.append(s('text', { x: left - 6, y: y + 5, class: 'axis', 'text-anchor': 'end' }, Math.round(v)));
  }
  rows.forEach((r, i) => {
    const x = left + i * colW + colW * 0.15;
    const w = colW * 0.7;
    let y = top + plotH;
    for (const ser of series) {
      const n = r.values[ser.key] || 0;
      if (!n) continue;
      const hgt = (plotH * n) / max;
      y -= hgt;
      svg.append(
        s('rect', { x, y, width: w, height: hgt, class: ser.cls }, s('title', {}, `${r.label} · ${ser.label}: ${n}`)),
      );
    }
    const every = Math.ceil(rows.length / 15);
    if ((rows.length - 1 - i) % every === 0) {
      svg.append(
        s('text', { x: x + w / 2, y: height - bottom + 18, class: 'axis', 'text-anchor': 'middle' }, r.short || r.label),
      );
    }
  });
  const legend = s('g', { class: 'legend' });
  let lx = left;
  for (const ser of series) {
    legend.append(s('rect', { x: lx, y: height - 18, width: 14, height: 14, class: ser.cls }));
    legend.append(s('text', { x: lx + 20, y: height - 6, class: 'axis' }, ser.label));
    lx += 30 + ser.label.length * 9;
  }
  svg.append(legend);
  return svg;
}

/** Horizontal bars: `items` [{label, value, part?}]; `part` is drawn over `value` in `partCls`. */
export function bars(items, { title, cls = 'bar', partCls = 'bar-deny', partLabel = '' } = {}) {
  const rowH = 36;
  const left = 210;
  const width = 640;
  const height = Math.max(1, items.length) * rowH + 10;
  const max = niceMax(Math.max(1, ...items.map((x) => x.value)));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title });
  svg.append(s('title', {}, title));
  items.forEach((it, i) => {
    const y = 5 + i * rowH;
    const w = ((width - left - 70) * it.value) / max;
    const short = it.label.length > 24 ? `${it.label.slice(0, 23)}…` : it.label;
    svg.append(s('text', { x: left - 8, y: y + 21, class: 'axis', 'text-anchor': 'end' }, short, s('title', {}, it.label)));
    svg.append(s('rect', { x: left, y: y + 4, width: Math.max(w, 1), height: rowH - 10, class: cls }, s('title', {}, `${it.label}: ${it.value}`)));
    if (it.part) {
      const pw = ((width - left - 70) * it.part) / max;
      svg.append(
        s('rect', { x: left, y: y + 4, width: pw, height: rowH - 10, class: partCls }, s('title', {}, `${it.label} · ${partLabel}: ${it.part}`)),
      );
    }
    svg.append(s('text', { x: left + w + 8, y: y + 21, class: 'axis' }, it.value));
  });
  return svg;
}

// Lists and detail views over routes that other parts of Berkut provide
// (employers, inspections, workers; citizenship and stays have their own
// screens: citizenship.js, stays.js). A
// screen appears only when GET /v1/me lists its route for the caller; the
// view shows what the route answers, without assuming its fields.

import { api } from './api.js';
import { t } from './i18n.js';
import { fill, h } from './dom.js';
import { bars } from './charts.js';

/** The screens: id, menu label, list route, detail route. */
export const SCREENS = [
  { id: 'employers', label: 'nav.employers', list: '/v1/employers', detail: '/v1/employers/{id}' },
  { id: 'inspections', label: 'nav.inspections', list: '/v1/inspections', detail: '/v1/inspections/{id}' },
  { id: 'workers', label: 'nav.workers', list: '/v1/workers', detail: '/v1/workers/{id}' },
];

/** The items of a list answer: the answer itself, or its first array. */
export function itemsOf(body) {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object') {
    for (const v of Object.values(body)) if (Array.isArray(v)) return v;
  }
  return [];
}

/** Columns: the scalar fields of the first items, `id` first, at most eight. */
export function columnsOf(items) {
  const cols = [];
  for (const it of items.slice(0, 20)) {
    for (const [k, v] of Object.entries(it || {})) {
      if (!cols.includes(k) && (v === null || typeof v !== 'object')) cols.push(k);
    }
  }
  cols.sort((a, b) => (a === 'id' ? -1 : b === 'id' ? 1 : 0));
  return cols.slice(0, 8);
}

function value(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object') return h('pre', { class: 'json' }, JSON.stringify(v, null, 2));
  return h('span', { dir: 'auto' }, String(v));
}

export function screen(cfg) {
  return {
    render(main, ctx) {
      const list = h('div', { id: `${cfg.id}-list` }, h('p', { class: 'muted' }, t('app.loading')));
      const detail = h('div', { id: `${cfg.id}-detail` });
      const hasDetail = ctx.can('GET', cfg.detail);

      function showItem(item) {
        fill(
          detail,
          h(
            'article',
            { class: 'card' },
            h('h2', {}, item.id ?? t('records.item')),
            h('dl', { class: 'kv' }, Object.entries(item).map(([k, v]) => [h('dt', {}, k), h('dd', {}, value(v))])),
          ),
        );
      }

      async function open(id) {
        try {
          showItem(await api('GET', cfg.detail.replace('{id}', encodeURIComponent(id))));
        } catch (e) {
          fill(detail, h('p', { class: 'error', role: 'alert' }, e.message));
        }
      }

      api('GET', cfg.list)
        .then((body) => {
          const items = itemsOf(body);
          if (!items.length) {
            fill(list, h('p', { class: 'muted' }, t('records.none')));
            return;
          }
          const cols = columnsOf(items);
          fill(
            list,
            h(
              'table',
              { class: 'table' },
              h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c)))),
              h(
                'tbody',
                {},
                items.map((it) =>
                  h(
                    'tr',
                    {
                      tabindex: '0',
                      class: 'clickable',
                      onclick: () => (hasDetail && it.id !== undefined ? ctx.go(`#/${cfg.id}/${encodeURIComponent(it.id)}`) : showItem(it)),
                      onkeydown: (e) => e.key === 'Enter' && e.currentTarget.click(),
                    },
                    cols.map((c) => h('td', {}, value(it[c]))),
                  ),
                ),
              ),
            ),
          );
        })
        .catch((e) => fill(list, h('p', { class: 'error', role: 'alert' }, e.message)));
      if (ctx.param && hasDetail) open(ctx.param);
      main.append(h('section', { class: 'screen' }, h('h1', {}, t(cfg.label)), h('div', { class: 'master-detail' }, list, detail)));
      return null;
    },
  };
}

/** The GET /v1/reports/… routes the caller may read (without path parameters). */
export function reportRoutes(me) {
  return me.routes.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/reports/') && !r.path.includes('{')).map((r) => r.path);
}

/**
 * Rows a chart can show: in the first array of the answer, items with one
 * text field (the label) and numeric fields (the values), e.g. overstays
 * or inspections by region.
 */
export function chartRows(body) {
  const items = itemsOf(body);
  if (!items.length) return null;
  const first = items[0] || {};
  const label = Object.keys(first).find((k) => typeof first[k] === 'string');
  const value = Object.keys(first).find((k) => typeof first[k] === 'number');
  if (!label || !value) return null;
  return { label, value, rows: items.map((it) => ({ label: String(it[label] ?? '—'), value: Number(it[value]) || 0 })) };
}

/** Reports other parts of Berkut serve under /v1/reports/: a chart when the shape allows, and the table. */
export const reports = {
  render(main, ctx) {
    const paths = reportRoutes(ctx.me);
    const out = h('div', { id: 'report' });
    const show = async (p) => {
      fill(out, h('p', { class: 'muted' }, t('app.loading')));
      try {
        const body = await api('GET', p);
        const c = chartRows(body);
        const items = itemsOf(body);
        const cols = columnsOf(items);
        fill(
          out,
          h('h2', {}, p),
          c ? h('section', { class: 'card' }, bars(c.rows, { title: `${p}: ${c.value} / ${c.label}` }), h('p', { class: 'muted small' }, `${c.value} / ${c.label}`)) : null,
          items.length
            ? h(
                'table',
                { class: 'table' },
                h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col' }, k)))),
                h('tbody', {}, items.map((it) => h('tr', {}, cols.map((k) => h('td', {}, value(it[k])))))),
              )
            : h('pre', { class: 'json' }, JSON.stringify(body, null, 2)),
        );
      } catch (e) {
        fill(out, h('p', { class: 'error', role: 'alert' }, e.message));
      }
    };
    main.append(
      h(
        'section',
        { class: 'screen' },
        h('h1', {}, t('nav.reports')),
        h('div', { class: 'filters' }, paths.map((p) => h('button', { type: 'button', class: 'chip', onclick: () => show(p) }, p.replace('/v1/reports/', '')))),
        out,
      ),
    );
    if (paths.length) show(paths[0]);
    return null;
  },
};

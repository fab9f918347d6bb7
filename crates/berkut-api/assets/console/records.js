// Lists and detail views over routes that other parts of Berkut provide
// (citizenship applications, employers, inspections, workers, stays). A
// screen appears only when GET /v1/me lists its route for the caller; the
// view shows what the route answers, without assuming its fields.

import { api } from './api.js';
import { t } from './i18n.js';
import { fill, h } from './dom.js';

/** The screens: id, menu label, list route, detail route. */
export const SCREENS = [
  { id: 'citizenship', label: 'nav.citizenship', list: '/v1/citizenship/applications', detail: '/v1/citizenship/applications/{id}' },
  { id: 'employers', label: 'nav.employers', list: '/v1/employers', detail: '/v1/employers/{id}' },
  { id: 'inspections', label: 'nav.inspections', list: '/v1/inspections', detail: '/v1/inspections/{id}' },
  { id: 'workers', label: 'nav.workers', list: '/v1/workers', detail: '/v1/workers/{id}' },
  { id: 'stays', label: 'nav.stays', list: '/v1/stays', detail: '/v1/stays/{id}' },
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

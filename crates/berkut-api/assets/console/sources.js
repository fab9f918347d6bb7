// Sources: the imported lists, their versions and when they were last refreshed.

import { api } from './api.js';
import { t } from './i18n.js';
import { fill, h, when } from './dom.js';

export function render(main) {
  const body = h('div', { id: 'sources' }, h('p', { class: 'muted' }, t('app.loading')));
  main.append(h('section', { class: 'screen' }, h('h1', {}, t('nav.sources')), body));
  api('GET', '/v1/sources')
    .then((r) => {
      if (!r.sources.length) {
        fill(body, h('p', { class: 'muted' }, t('sources.none')));
        return;
      }
      fill(
        body,
        h(
          'table',
          { class: 'table' },
          h('thead', {}, h('tr', {}, ['name', 'list', 'version', 'imported_at', 'entries', 'content_hash', 'last_seq'].map((c) => h('th', { scope: 'col' }, t(`sources.${c}`))))),
          h(
            'tbody',
            {},
            r.sources.map((s) =>
              h(
                'tr',
                {},
                h('td', {}, s.name),
                h('td', {}, s.list),
                h('td', {}, s.version),
                h('td', {}, when(s.imported_at)),
                h('td', { class: 'num' }, s.entries.toLocaleString()),
                h('td', { class: 'mono', title: s.content_hash }, s.content_hash.slice(0, 12), '…'),
                h('td', { class: 'num' }, s.last_seq),
              ),
            ),
          ),
        ),
      );
    })
    .catch((e) => fill(body, h('p', { class: 'error', role: 'alert' }, e.message)));
  return null;
}

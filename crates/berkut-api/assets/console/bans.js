// Bans: search by name (any script or spelling), status or ground; a ban's
// detail with its person, attempts and history; impose and lift (a reason
// is required) for the roles allowed to — others never see those forms.

import { api, withQuery } from './api.js';
import { t, tv } from './i18n.js';
import { fill, h, nameEl, when } from './dom.js';

export const GROUNDS = [
  'sexual_offence_against_minor',
  'terrorism',
  'extremism',
  'organised_crime',
  'serious_crime',
  'prior_deportation',
  'migration_violation',
  'un_or_foreign_sanctions',
  'public_security_other',
];

function input(id, label, attrs = {}) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name: id, type: 'text', autocomplete: 'off', ...attrs }));
}

function term(b) {
  return b.term.type === 'permanent' ? t('bans.permanent') : t('bans.until', { date: b.term.date });
}

export function render(main, ctx) {
  const canImpose = ctx.can('POST', '/v1/bans');
  const canLift = ctx.can('POST', '/v1/bans/{id}/lift');
  const canHistory = ctx.can('GET', '/v1/bans/{id}/history');
  const results = h('div', { id: 'ban-results' });
  const detail = h('div', { id: 'ban-detail' });
  const error = h('p', { class: 'error', role: 'alert', id: 'bans-error' });

  const search = h(
    'form',
    {
      class: 'card search',
      id: 'ban-search',
      onsubmit: (e) => {
        e.preventDefault();
        find();
      },
    },
    input('q-name', t('bans.search_name')),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'q-status' }, t('bans.status')),
      h('select', { id: 'q-status', name: 'q-status' }, h('option', { value: '' }, t('bans.any')), ['active', 'lifted', 'expired'].map((s) => h('option', { value: s }, tv('ban_status', s)))),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'q-ground' }, t('field.ground')),
      h('select', { id: 'q-ground', name: 'q-ground' }, h('option', { value: '' }, t('bans.any')), GROUNDS.map((g) => h('option', { value: g }, tv('ground', g)))),
    ),
    h('button', { type: 'submit', class: 'primary' }, t('bans.search')),
    canImpose ? h('button', { type: 'button', id: 'impose-open', onclick: () => imposeForm() }, t('bans.impose')) : null,
  );

  async function find() {
    fill(error);
    const f = search.elements;
    try {
      const r = await api('GET', withQuery('/v1/bans', { name: f['q-name'].value, status: f['q-status'].value, ground: f['q-ground'].value, limit: 200 }));
      fill(
        results,
        r.bans.length
          ? h(
              'table',
              { class: 'table', id: 'ban-table' },
              h('thead', {}, h('tr', {}, ['id', 'person', 'ground', 'status'].map((c) => h('th', { scope: 'col' }, t(`bans.col.${c}`))))),
              h(
                'tbody',
                {},
                r.bans.map((b) =>
                  h(
                    'tr',
                    { 'data-ban': b.id },
                    h('td', { class: 'id' }, h('button', { type: 'button', class: 'link', onclick: () => ctx.go(`#/bans/${encodeURIComponent(b.id)}`) }, b.id)),
                    h('td', {}, b.person_id),
                    h('td', {}, tv('ground', b.ground)),
                    h('td', {}, h('span', { class: `pill ban-${b.status.state}` }, tv('ban_status', b.status.state))),
                  ),
                ),
              ),
            )
          : h('p', { class: 'muted' }, t('bans.none')),
      );
    } catch (e) {
      fill(error, e.message);
    }
  }

  async function show(id) {
    fill(detail, h('p', { class: 'muted' }, t('app.loading')));
    try {
      const b = await api('GET', `/v1/bans/${encodeURIComponent(id)}`);
      const person = h('div', { id: 'ban-person' });
      const history = h('div', { id: 'ban-history' });
      const liftErr = h('p', { class: 'error', role: 'alert' });
      const reason = h('textarea', { id: 'lift-reason', rows: 2 });
      fill(
        detail,
        h(
          'article',
          { class: 'card', 'data-ban': b.id },
          h('header', {}, h('h2', {}, b.id), h('span', { class: `pill ban-${b.status.state}` }, tv('ban_status', b.status.state))),
          h(
            'dl',
            { class: 'kv' },
            h('dt', {}, t('bans.col.person')),
            h('dd', {}, b.person_id),
            h('dt', {}, t('field.ground')),
            h('dd', {}, tv('ground', b.ground)),
            h('dt', {}, t('bans.authority')),
            h('dd', {}, b.authority),
            h('dt', {}, t('bans.basis')),
            h('dd', {}, tv('basis', b.basis.kind), ': ', b.basis.reference),
            h('dt', {}, t('bans.imposed_at')),
            h('dd', {}, b.imposed_at),
            h('dt', {}, t('bans.col.term')),
            h('dd', {}, term(b)),
            h('dt', {}, t('bans.col.source')),
            h('dd', {}, b.source.name ? `${b.source.name} ${b.source.version || ''}`.trim() : tv('source', b.source.type)),
            h('dt', {}, t('bans.attempts')),
            h('dd', { id: 'ban-attempts', class: b.attempts ? 'hot' : '' }, String(b.attempts ?? 0)),
            b.status.reason ? [h('dt', {}, t('bans.lift_reason')), h('dd', {}, b.status.reason, b.status.on ? ` (${b.status.on})` : '')] : null,
          ),
          person,
          canHistory ? history : null,
          canLift && b.status.state === 'active'
            ? h(
                'form',
                {
                  class: 'actions',
                  id: 'lift-form',
                  onsubmit: async (e) => {
                    e.preventDefault();
                    fill(liftErr);
                    try {
                      await api('POST', `/v1/bans/${encodeURIComponent(b.id)}/lift`, { reason: reason.value });
                      ctx.toast(t('bans.lifted'));
                      show(b.id);
                      find();
                    } catch (x) {
                      fill(liftErr, x.message);
                    }
                  },
                },
                h('label', { for: 'lift-reason' }, t('bans.lift_reason')),
                reason,
                h('button', { type: 'submit', class: 'danger', id: 'lift' }, t('bans.lift')),
                liftErr,
              )
            : null,
        ),
      );
      if (ctx.can('GET', '/v1/persons/{id}')) {
        api('GET', `/v1/persons/${encodeURIComponent(b.person_id)}`)
          .then((p) =>
            fill(
              person,
              h('h3', {}, t('bans.person')),
              h('ul', { class: 'namelist' }, p.names.map((n) => h('li', {}, nameEl(n.full, n.script), ' ', h('span', { class: 'script' }, tv('script', n.script))))),
              p.birth_dates.length ? h('div', {}, t('field.birth_date'), ': ', p.birth_dates.join(', ')) : null,
              p.nationalities.length ? h('div', {}, t('field.nationality'), ': ', p.nationalities.join(', ')) : null,
            ),
          )
          .catch((e) => fill(person, h('p', { class: 'error' }, e.message)));
      }
      if (canHistory) {
        api('GET', `/v1/bans/${encodeURIComponent(b.id)}/history`)
          .then((hist) =>
            fill(
              history,
              h('h3', {}, t('bans.history')),
              h('ol', { class: 'history' }, hist.changes.map((c) => h('li', {}, h('span', { class: 'muted' }, when(c.recorded_at), ' · ', c.actor, ' · '), tv('event', c.kind), ' — ', c.summary))),
            ),
          )
          .catch((e) => fill(history, h('p', { class: 'error' }, e.message)));
      }
    } catch (e) {
      fill(detail, h('p', { class: 'error', role: 'alert' }, e.message));
    }
  }

  function imposeForm() {
    const err = h('p', { class: 'error', role: 'alert' });
    const today = new Date().toISOString().slice(0, 10);
    const form = h(
      'form',
      {
        class: 'card',
        id: 'impose-form',
        onsubmit: async (e) => {
          e.preventDefault();
          fill(err);
          const f = form.elements;
          const body = {
            person_id: f['i-person'].value.trim(),
            ground: f['i-ground'].value,
            authority: f['i-authority'].value.trim(),
            basis_kind: f['i-basis-kind'].value,
            basis_reference: f['i-basis-ref'].value.trim(),
            imposed_at: f['i-from'].value.trim(),
          };
          if (f['i-until'].value.trim()) body.until = f['i-until'].value.trim();
          try {
            const b = await api('POST', '/v1/bans', body);
            ctx.toast(t('bans.imposed', { id: b.id }));
            ctx.go(`#/bans/${encodeURIComponent(b.id)}`);
          } catch (x) {
            fill(err, x.field ? `${x.field}: ${x.message}` : x.message);
          }
        },
      },
      h('h2', {}, t('bans.impose')),
      h(
        'div',
        { class: 'grid' },
        input('i-person', t('bans.col.person'), { required: true }),
        h('div', { class: 'field' }, h('label', { for: 'i-ground' }, t('field.ground')), h('select', { id: 'i-ground', name: 'i-ground' }, GROUNDS.map((g) => h('option', { value: g }, tv('ground', g))))),
        input('i-authority', t('bans.authority'), { required: true }),
        h('div', { class: 'field' }, h('label', { for: 'i-basis-kind' }, t('bans.basis')), h('select', { id: 'i-basis-kind', name: 'i-basis-kind' }, ['court_decision', 'document_reference'].map((k) => h('option', { value: k }, tv('basis', k))))),
        input('i-basis-ref', t('bans.basis_reference'), { required: true }),
        input('i-from', t('bans.imposed_at'), { value: today }),
        input('i-until', t('bans.until_field')),
      ),
      h('button', { type: 'submit', class: 'danger', id: 'impose' }, t('bans.impose')),
      err,
    );
    fill(detail, form);
    form.elements['i-person'].focus();
  }

  main.append(h('section', { class: 'screen' }, h('h1', {}, t('nav.bans')), search, error, h('div', { class: 'master-detail' }, results, detail)));
  find();
  if (ctx.param) show(ctx.param);
  search.elements['q-name'].focus();
  return null;
}

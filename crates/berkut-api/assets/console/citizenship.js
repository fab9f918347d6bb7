// Citizenship applications (role citizenship_officer): the list with a
// status filter, a form to submit an application (screened at once by the
// server), the detail with the screening outcome, the history and the final
// decision. Every outcome is the API's; errors are shown as it gives them.

import { api, withQuery } from './api.js';
import { t, tv } from './i18n.js';
import { fill, h, nameEl, when } from './dom.js';

const STATUSES = ['', 'eligible', 'review', 'refused', 'screened', 'decided', 'granted'];
const KINDS = ['naturalisation', 'restoration', 'kandas'];
let filter = '';

function statusPill(a) {
  return h('span', { class: `pill ca-${a.status}`, 'data-status': a.status }, tv('ca_status', a.status));
}

function field(id, label, input) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

function text(id, name, extra = {}) {
  return h('input', { id, name, type: 'text', autocomplete: 'off', spellcheck: 'false', ...extra });
}

export function render(main, ctx) {
  const canSubmit = ctx.can('POST', '/v1/citizenship/applications');
  const canDecide = ctx.can('POST', '/v1/citizenship/applications/{id}/decision');
  const list = h('div', { id: 'ca-list' }, h('p', { class: 'muted' }, t('app.loading')));
  const detail = h('div', { id: 'ca-detail' });
  const listError = h('p', { class: 'error', role: 'alert' });

  const chips = STATUSES.map((s) =>
    h(
      'button',
      {
        type: 'button',
        class: s === filter ? 'chip active' : 'chip',
        'data-status': s || 'all',
        'aria-pressed': s === filter ? 'true' : 'false',
        onclick: () => {
          filter = s;
          chips.forEach((c) => {
            const on = (c.dataset.status === 'all' ? '' : c.dataset.status) === s;
            c.className = on ? 'chip active' : 'chip';
            c.setAttribute('aria-pressed', on ? 'true' : 'false');
          });
          load();
        },
      },
      s ? tv('ca_status', s) : t('citizenship.all'),
    ),
  );

  async function load() {
    fill(listError);
    try {
      const body = await api('GET', withQuery('/v1/citizenship/applications', { status: filter }));
      const items = body.applications || [];
      if (!items.length) {
        fill(list, h('p', { class: 'muted' }, t('records.none')));
        return;
      }
      fill(
        list,
        h(
          'table',
          { class: 'table', id: 'ca-table' },
          h(
            'thead',
            {},
            h('tr', {}, [t('citizenship.applicant'), t('citizenship.kind'), t('citizenship.status'), t('citizenship.submitted')].map((c) => h('th', { scope: 'col' }, c))),
          ),
          h(
            'tbody',
            {},
            items.map((a) =>
              h(
                'tr',
                { 'data-application': a.id },
                h(
                  'td',
                  {},
                  h('button', { type: 'button', class: 'link', onclick: () => ctx.go(`#/citizenship/${encodeURIComponent(a.id)}`) }, nameEl((a.applicant.names || [])[0] || a.id)),
                  h('div', { class: 'muted small mono' }, a.id),
                ),
                h('td', {}, tv('ca_kind', a.kind)),
                h('td', {}, statusPill(a), ' ', a.state === 'decided' ? h('span', { class: 'pill' }, tv('ca_decision', a.decision)) : null),
                h('td', {}, when(a.submitted_at)),
              ),
            ),
          ),
        ),
      );
    } catch (e) {
      fill(list);
      fill(listError, e.message);
    }
  }

  function showApplication(a) {
    const outcome = h(
      'section',
      { class: `card outcome ca-outcome-${a.status}`, id: 'ca-outcome', 'data-status': a.status, tabindex: '-1' },
      h('h2', {}, t('citizenship.outcome'), ': ', statusPill(a)),
      a.status === 'refused'
        ? h(
            'p',
            { id: 'ca-refusal', class: 'hot' },
            t('citizenship.refused_because', { ground: tv('ground', a.ground), ban: a.ban || '—' }),
          )
        : null,
      a.status === 'review' ? h('p', { id: 'ca-review' }, t('citizenship.needs_review')) : null,
      a.status === 'eligible' ? h('p', {}, t('citizenship.no_bar')) : null,
      (a.matched_entries || []).length
        ? h('div', {}, t('citizenship.matched'), ': ', h('span', { class: 'mono' }, a.matched_entries.join(', ')))
        : null,
      a.eligibility && typeof a.eligibility.score === 'number'
        ? h('div', { class: 'muted' }, t('screening.score'), ' ', Math.round(a.eligibility.score * 100), '%')
        : null,
    );
    const ap = a.applicant || {};
    const facts = [
      [t('citizenship.kind'), tv('ca_kind', a.kind)],
      [t('field.birth_date'), ap.birth_date],
      [t('field.nationality'), ap.nationality],
      [t('field.sex'), ap.sex ? tv('sex', ap.sex) : null],
      [t('field.iin'), ap.iin],
      [t('field.document'), (ap.documents || []).join(', ')],
      [t('citizenship.state'), tv('ca_state', a.state)],
      [t('citizenship.submitted'), when(a.submitted_at)],
    ].filter(([, v]) => v);
    const decided =
      a.state === 'decided'
        ? h(
            'section',
            { class: 'card', id: 'ca-decided', 'data-decision': a.decision },
            h('h2', {}, t('citizenship.decision'), ': ', tv('ca_decision', a.decision)),
            h('p', { class: 'note' }, a.reason || ''),
            h('p', { class: 'muted small' }, [a.decided_by, when(a.decided_at)].filter(Boolean).join(' · ')),
          )
        : null;
    fill(
      detail,
      h(
        'article',
        { 'data-application': a.id },
        h('section', { class: 'card' }, h('h2', {}, h('ul', { class: 'namelist' }, (ap.names || []).map((n) => h('li', {}, nameEl(n))))), h('p', { class: 'muted small mono' }, a.id), h('dl', { class: 'kv' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
        outcome,
        decided,
        a.state !== 'decided' && canDecide ? decisionForm(a) : null,
        (a.history || []).length
          ? h(
              'section',
              { class: 'card' },
              h('h2', {}, t('citizenship.history')),
              h(
                'ol',
                { class: 'history', id: 'ca-history' },
                a.history.map((s) => h('li', { 'data-state': s.state }, h('strong', {}, tv('ca_state', s.state)), ' — ', s.summary, h('span', { class: 'muted small' }, ` (${s.actor}, ${when(s.recorded_at)})`))),
              ),
            )
          : null,
      ),
    );
  }

  function decisionForm(a) {
    const err = h('p', { class: 'error', role: 'alert', id: 'ca-decision-error' });
    const reason = h('textarea', { id: 'ca-reason', name: 'reason', rows: 3 });
    // no default: the officer chooses (an empty choice is the API's to refuse)
    const choice = (v) =>
      h('label', { class: 'check' }, h('input', { type: 'radio', name: 'decision', value: v, id: `ca-decision-${v}` }), tv('ca_decision', v));
    const form = h(
      'form',
      {
        class: 'card',
        id: 'ca-decision-form',
        onsubmit: async (e) => {
          e.preventDefault();
          fill(err);
          const btn = form.querySelector('button[type=submit]');
          btn.disabled = true;
          try {
            const r = await api('POST', `/v1/citizenship/applications/${encodeURIComponent(a.id)}/decision`, {
              decision: form.elements.decision.value,
              reason: reason.value,
            });
            ctx.toast(t('citizenship.decided_toast', { id: r.id }));
            await open(a.id);
            load();
          } catch (x) {
            fill(err, x.message);
            if (x.field === 'reason') reason.focus();
          } finally {
            btn.disabled = false;
          }
        },
      },
      h('h2', {}, t('citizenship.decide')),
      h('fieldset', {}, h('legend', {}, t('citizenship.decision')), choice('granted'), ' ', choice('refused')),
      h('label', { for: 'ca-reason' }, t('citizenship.reason')),
      reason,
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary', id: 'ca-decide' }, t('citizenship.record_decision'))),
      err,
    );
    return form;
  }

  async function open(id) {
    try {
      showApplication(await api('GET', `/v1/citizenship/applications/${encodeURIComponent(id)}`));
    } catch (e) {
      fill(detail, h('p', { class: 'error', role: 'alert' }, e.message));
    }
  }

  function submitForm() {
    const err = h('p', { class: 'error', role: 'alert', id: 'ca-form-error' });
    const kind = h('select', { id: 'ca-kind', name: 'kind' }, KINDS.map((k) => h('option', { value: k }, tv('ca_kind', k))));
    const form = h(
      'form',
      {
        class: 'card',
        id: 'ca-form',
        autocomplete: 'off',
        onsubmit: async (e) => {
          e.preventDefault();
          fill(err);
          const v = (n) => form.elements[n].value.trim();
          const req = {
            kind: v('kind'),
            names: v('names')
              .split(/[;\n]/)
              .map((s) => s.trim())
              .filter(Boolean),
          };
          for (const k of ['birth_date', 'nationality', 'iin']) if (v(k)) req[k] = v(k);
          const btn = form.querySelector('button[type=submit]');
          btn.disabled = true;
          try {
            const a = await api('POST', '/v1/citizenship/applications', req);
            form.reset();
            load();
            ctx.go(`#/citizenship/${encodeURIComponent(a.id)}`);
          } catch (x) {
            fill(err, x.field ? `${x.field}: ${x.message}` : x.message);
            const f = x.field && form.elements[x.field];
            if (f && f.focus) f.focus();
          } finally {
            btn.disabled = false;
          }
        },
      },
      h('h2', {}, t('citizenship.new')),
      h(
        'div',
        { class: 'grid' },
        field('ca-names', t('field.names'), text('ca-names', 'names', { required: true })),
        field('ca-birth_date', t('field.birth_date'), text('ca-birth_date', 'birth_date', { placeholder: 'YYYY-MM-DD' })),
        field('ca-nationality', t('field.nationality'), text('ca-nationality', 'nationality', { placeholder: 'KAZ' })),
        field('ca-iin', t('field.iin'), text('ca-iin', 'iin', { inputmode: 'numeric' })),
        field('ca-kind', t('citizenship.kind'), kind),
      ),
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary', id: 'ca-submit' }, t('citizenship.submit'))),
      err,
    );
    return form;
  }

  main.append(
    h(
      'section',
      { class: 'screen' },
      h('div', { class: 'toolbar' }, h('h1', {}, t('nav.citizenship')), h('div', { class: 'filters', id: 'ca-filters', role: 'group', 'aria-label': t('citizenship.status') }, chips)),
      h('div', { class: 'master-detail' }, h('div', {}, canSubmit ? submitForm() : null, listError, list), detail),
    ),
  );
  load();
  if (ctx.param) open(ctx.param);
  return null;
}

// Entries and overstays (role migration_police): the stays a CLEAR entry
// screening opened and an exit screening closed, filtered by status; the
// detail with the authorised-stay rule, the last lawful day and the days
// over; "check overstays now"; and the ban proposal for an overstay, with
// its confirmation or rejection. Outcomes and errors are the API's.

import { api, withQuery } from './api.js';
import { t, tv } from './i18n.js';
import { fill, h, nameEl } from './dom.js';

const STATUSES = ['', 'open', 'closed', 'overstay'];
const PROPOSALS_KEY = 'berkut.proposals';
let filter = '';

/** Proposals opened from this tab, by stay (the API lists none by stay). */
function proposals() {
  try {
    return JSON.parse(sessionStorage.getItem(PROPOSALS_KEY) || '{}');
  } catch {
    return {};
  }
}
function rememberProposal(stayId, proposalId) {
  const p = proposals();
  p[stayId] = proposalId;
  sessionStorage.setItem(PROPOSALS_KEY, JSON.stringify(p));
}

function statusPill(s) {
  const over = s.days_over > 0;
  return [
    h('span', { class: `pill stay-${s.status}`, 'data-status': s.status }, tv('stay_status', s.status)),
    over ? h('span', { class: 'pill ground', 'data-over': s.days_over }, t('stays.days_over_n', { n: s.days_over })) : null,
  ];
}

export function render(main, ctx) {
  const canCheck = ctx.can('POST', '/v1/overstays:check');
  const canPropose = ctx.can('POST', '/v1/stays/{id}/ban-proposal');
  const canDecide = ctx.can('POST', '/v1/ban-proposals/{id}/confirm');
  const list = h('div', { id: 'stay-list' }, h('p', { class: 'muted' }, t('app.loading')));
  const detail = h('div', { id: 'stay-detail' });
  const listError = h('p', { class: 'error', role: 'alert' });
  const checkOut = h('div', { id: 'overstay-check', role: 'status' });

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
      s ? tv('stay_filter', s) : t('stays.all'),
    ),
  );

  async function load() {
    fill(listError);
    try {
      const body = await api('GET', withQuery('/v1/stays', { status: filter }));
      const items = body.stays || [];
      if (!items.length) {
        fill(list, h('p', { class: 'muted' }, t('records.none')));
        return;
      }
      const cols = [t('stays.person'), t('stays.entry_on'), t('stays.allowed_until'), t('stays.status')];
      fill(
        list,
        h(
          'table',
          { class: 'table', id: 'stay-table' },
          h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            items.map((s) =>
              h(
                'tr',
                { 'data-stay': s.id, 'data-status': s.status },
                h(
                  'td',
                  {},
                  h('button', { type: 'button', class: 'link', onclick: () => ctx.go(`#/stays/${encodeURIComponent(s.id)}`) }, nameEl((s.names || [])[0] || s.id)),
                  h('div', { class: 'muted small' }, [s.document, s.nationality].filter(Boolean).join(' · ')),
                ),
                h('td', { class: 'date' }, s.entry_on),
                h('td', { class: 'date' }, s.allowed_until || '—'),
                h('td', {}, statusPill(s), s.exit_on ? h('div', { class: 'muted small' }, t('stays.exit_on'), ' ', s.exit_on) : null),
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

  async function checkNow(btn) {
    btn.disabled = true;
    fill(checkOut);
    try {
      const r = await api('POST', '/v1/overstays:check');
      fill(
        checkOut,
        h(
          'p',
          { class: r.overstays ? 'warning' : 'ok', 'data-overstays': r.overstays, 'data-alerts': r.alert_ids.length },
          t('stays.checked', { on: r.on, checked: r.checked, overstays: r.overstays, alerts: r.alert_ids.length }),
        ),
      );
      load();
      if (ctx.param && !ctx.param.startsWith('BP-')) open(ctx.param);
    } catch (e) {
      fill(checkOut, h('p', { class: 'error', role: 'alert' }, e.message));
    } finally {
      btn.disabled = false;
    }
  }

  function showStay(s) {
    const facts = [
      [t('stays.status'), statusPill(s)],
      [t('stays.entry_on'), s.entry_on],
      [t('stays.crossing_point'), s.crossing_point],
      [t('stays.exit_on'), s.exit_on],
      [t('stays.rule'), s.rule ? tv('stay_rule', s.rule) : null],
      [t('stays.allowed_until'), s.allowed_until],
      [t('stays.days_over'), String(s.days_over)],
      [t('field.nationality'), s.nationality],
      [t('field.document'), s.document],
      [t('stays.overstay_alert'), s.overstay_alert_id],
      [t('stays.entry_screening'), s.entry_screening_id],
      [t('stays.exit_screening'), s.exit_screening_id],
    ].filter(([, v]) => v !== null && v !== undefined && v !== '');
    const proposalBox = h('div', { id: 'proposal-box' });
    const known = proposals()[s.id];
    fill(
      detail,
      h(
        'article',
        { 'data-stay': s.id, 'data-status': s.status },
        h(
          'section',
          { class: 'card' },
          h('h2', {}, h('ul', { class: 'namelist' }, (s.names || []).map((n) => h('li', {}, nameEl(n))))),
          h('p', { class: 'muted small mono' }, s.id),
          h('dl', { class: 'kv', id: 'stay-facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
        ),
        canPropose && s.days_over > 0 && !known ? proposeForm(s, proposalBox) : null,
        proposalBox,
      ),
    );
    if (known) openProposal(known, proposalBox);
  }

  function proposeForm(s, box) {
    const err = h('p', { class: 'error', role: 'alert' });
    const basis = h('textarea', { id: 'proposal-basis', rows: 2 });
    const form = h(
      'form',
      {
        class: 'card',
        id: 'propose-form',
        onsubmit: async (e) => {
          e.preventDefault();
          fill(err);
          try {
            const p = await api('POST', `/v1/stays/${encodeURIComponent(s.id)}/ban-proposal`, basis.value.trim() ? { basis: basis.value.trim() } : {});
            rememberProposal(s.id, p.id);
            form.remove();
            showProposal(p, box);
          } catch (x) {
            fill(err, x.message);
          }
        },
      },
      h('h2', {}, t('stays.propose_ban')),
      h('p', { class: 'muted' }, t('stays.propose_help')),
      h('label', { for: 'proposal-basis' }, t('stays.basis')),
      basis,
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'danger', id: 'propose' }, t('stays.propose_ban'))),
      err,
    );
    return form;
  }

  async function openProposal(id, box) {
    try {
      showProposal(await api('GET', `/v1/ban-proposals/${encodeURIComponent(id)}`), box);
    } catch (e) {
      fill(box, h('p', { class: 'error', role: 'alert' }, e.message));
    }
  }

  function showProposal(p, box, ban) {
    const err = h('p', { class: 'error', role: 'alert', id: 'proposal-error' });
    const authority = h('input', { id: 'pc-authority', type: 'text', autocomplete: 'off' });
    const ref = h('input', { id: 'pc-basis_reference', type: 'text', autocomplete: 'off' });
    const until = h('input', { id: 'pc-until', type: 'text', autocomplete: 'off', placeholder: 'YYYY-MM-DD' });
    const reason = h('textarea', { id: 'pr-reason', rows: 2 });
    const decide = async (btn, path, body) => {
      fill(err);
      btn.disabled = true;
      try {
        const r = await api('POST', path, body);
        if (r.proposal) showProposal(r.proposal, box, r.ban);
        else showProposal(r, box);
        load();
      } catch (x) {
        fill(err, x.message);
        btn.disabled = false;
      }
    };
    const open = p.status === 'open' && canDecide;
    const confirmBtn = h('button', { type: 'submit', class: 'danger', id: 'proposal-confirm' }, t('stays.confirm'));
    const rejectBtn = h('button', { type: 'button', id: 'proposal-reject' }, t('stays.reject'));
    rejectBtn.addEventListener('click', () => decide(rejectBtn, `/v1/ban-proposals/${encodeURIComponent(p.id)}/reject`, { reason: reason.value }));
    const facts = [
      [t('stays.proposal_status'), h('span', { class: `pill proposal-${p.status}`, id: 'proposal-status', 'data-status': p.status }, tv('proposal_status', p.status))],
      [t('stays.ground'), tv('ground', p.ground)],
      [t('stays.basis'), p.basis],
      [t('stays.ban'), ban ? ban.id : p.ban_id],
      [t('stays.reject_reason'), p.reason],
      [t('stays.decided_by'), p.decided_by],
    ].filter(([, v]) => v);
    fill(
      box,
      h(
        'section',
        { class: 'card', 'data-proposal': p.id },
        h('h2', {}, t('stays.proposal'), ' ', h('span', { class: 'mono small' }, p.id)),
        h('dl', { class: 'kv' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', { 'data-ban': k === t('stays.ban') ? v : null }, v)])),
        open
          ? h(
              'form',
              {
                id: 'proposal-confirm-form',
                onsubmit: (e) => {
                  e.preventDefault();
                  const body = { authority: authority.value.trim(), basis_reference: ref.value.trim() };
                  if (until.value.trim()) body.until = until.value.trim();
                  decide(confirmBtn, `/v1/ban-proposals/${encodeURIComponent(p.id)}/confirm`, body);
                },
              },
              h('h3', {}, t('stays.confirm')),
              h(
                'div',
                { class: 'grid' },
                h('div', { class: 'field' }, h('label', { for: 'pc-authority' }, t('bans.authority')), authority),
                h('div', { class: 'field' }, h('label', { for: 'pc-basis_reference' }, t('stays.basis_reference')), ref),
                h('div', { class: 'field' }, h('label', { for: 'pc-until' }, t('stays.until')), until),
              ),
              h('div', { class: 'row' }, confirmBtn),
              h('h3', {}, t('stays.reject')),
              h('label', { for: 'pr-reason' }, t('stays.reject_reason')),
              reason,
              h('div', { class: 'row' }, rejectBtn),
            )
          : null,
        err,
      ),
    );
  }

  async function open(id) {
    try {
      showStay(await api('GET', `/v1/stays/${encodeURIComponent(id)}`));
    } catch (e) {
      fill(detail, h('p', { class: 'error', role: 'alert' }, e.message));
    }
  }

  const checkBtn = canCheck ? h('button', { type: 'button', id: 'check-overstays', onclick: (e) => checkNow(e.currentTarget) }, t('stays.check_now')) : null;
  main.append(
    h(
      'section',
      { class: 'screen' },
      h('div', { class: 'toolbar' }, h('h1', {}, t('nav.stays')), h('div', { class: 'filters', id: 'stay-filters', role: 'group', 'aria-label': t('stays.status') }, chips), checkBtn),
      checkOut,
      h('div', { class: 'master-detail' }, h('div', {}, listError, list), detail),
    ),
  );
  load();
  if (ctx.param && ctx.param.startsWith('BP-')) openProposal(ctx.param, detail);
  else if (ctx.param) open(ctx.param);
  return null;
}

// The review queue: each REFER candidate with the traveller's data beside
// the listed record and the evidence; resolve as the same person (the
// screening becomes DENY) or a different person (remembered: the same
// traveller data against the unchanged entry is CLEAR next time).

import { api, withQuery } from './api.js';
import { t, tv } from './i18n.js';
import { fill, h, nameEl, when } from './dom.js';
import { listedBlock } from './screening.js';
import { travellerNames } from './alerts.js';

function age(s) {
  if (s < 120) return t('reviews.age_s', { n: s });
  if (s < 7200) return t('reviews.age_m', { n: Math.round(s / 60) });
  if (s < 172800) return t('reviews.age_h', { n: Math.round(s / 3600) });
  return t('reviews.age_d', { n: Math.round(s / 86400) });
}

function presented(tr) {
  const doc = tr.document;
  return h(
    'div',
    { class: 'presented' },
    h('ul', { class: 'namelist' }, travellerNames(tr).map((n) => h('li', {}, nameEl(n)))),
    tr.birth_date ? h('div', {}, t('field.birth_date'), ': ', tr.birth_date) : null,
    tr.nationality ? h('div', {}, t('field.nationality'), ': ', tr.nationality) : null,
    tr.sex ? h('div', {}, t('field.sex'), ': ', tv('sex', tr.sex)) : null,
    doc ? h('div', {}, t('field.document'), ': ', [doc.number, doc.country, doc.expiry].filter(Boolean).join(' · ')) : null,
    tr.mrz ? h('pre', { class: 'mrz' }, tr.mrz.join('\n')) : null,
  );
}

export function render(main, ctx) {
  let status = 'open';
  const list = h('div', { class: 'review-list', id: 'review-list', role: 'list' });
  const detail = h('div', { class: 'review-detail', id: 'review-detail' });
  const error = h('p', { class: 'error', role: 'alert' });
  const tabs = ['open', 'resolved'].map((s) =>
    h(
      'button',
      {
        type: 'button',
        class: s === status ? 'chip active' : 'chip',
        'data-filter': s,
        onclick: () => {
          status = s;
          tabs.forEach((b) => (b.className = b.dataset.filter === s ? 'chip active' : 'chip'));
          load();
        },
      },
      tv('review_status', s),
    ),
  );

  function show(r) {
    const canResolve = ctx.can('POST', '/v1/reviews/{id}/resolve') && r.status === 'open';
    const note = h('textarea', { id: 'review-note', rows: 2 });
    const err = h('p', { class: 'error', role: 'alert' });
    const outcome = h('div', { id: 'review-outcome' });
    const resolve = async (o) => {
      fill(err);
      try {
        const res = await api('POST', `/v1/reviews/${encodeURIComponent(r.id)}/resolve`, { outcome: o, note: note.value });
        fill(
          outcome,
          h(
            'p',
            { class: `decision-inline decision-${res.screening_decision}` },
            t('reviews.resolved_as', { outcome: tv('outcome', o), decision: tv('decision', res.screening_decision) }),
            res.alert ? ` — ${t('reviews.alert_raised', { id: res.alert.id })}` : '',
          ),
        );
        ctx.toast(t('reviews.resolved'));
        await load(false);
      } catch (e) {
        fill(err, e.message);
      }
    };
    const c = r.crossing || {};
    fill(
      detail,
      h(
        'article',
        { class: 'card', 'data-review': r.id },
        h(
          'header',
          {},
          h('h2', {}, r.id),
          h('span', { class: 'pill' }, tv('band', r.band)),
          h('span', { class: 'pill' }, t('screening.score'), ' ', Math.round(r.score * 100), '%'),
          r.ground ? h('span', { class: 'pill ground' }, tv('ground', r.ground)) : null,
          r.bars_entry ? h('span', { class: 'pill bars' }, t('screening.bars_entry')) : null,
        ),
        h('p', { class: 'muted' }, t('reviews.opened', { at: when(r.opened_at), user: r.screened_by, point: c.crossing_point || '—' })),
        h(
          'div',
          { class: 'side-by-side' },
          h('div', {}, h('h3', {}, t('screening.traveller')), presented(r.traveller || {})),
          h('div', {}, h('h3', {}, t('screening.listed'), ' ', h('span', { class: 'muted' }, r.entry_id)), listedBlock(r.entry_id, ctx)),
        ),
        h('h3', {}, t('reviews.evidence')),
        h('ul', { class: 'reasons', id: 'evidence' }, r.evidence.map((x) => h('li', {}, x))),
        r.outcome ? h('p', { class: 'note' }, t('reviews.outcome_was', { outcome: tv('outcome', r.outcome), user: r.resolved_by || '', note: r.note || '' })) : null,
        canResolve
          ? h(
              'div',
              { class: 'actions' },
              h('label', { for: 'review-note' }, t('reviews.note')),
              note,
              h('button', { type: 'button', class: 'danger', id: 'same-person', onclick: () => resolve('same_person') }, t('reviews.same')),
              h('button', { type: 'button', class: 'primary', id: 'different-person', onclick: () => resolve('different_person') }, t('reviews.different')),
            )
          : null,
        err,
        outcome,
      ),
    );
  }

  async function open(id) {
    fill(error);
    try {
      show(await api('GET', `/v1/reviews/${encodeURIComponent(id)}`));
    } catch (e) {
      fill(error, e.message);
    }
  }

  async function load(clearDetail = true) {
    fill(error);
    try {
      const r = await api('GET', withQuery('/v1/reviews', { status }));
      fill(
        list,
        r.reviews.length
          ? r.reviews.map((x) =>
              h(
                'button',
                { type: 'button', class: 'row-item', role: 'listitem', 'data-review': x.id, onclick: () => ctx.go(`#/reviews/${encodeURIComponent(x.id)}`) },
                h('strong', {}, x.id),
                ' ',
                travellerNames(x.traveller || {}).map((n) => [nameEl(n), ' ']),
                h('span', { class: 'muted' }, ` · ${tv('band', x.band)} · ${age(x.age_seconds)}`),
              ),
            )
          : h('p', { class: 'muted' }, t('reviews.none')),
      );
      if (clearDetail && !ctx.param) fill(detail, h('p', { class: 'muted' }, t('reviews.pick')));
    } catch (e) {
      fill(error, e.message);
    }
  }

  main.append(
    h(
      'section',
      { class: 'screen' },
      h('div', { class: 'toolbar' }, h('h1', {}, t('nav.reviews')), h('div', { class: 'filters' }, tabs)),
      error,
      h('div', { class: 'master-detail' }, list, detail),
    ),
  );
  load();
  if (ctx.param) open(ctx.param);
  return null;
}

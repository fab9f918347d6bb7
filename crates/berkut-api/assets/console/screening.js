// Screening: scan or type, see CLEAR / REFER / DENY at once with the
// reasons, the matched entries beside the traveller's names, the document
// checks, and what to do next. Built for the keyboard: Enter screens,
// Esc starts the next traveller, Alt+M / Alt+N jump to the MRZ / names.

import { api } from './api.js';
import { t, tv } from './i18n.js';
import { fill, h, nameEl } from './dom.js';
import { mrzLines, mrzName, mrzShape } from './mrz.js';

const POINT_KEY = 'berkut.crossing_point';
const cache = new Map();

function birthText(b) {
  if (typeof b === 'string') return b;
  if (!b) return '';
  if (b.type === 'range') return `${b.from}–${b.to}`;
  return b.type === 'approximate' ? `~${b.date}` : b.date;
}

/**
 * The listed record behind a match's entry id, as the API has it: a person
 * registered in Berkut (`registry:W-1`) or an imported list entry. Null
 * when the caller may not read it.
 */
export async function listedRecord(entryId, ctx) {
  if (cache.has(entryId)) return cache.get(entryId);
  let rec = null;
  if (entryId.startsWith('registry:')) {
    if (!ctx.can('GET', '/v1/persons/{id}')) return null;
    const p = await api('GET', `/v1/persons/${encodeURIComponent(entryId.slice(9))}`);
    rec = {
      names: p.names.map((n) => ({ full: n.full, script: n.script, kind: n.kind })),
      birth_dates: p.birth_dates || [],
      nationalities: p.nationalities || [],
      documents: (p.documents || []).map((d) => [d.number, d.issuing_state].filter(Boolean).join(' · ')),
    };
  } else {
    if (!ctx.can('GET', '/v1/entries/{id}')) return null;
    const e = await api('GET', `/v1/entries/${encodeURIComponent(entryId)}`);
    const x = e.entry || {};
    rec = {
      names: (x.names || []).map((n) => ({ full: n.name.full, script: n.name.script, kind: n.name.kind })),
      birth_dates: (x.birth_dates || []).map(birthText),
      nationalities: x.nationalities || [],
      documents: (x.documents || []).map((d) => [d.number, d.country].filter(Boolean).join(' · ')),
      programs: x.programs || [],
      status: e.status,
    };
  }
  cache.set(entryId, rec);
  return rec;
}

/** The listed side of a comparison: names in their own script, then the rest. */
export function listedBlock(entryId, ctx) {
  const box = h('div', { class: 'listed', 'data-entry': entryId }, h('p', { class: 'muted' }, t('app.loading')));
  listedRecord(entryId, ctx)
    .then((rec) => {
      if (!rec) {
        fill(box, h('p', { class: 'muted' }, t('screening.no_access')));
        return;
      }
      fill(
        box,
        h(
          'ul',
          { class: 'namelist' },
          rec.names.map((n) =>
            h('li', {}, nameEl(n.full, n.script), ' ', h('span', { class: 'script' }, tv('script', n.script)), n.kind && n.kind !== 'primary' ? h('span', { class: 'muted' }, ` (${tv('name_kind', n.kind)})`) : null),
          ),
        ),
        rec.birth_dates.length ? h('div', {}, t('field.birth_date'), ': ', rec.birth_dates.join(', ')) : null,
        rec.nationalities.length ? h('div', {}, t('field.nationality'), ': ', rec.nationalities.join(', ')) : null,
        rec.documents.length ? h('div', {}, t('field.document'), ': ', rec.documents.join('; ')) : null,
      );
    })
    .catch((e) => fill(box, h('p', { class: 'error' }, e.message)));
  return box;
}

// What survives a redraw (a change of language) within this tab.
const saved = { values: null, result: null, travellerNames: [], sent: {} };

const FIELDS = [
  ['names', 'text'],
  ['birth_date', 'text'],
  ['nationality', 'text'],
  ['sex', 'select'],
  ['doc_number', 'text'],
  ['doc_country', 'text'],
  ['doc_expiry', 'text'],
];

function field(name, kind, extra = {}) {
  const id = `f-${name}`;
  const input =
    kind === 'select'
      ? h('select', { id, name }, h('option', { value: '' }, '—'), ['M', 'F', 'X'].map((s) => h('option', { value: s }, tv('sex', s))))
      : h('input', { id, name, type: 'text', autocomplete: 'off', spellcheck: 'false', ...extra });
  return h('div', { class: 'field' }, h('label', { for: id }, t(`field.${name}`)), input);
}

function buildRequest(form, mrz) {
  const v = (n) => (form.elements[n] ? form.elements[n].value.trim() : '');
  const req = {};
  const names = v('names')
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length) req.names = names;
  if (mrz.length) req.mrz = mrz;
  for (const k of ['birth_date', 'nationality', 'sex']) if (v(k)) req[k] = v(k);
  if (v('doc_number')) {
    req.document = { number: v('doc_number') };
    if (v('doc_country')) req.document.country = v('doc_country');
    if (v('doc_expiry')) req.document.expiry = v('doc_expiry');
  }
  if (v('crossing_point')) req.crossing_point = v('crossing_point');
  req.direction = v('direction') || 'entry';
  req.purpose = v('purpose') || 'border';
  return req;
}

function resultView(r, travellerNames, ctx, sent = {}) {
  const decision = r.decision;
  const banner = h(
    'section',
    {
      class: `decision decision-${decision}`,
      id: 'decision',
      tabindex: '-1',
      role: 'status',
      'aria-live': 'assertive',
      'data-decision': decision,
    },
    h('div', { class: 'verdict' }, tv('decision', decision)),
    h('div', { class: 'sub' }, t(`screening.meaning.${decision === 'DENY' ? 'deny' : decision === 'REFER' ? 'refer' : 'clear'}`)),
    sent.direction
      ? h('div', { class: 'crossing', id: 'decision-crossing', 'data-direction': sent.direction, 'data-purpose': sent.purpose }, tv('direction', sent.direction), ' · ', tv('purpose', sent.purpose))
      : null,
  );
  const parts = [banner];
  if (r.stale) parts.push(h('p', { class: 'warning', role: 'alert' }, t('screening.stale', { seq: r.index_seq })));
  if (r.spooled) parts.push(h('p', { class: 'warning' }, t('screening.spooled')));
  parts.push(
    h('section', { class: 'card' }, h('h2', {}, t('screening.reasons')), h('ul', { class: 'reasons', id: 'reasons' }, (r.reasons || []).map((x) => h('li', {}, x)))),
  );
  if ((r.warnings || []).length) {
    parts.push(h('section', { class: 'card warn' }, h('h2', {}, t('screening.warnings')), h('ul', { id: 'warnings' }, r.warnings.map((x) => h('li', {}, x)))));
  }
  if ((r.document_checks || []).length) {
    parts.push(
      h(
        'section',
        { class: 'card' },
        h('h2', {}, t('screening.document_checks')),
        h(
          'ul',
          { class: 'checks', id: 'document-checks' },
          r.document_checks.map((c) =>
            h('li', { class: c.ok ? 'ok' : 'fail' }, h('span', { class: 'mark', 'aria-hidden': 'true' }, c.ok ? '✔' : '✖'), h('strong', {}, tv('check', c.check)), ' — ', c.ok ? t('screening.check_ok') : t('screening.check_failed'), ': ', c.detail),
          ),
        ),
      ),
    );
  }
  if ((r.matches || []).length) {
    parts.push(
      h(
        'section',
        { class: 'card', id: 'matches' },
        h('h2', {}, t('screening.matches')),
        r.matches.map((m) =>
          h(
            'article',
            { class: `match${m.deny ? ' deny' : ''}`, 'data-entry': m.entry_id },
            h(
              'header',
              {},
              h('strong', {}, m.entry_id),
              h('span', { class: 'pill' }, tv('band', m.band)),
              h('span', { class: 'pill' }, t('screening.score'), ' ', Math.round(m.score * 100), '%'),
              h('span', { class: 'muted' }, t('screening.source'), ': ', m.source),
              m.ground ? h('span', { class: 'pill ground' }, tv('ground', m.ground)) : null,
              m.bars_entry ? h('span', { class: 'pill bars' }, t('screening.bars_entry')) : null,
            ),
            h(
              'div',
              { class: 'side-by-side' },
              h('div', { class: 'presented' }, h('h3', {}, t('screening.traveller')), h('ul', { class: 'namelist' }, travellerNames.map((n) => h('li', {}, nameEl(n))))),
              h('div', {}, h('h3', {}, t('screening.listed')), listedBlock(m.entry_id, ctx)),
            ),
            h('ul', { class: 'reasons' }, (m.reasons || []).map((x) => h('li', {}, x))),
          ),
        ),
      ),
    );
  }
  const actions = [
    h('button', { type: 'button', id: 'next', 'data-action': 'next', onclick: () => ctx.newTraveller() }, t('screening.next'), h('kbd', {}, 'Esc')),
  ];
  for (const id of r.review_ids || []) {
    if (ctx.can('GET', '/v1/reviews/{id}')) {
      actions.push(h('button', { type: 'button', 'data-action': 'review', onclick: () => ctx.go(`#/reviews/${encodeURIComponent(id)}`) }, t('screening.open_review', { id })));
    }
  }
  for (const id of r.alert_ids || []) {
    if (ctx.can('GET', '/v1/alerts')) {
      actions.push(h('button', { type: 'button', 'data-action': 'alert', onclick: () => ctx.go('#/alerts') }, t('screening.open_alert', { id })));
    }
  }
  if ((r.review_ids || []).length && !ctx.can('GET', '/v1/reviews/{id}')) {
    actions.push(h('p', { class: 'muted' }, t('screening.referred', { ids: r.review_ids.join(', ') })));
  }
  if ((r.alert_ids || []).length) {
    actions.push(h('p', { class: 'muted' }, t('screening.alert_raised', { ids: r.alert_ids.join(', ') })));
  }
  parts.push(h('section', { class: 'card actions', id: 'actions' }, h('h2', {}, t('screening.actions')), actions));
  parts.push(h('p', { class: 'muted small' }, t('screening.recorded_as', { id: r.screening_id, seq: r.index_seq })));
  return parts;
}

export function render(main, ctx) {
  const mrz = h('textarea', {
    id: 'mrz',
    rows: 3,
    spellcheck: 'false',
    autocomplete: 'off',
    class: 'mrz',
    wrap: 'off',
    'aria-describedby': 'mrz-state',
  });
  const mrzState = h('p', { id: 'mrz-state', class: 'muted' }, t('screening.mrz_empty'));
  const error = h('div', { id: 'screen-error', class: 'error', role: 'alert' });
  const result = h('div', { id: 'result' });
  const point = h('input', { id: 'f-crossing_point', name: 'crossing_point', type: 'text', autocomplete: 'off' });
  point.value = localStorage.getItem(POINT_KEY) || '';
  // Entry or exit: two radio buttons (arrow keys move between them), Alt+X
  // switches; the choice stays for the next traveller.
  const direction = h(
    'div',
    { class: 'segmented', id: 'f-direction', role: 'radiogroup', 'aria-labelledby': 'direction-label' },
    ['entry', 'exit'].map((d) =>
      h(
        'label',
        { class: `seg seg-${d}`, for: `dir-${d}` },
        h('input', { type: 'radio', name: 'direction', id: `dir-${d}`, value: d, checked: d === 'entry' }),
        tv('direction', d),
      ),
    ),
  );
  const purpose = h(
    'select',
    { id: 'f-purpose', name: 'purpose' },
    ['border', 'citizenship', 'residence'].map((d) => h('option', { value: d }, tv('purpose', d))),
  );
  const submit = h('button', { type: 'submit', class: 'primary big', id: 'screen' }, t('screening.screen'), h('kbd', {}, 'Enter'));
  let busy = false;

  const form = h(
    'form',
    { class: 'card screening-form', id: 'screening-form', autocomplete: 'off', onsubmit: (e) => (e.preventDefault(), screen()) },
    h('div', { class: 'field wide' }, h('label', { for: 'mrz' }, t('screening.mrz'), ' ', h('kbd', {}, 'Alt+M')), mrz, mrzState),
    h('fieldset', {}, h('legend', {}, t('screening.manual'), ' ', h('kbd', {}, 'Alt+N')), h('div', { class: 'grid' }, FIELDS.map(([n, k]) => field(n, k)))),
    h(
      'fieldset',
      {},
      h('legend', {}, t('screening.crossing')),
      h(
        'div',
        { class: 'grid' },
        h('div', { class: 'field' }, h('label', { for: 'f-crossing_point' }, t('field.crossing_point')), point),
        h('div', { class: 'field' }, h('span', { class: 'field-label', id: 'direction-label' }, t('field.direction'), ' ', h('kbd', {}, 'Alt+X')), direction),
        h('div', { class: 'field' }, h('label', { for: 'f-purpose' }, t('field.purpose')), purpose),
      ),
    ),
    h('div', { class: 'row' }, submit, h('p', { class: 'muted keys' }, t('screening.keys'))),
    error,
  );

  /** The form shows the direction at a glance (an exit lane is tinted). */
  function showDirection() {
    form.dataset.direction = form.elements.direction.value || 'entry';
  }
  direction.addEventListener('change', showDirection);

  function mrzNow() {
    return mrzLines(mrz.value);
  }

  function showMrzState() {
    const lines = mrzNow();
    const shape = mrzShape(lines);
    if (!lines.length) fill(mrzState, t('screening.mrz_empty'));
    else if (shape) fill(mrzState, t('screening.mrz_complete', { kind: shape }), ' — ', mrzName(lines) || '');
    else fill(mrzState, t('screening.mrz_partial', { n: lines.length, len: lines.map((l) => l.length).join('+') }));
    mrzState.className = shape ? 'ok' : 'muted';
  }

  async function screen() {
    if (busy) return;
    const lines = mrzNow();
    const req = buildRequest(form, lines);
    fill(error);
    if (!req.names && !req.mrz) {
      fill(error, t('screening.need_input'));
      mrz.focus();
      return;
    }
    localStorage.setItem(POINT_KEY, point.value.trim());
    busy = true;
    submit.disabled = true;
    try {
      const r = await api('POST', '/v1/screenings', req);
      const names = [...(req.names || [])];
      const fromMrz = mrzName(lines);
      if (fromMrz && !names.includes(fromMrz)) names.push(fromMrz);
      saved.result = r;
      saved.travellerNames = names;
      saved.sent = { direction: req.direction, purpose: req.purpose };
      fill(result, resultView(r, names, ctxHere, saved.sent));
      document.getElementById('decision').focus();
    } catch (e) {
      fill(error, e.field ? `${e.field}: ${e.message}` : e.message);
      const f = e.field && form.elements[e.field === 'mrz' ? 'mrz' : e.field];
      if (f && f.focus) f.focus();
    } finally {
      busy = false;
      submit.disabled = false;
    }
  }

  function newTraveller() {
    for (const [n] of FIELDS) form.elements[n].value = '';
    mrz.value = '';
    saved.result = null;
    saved.values = null;
    fill(result);
    fill(error);
    showMrzState();
    mrz.focus();
  }

  const ctxHere = { ...ctx, newTraveller };

  mrz.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    const lines = mrzNow();
    // A scanner ends each line with Enter: a new line until the MRZ is
    // whole, then Enter screens. Ctrl+Enter always screens.
    if (e.ctrlKey || mrzShape(lines) || lines.length === 0 || lines.length >= 3) {
      e.preventDefault();
      screen();
    }
  });
  mrz.addEventListener('input', showMrzState);
  mrz.addEventListener('paste', () => {
    setTimeout(() => {
      mrz.value = mrzLines(mrz.value).join('\n');
      showMrzState();
    });
  });
  mrz.addEventListener('blur', () => {
    const lines = mrzLines(mrz.value);
    if (lines.join('\n') !== mrz.value) mrz.value = lines.join('\n');
  });
  const keys = (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      newTraveller();
    } else if (e.altKey && (e.code === 'KeyM' || e.key === 'm' || e.key === 'M')) {
      e.preventDefault();
      mrz.focus();
    } else if (e.altKey && (e.code === 'KeyN' || e.key === 'n' || e.key === 'N')) {
      e.preventDefault();
      form.elements.names.focus();
    } else if (e.altKey && (e.code === 'KeyX' || e.key === 'x' || e.key === 'X')) {
      e.preventDefault();
      form.elements.direction.value = form.elements.direction.value === 'exit' ? 'entry' : 'exit';
      showDirection();
    }
  };
  document.addEventListener('keydown', keys);

  main.append(
    h('section', { class: 'screen screening' }, h('h1', { class: 'sr' }, t('nav.screening')), h('div', { class: 'screening-layout' }, form, result)),
  );
  // restore what was on screen before a redraw (language switch)
  if (saved.values) {
    for (const [n, v] of Object.entries(saved.values)) if (form.elements[n]) form.elements[n].value = v;
    mrz.value = saved.values.mrz || '';
  }
  showMrzState();
  if (saved.result) fill(result, resultView(saved.result, saved.travellerNames, ctxHere, saved.sent));
  showDirection();
  mrz.focus();
  return () => {
    document.removeEventListener('keydown', keys);
    const values = { mrz: mrz.value };
    for (const el of form.elements) if (el.name && el.type !== 'radio') values[el.name] = el.value;
    values.direction = form.elements.direction.value;
    saved.values = values;
  };
}

// Alerts: attempts by banned persons, live from GET /v1/alerts/stream.
// The hub lists what exists, then follows the stream from the last seq it
// saw (Last-Event-ID), so every alert that arrives afterwards is new.

import { api, follow } from './api.js';
import { t, tv } from './i18n.js';
import { fill, h, nameEl, when } from './dom.js';
import { mrzName } from './mrz.js';

const SOUND_KEY = 'berkut.sound';
let audio = null;

/** The sound cue, when the officer turned it on. */
export function cue() {
  if (localStorage.getItem(SOUND_KEY) !== 'on') return;
  try {
    audio = audio || new AudioContext();
    const o = audio.createOscillator();
    const g = audio.createGain();
    o.type = 'square';
    o.frequency.value = 880;
    g.gain.value = 0.08;
    o.connect(g).connect(audio.destination);
    o.start();
    o.frequency.setValueAtTime(660, audio.currentTime + 0.18);
    o.stop(audio.currentTime + 0.4);
  } catch {
    // no audio device: the visual cue remains
  }
}

export class AlertHub {
  constructor() {
    this.alerts = new Map();
    this.subs = new Set();
    this.state = 'connecting';
    this.error = null;
    this.abort = new AbortController();
  }

  subscribe(f) {
    this.subs.add(f);
    return () => this.subs.delete(f);
  }

  emit(change) {
    for (const f of this.subs) f(change);
  }

  async start() {
    let last = 0;
    try {
      const r = await api('GET', '/v1/alerts');
      for (const a of r.alerts) {
        this.alerts.set(a.id, a);
        last = Math.max(last, a.seq);
      }
      this.emit({ fresh: false });
    } catch (e) {
      this.error = e;
    }
    follow('/v1/alerts/stream', {
      lastEventId: last,
      signal: this.abort.signal,
      onEvent: (ev) => {
        if (ev.event !== 'alert') return;
        let a;
        try {
          a = JSON.parse(ev.data);
        } catch {
          return;
        }
        const fresh = !this.alerts.has(a.id);
        this.alerts.set(a.id, a);
        this.emit({ alert: a, fresh });
      },
      onState: (s, err) => {
        this.state = s;
        this.error = err || null;
        this.emit({ fresh: false });
      },
    });
  }

  stop() {
    this.abort.abort();
  }

  /** After an acknowledgement or a closing made here. */
  put(a) {
    this.alerts.set(a.id, a);
    this.emit({ alert: a, fresh: false });
  }

  list() {
    return [...this.alerts.values()].sort((a, b) => b.seq - a.seq);
  }

  openCount() {
    let n = 0;
    for (const a of this.alerts.values()) if (a.status === 'open') n++;
    return n;
  }
}

/** The names presented: as typed, and the MRZ's when the document was scanned. */
export function travellerNames(tr) {
  const names = [...(tr.names || [])];
  const fromMrz = tr.mrz ? mrzName(tr.mrz) : null;
  if (fromMrz && !names.includes(fromMrz)) names.push(fromMrz);
  return names;
}

function travellerLines(tr) {
  const doc = tr.document;
  return [
    h('div', { class: 'names' }, travellerNames(tr).map((n) => h('div', {}, nameEl(n)))),
    tr.birth_date ? h('div', {}, t('field.birth_date'), ': ', tr.birth_date) : null,
    tr.nationality ? h('div', {}, t('field.nationality'), ': ', tr.nationality) : null,
    doc ? h('div', {}, t('field.document'), ': ', [doc.number, doc.country].filter(Boolean).join(' · ')) : null,
    tr.mrz ? h('pre', { class: 'mrz small' }, tr.mrz.join('\n')) : null,
  ];
}

function alertCard(a, ctx, hub, freshIds, notes) {
  const manage = ctx.can('POST', '/v1/alerts/{id}/ack');
  const err = h('p', { class: 'error', role: 'alert' });
  const note = h('textarea', {
    id: `note-${a.id}`,
    rows: 2,
    oninput: () => notes.set(a.id, note.value),
  });
  note.value = notes.get(a.id) || '';
  const act = async (path, body) => {
    fill(err);
    try {
      hub.put(await api('POST', path, body));
      notes.delete(a.id);
      ctx.toast(t('alerts.done'));
    } catch (e) {
      fill(err, e.message);
    }
  };
  const c = a.crossing || {};
  return h(
    'article',
    {
      class: `card alert status-${a.status}${freshIds.has(a.id) ? ' new' : ''}`,
      id: `alert-${a.id}`,
      'data-alert': a.id,
      'aria-labelledby': `alert-h-${a.id}`,
    },
    h(
      'header',
      {},
      h('h3', { id: `alert-h-${a.id}` }, a.id),
      h('span', { class: `pill status status-${a.status}` }, tv('alert_status', a.status)),
      h('span', { class: 'muted' }, when(a.raised_at)),
    ),
    h(
      'div',
      { class: 'cols' },
      h('div', {}, h('h4', {}, t('alerts.traveller')), travellerLines(a.traveller || {})),
      h(
        'div',
        {},
        h('h4', {}, t('alerts.where')),
        h('div', {}, t('field.crossing_point'), ': ', c.crossing_point || '—'),
        h('div', {}, t('field.direction'), ': ', tv('direction', c.direction)),
        h('div', {}, t('field.ground'), ': ', tv('ground', a.ground) || '—'),
        h('div', {}, t('alerts.entry'), ': ', a.entry_id),
        a.ban_ids && a.ban_ids.length ? h('div', {}, t('alerts.bans'), ': ', a.ban_ids.join(', ')) : null,
        h('div', {}, t('alerts.screened_by'), ': ', a.screened_by),
      ),
    ),
    a.note ? h('p', { class: 'note' }, t('alerts.note'), ': ', a.note) : null,
    a.acknowledged_by ? h('p', { class: 'muted' }, t('alerts.acknowledged_by', { user: a.acknowledged_by, at: when(a.acknowledged_at) })) : null,
    a.closed_by ? h('p', { class: 'muted' }, t('alerts.closed_by', { user: a.closed_by, at: when(a.closed_at) })) : null,
    manage && a.status !== 'closed'
      ? h(
          'div',
          { class: 'actions' },
          h('label', { for: `note-${a.id}` }, t('alerts.note')),
          note,
          a.status === 'open'
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'primary',
                  'data-action': 'ack',
                  onclick: () => act(`/v1/alerts/${encodeURIComponent(a.id)}/ack`, note.value.trim() ? { note: note.value.trim() } : {}),
                },
                t('alerts.acknowledge'),
              )
            : null,
          h(
            'button',
            {
              type: 'button',
              'data-action': 'close',
              onclick: () => act(`/v1/alerts/${encodeURIComponent(a.id)}/close`, { note: note.value }),
            },
            t('alerts.close'),
          ),
        )
      : null,
    err,
  );
}

export function render(main, ctx) {
  const hub = ctx.hub;
  let filter = localStorage.getItem('berkut.alert_filter') || 'open';
  const freshIds = new Set();
  const notes = new Map();
  const list = h('div', { class: 'alert-list', id: 'alert-list', 'aria-live': 'polite' });
  const status = h('span', { class: 'live', id: 'stream-state' });
  const sound = h('input', {
    type: 'checkbox',
    id: 'sound',
    checked: localStorage.getItem(SOUND_KEY) === 'on',
    onchange: () => {
      localStorage.setItem(SOUND_KEY, sound.checked ? 'on' : 'off');
      if (sound.checked) cue();
    },
  });
  const filters = ['open', 'acknowledged', 'closed', 'all'].map((f) =>
    h(
      'button',
      {
        type: 'button',
        class: f === filter ? 'chip active' : 'chip',
        'aria-pressed': String(f === filter),
        'data-filter': f,
        onclick: () => {
          filter = f;
          localStorage.setItem('berkut.alert_filter', f);
          filters.forEach((b) => {
            const on = b.dataset.filter === f;
            b.className = on ? 'chip active' : 'chip';
            b.setAttribute('aria-pressed', String(on));
          });
          draw();
        },
      },
      f === 'all' ? t('alerts.all') : tv('alert_status', f),
    ),
  );
  function draw() {
    if (!hub) return;
    fill(status, tv('stream', hub.state), hub.error ? ` — ${hub.error.message}` : '');
    status.className = `live state-${hub.state}`;
    const shown = hub.list().filter((a) => filter === 'all' || a.status === filter);
    fill(list, shown.length ? shown.map((a) => alertCard(a, ctx, hub, freshIds, notes)) : h('p', { class: 'muted' }, t('alerts.none')));
  }
  main.append(
    h(
      'section',
      { class: 'screen' },
      h('div', { class: 'toolbar' }, h('h1', {}, t('nav.alerts')), status, h('span', { class: 'spacer' }), h('label', { class: 'check' }, sound, ' ', t('alerts.sound'))),
      h('div', { class: 'filters', role: 'group', 'aria-label': t('alerts.filter') }, filters),
      list,
    ),
  );
  if (!hub) {
    fill(list, h('p', { class: 'error' }, t('alerts.no_stream')));
    return null;
  }
  draw();
  const unsubscribe = hub.subscribe(({ alert, fresh }) => {
    if (fresh && alert) freshIds.add(alert.id);
    // notes being typed survive the redraw (kept in `notes`); focus too
    const focused = document.activeElement && document.activeElement.id;
    draw();
    const again = focused && document.getElementById(focused);
    if (again && main.contains(again)) again.focus();
  });
  return unsubscribe;
}

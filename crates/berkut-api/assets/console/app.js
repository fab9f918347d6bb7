// The officer console: sign-in, navigation by role, language, and the
// screens. Each screen module exports render(main, ctx) and may return a
// function that stops what it started.

import { api, setToken, token, onUnauthorized } from './api.js';
import { LANGUAGES, applyStatic, initLanguage, language, setLanguage, t, tv } from './i18n.js';
import { fill, h } from './dom.js';
import * as screening from './screening.js';
import * as alerts from './alerts.js';
import * as reviews from './reviews.js';
import * as bans from './bans.js';
import * as sources from './sources.js';
import * as dashboard from './dashboard.js';
import * as records from './records.js';
import * as citizenship from './citizenship.js';
import * as stays from './stays.js';

/** Screens in menu order; each shows when the caller may call `needs`. */
const SCREENS = [
  { id: 'screening', label: 'nav.screening', needs: 'POST /v1/screenings', mod: screening },
  { id: 'alerts', label: 'nav.alerts', needs: 'GET /v1/alerts', mod: alerts },
  { id: 'reviews', label: 'nav.reviews', needs: 'GET /v1/reviews', mod: reviews },
  { id: 'bans', label: 'nav.bans', needs: 'GET /v1/bans', mod: bans },
  { id: 'sources', label: 'nav.sources', needs: 'GET /v1/sources', mod: sources },
  { id: 'dashboard', label: 'nav.dashboard', needs: 'GET /v1/stats/screenings', mod: dashboard },
  { id: 'citizenship', label: 'nav.citizenship', needs: 'GET /v1/citizenship/applications', mod: citizenship },
  { id: 'stays', label: 'nav.stays', needs: 'GET /v1/stays', mod: stays },
  // Screens over routes other parts of Berkut add: shown once the server has them.
  ...records.SCREENS.map((r) => ({ ...r, needs: `GET ${r.list}`, mod: records.screen(r) })),
  { id: 'reports', label: 'nav.reports', needs: 'reports', mod: records.reports },
];

const state = { me: null, stop: null, hub: null };
const main = document.getElementById('main');

function can(method, path) {
  return !!state.me && state.me.routes.some((r) => r.method === method && r.path === path);
}

function visibleScreens() {
  return SCREENS.filter((s) => {
    if (s.needs === 'reports') return records.reportRoutes(state.me).length > 0;
    const [m, p] = s.needs.split(' ');
    return can(m, p);
  });
}

function route() {
  const [id, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  return { id, param: rest.length ? decodeURIComponent(rest.join('/')) : null };
}

export function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

const toastEl = document.getElementById('toast');
let toastTimer = null;
function toast(msg, kind = 'info') {
  fill(toastEl, msg);
  toastEl.className = `toast show ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (toastEl.className = 'toast'), 4000);
}

function renderHeader() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  const out = document.getElementById('signout');
  if (!state.me) {
    fill(nav);
    fill(who);
    out.hidden = true;
    return;
  }
  const { id } = route();
  fill(
    nav,
    visibleScreens().map((s, i) =>
      h(
        'a',
        {
          href: `#/${s.id}`,
          id: `nav-${s.id}`,
          class: s.id === id ? 'active' : '',
          'aria-current': s.id === id ? 'page' : null,
          title: i < 9 ? `Alt+${i + 1}` : null,
        },
        t(s.label),
        s.id === 'alerts' ? h('span', { class: 'badge', id: 'alert-badge', hidden: true }) : null,
      ),
    ),
  );
  fill(who, h('span', { class: 'user' }, state.me.user), ' · ', h('span', { class: 'role', id: 'role' }, tv('role', state.me.role)));
  out.hidden = false;
  updateBadge();
}

function updateBadge() {
  const b = document.getElementById('alert-badge');
  if (!b || !state.hub) return;
  const n = state.hub.openCount();
  b.hidden = n === 0;
  b.textContent = String(n);
}

function renderSignIn(message) {
  const input = h('input', {
    id: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'signin-help',
  });
  const err = h('p', { class: 'error', id: 'signin-error', role: 'alert' }, message || '');
  const form = h(
    'form',
    {
      class: 'card signin',
      onsubmit: async (e) => {
        e.preventDefault();
        setToken(input.value.trim());
        try {
          await start();
        } catch (x) {
          setToken(null);
          state.me = null;
          fill(err, x.message);
          input.select();
        }
      },
    },
    h('h1', {}, t('signin.title')),
    h('label', { for: 'token' }, t('signin.token')),
    input,
    h('p', { class: 'help', id: 'signin-help' }, t('signin.help')),
    h('button', { type: 'submit', class: 'primary', id: 'signin-submit' }, t('signin.submit')),
    err,
  );
  fill(main, form);
  input.focus();
}

function render() {
  if (state.stop) {
    try {
      state.stop();
    } catch {
      // a screen that fails to stop must not block the next
    }
    state.stop = null;
  }
  renderHeader();
  if (!state.me) {
    renderSignIn();
    return;
  }
  const screens = visibleScreens();
  let { id, param } = route();
  let screen = screens.find((s) => s.id === id);
  if (!screen) {
    screen = screens[0];
    if (!screen) {
      fill(main, h('p', { class: 'card' }, t('app.nothing')));
      return;
    }
    history.replaceState(null, '', `#/${screen.id}`);
    param = null;
    renderHeader();
  }
  document.title = `${t(screen.label)} · Berkut`;
  main.replaceChildren();
  main.dataset.screen = screen.id;
  state.stop = screen.mod.render(main, { me: state.me, can, go, toast, param, hub: state.hub }) || null;
}

async function start() {
  const me = await api('GET', '/v1/me');
  state.me = me;
  if (state.hub) state.hub.stop();
  state.hub = null;
  if (can('GET', '/v1/alerts/stream')) {
    state.hub = new alerts.AlertHub();
    state.hub.subscribe(({ fresh }) => {
      updateBadge();
      if (fresh) {
        const b = document.getElementById('alert-badge');
        if (b) {
          b.classList.remove('flash');
          void b.offsetWidth;
          b.classList.add('flash');
        }
        alerts.cue();
      }
    });
    state.hub.start();
  }
  render();
}

function signOut(message) {
  setToken(null);
  if (state.hub) state.hub.stop();
  state.hub = null;
  state.me = null;
  if (state.stop) state.stop();
  state.stop = null;
  renderHeader();
  renderSignIn(message);
}

function setupLanguagePicker() {
  const sel = document.getElementById('lang');
  fill(
    sel,
    LANGUAGES.map((l) => h('option', { value: l.code, lang: l.code, selected: l.code === language() }, l.label)),
  );
  sel.addEventListener('change', async () => {
    await setLanguage(sel.value);
    applyStatic();
    if (state.me) render();
    else renderSignIn();
  });
}

document.addEventListener('keydown', (e) => {
  if (!state.me || !e.altKey || e.ctrlKey || e.metaKey) return;
  const n = Number.parseInt(e.key, 10);
  if (n >= 1 && n <= 9) {
    const s = visibleScreens()[n - 1];
    if (s) {
      e.preventDefault();
      go(`#/${s.id}`);
    }
  }
});

window.addEventListener('hashchange', () => render());
// The skip link moves focus without touching the hash (which routes).
document.querySelector('.skip').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
onUnauthorized((err) => {
  if (state.me) signOut(t('signin.expired') + ' ' + err.message);
});
document.getElementById('signout').addEventListener('click', () => signOut());

(async () => {
  await initLanguage();
  setupLanguagePicker();
  applyStatic();
  if (token()) {
    try {
      await start();
      return;
    } catch (e) {
      setToken(null);
      renderSignIn(e.message);
      return;
    }
  }
  render();
})();

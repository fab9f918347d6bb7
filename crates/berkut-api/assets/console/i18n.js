// Kazakh, Russian and English dictionaries (lang-*.json, embedded in the
// binary). Every label goes through t(); names are never translated.

export const LANGUAGES = [
  { code: 'kk', label: 'Қазақша' },
  { code: 'ru', label: 'Русский' },
  { code: 'en', label: 'English' },
];
const LANG_KEY = 'berkut.lang';
const dicts = {};
let current = 'en';

function initial() {
  const saved = localStorage.getItem(LANG_KEY);
  if (LANGUAGES.some((l) => l.code === saved)) return saved;
  const nav = (navigator.language || 'en').slice(0, 2);
  return LANGUAGES.some((l) => l.code === nav) ? nav : 'en';
}

async function load(code) {
  if (dicts[code]) return;
  const resp = await fetch(`/console/lang-${code}.json`, { cache: 'no-store' });
  dicts[code] = await resp.json();
}

/** Load the saved (or browser's) language and English as the fallback. */
export async function initLanguage() {
  await load('en');
  await setLanguage(initial());
}

export async function setLanguage(code) {
  await load(code);
  current = code;
  localStorage.setItem(LANG_KEY, code);
  document.documentElement.lang = code;
}

export function language() {
  return current;
}

/** The label for `key`, with `{name}` placeholders filled from `vars`. */
export function t(key, vars) {
  let s = (dicts[current] && dicts[current][key]) ?? (dicts.en && dicts.en[key]) ?? key;
  if (vars) {
    for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  }
  return s;
}

/** The label for a value the API gives (`decision.DENY`, `ground.terrorism`), else the value. */
export function tv(prefix, value) {
  if (value === undefined || value === null || value === '') return '';
  const key = `${prefix}.${value}`;
  const d = dicts[current] || {};
  return d[key] ?? (dicts.en && dicts.en[key]) ?? String(value);
}

/** Fill `[data-i18n]` elements under `root`. */
export function applyStatic(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n);
  });
}

// Dashboard: screenings and refusals by day, by crossing point and attempts
// by legal ground (GET /v1/stats/screenings), alerts by status, refusals
// and overstays (/v1/reports/…), inspections by region. Charts
// are SVG drawn here; nothing leaves the page.

import { api } from './api.js';
import { t, tv, language } from './i18n.js';
import { fill, h } from './dom.js';
import { bars, stackedColumns } from './charts.js';

function tile(label, value, cls = '', id = null) {
  return h('div', { class: `tile ${cls}`, id }, h('div', { class: 'value' }, value.toLocaleString()), h('div', { class: 'label' }, label));
}

/** A /v1/reports/… answer (`{columns, rows}`) as objects by column name. */
export function reportRows(body) {
  const cols = body.columns || [];
  return (body.rows || []).map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i]])));
}

export function render(main, ctx) {
  let days = 14;
  const body = h('div', { id: 'dashboard' }, h('p', { class: 'muted' }, t('app.loading')));
  const error = h('p', { class: 'error', role: 'alert' });
  const choose = [7, 14, 30, 90].map((d) =>
    h(
      'button',
      {
        type: 'button',
        class: d === days ? 'chip active' : 'chip',
        'data-days': d,
        onclick: () => {
          days = d;
          choose.forEach((b) => (b.className = Number(b.dataset.days) === d ? 'chip active' : 'chip'));
          load();
        },
      },
      t('dashboard.days', { n: d }),
    ),
  );

  async function load() {
    fill(error);
    try {
      const s = await api('GET', `/v1/stats/screenings?days=${days}`);
      let alerts = null;
      if (ctx.can('GET', '/v1/alerts')) alerts = (await api('GET', '/v1/alerts')).alerts;
      // issue #7 reports: overstays, and refusals by ground over the same window
      let overstays = null;
      let refusals = null;
      if (ctx.can('GET', '/v1/reports/overstays')) overstays = reportRows(await api('GET', '/v1/reports/overstays'));
      if (ctx.can('GET', '/v1/reports/refusals')) {
        refusals = reportRows(await api('GET', `/v1/reports/refusals?by=ground&from=${s.from}&to=${s.to}`));
      }
      // issue #7 labour: inspections by region, with the units' names in the
      // console's language
      let inspections = null;
      const unitName = {};
      if (ctx.can('GET', '/v1/reports/inspections')) {
        inspections = ((await api('GET', '/v1/reports/inspections?by=region')).units || []).filter(
          (u) => u.inspections > 0 || u.employers > 0,
        );
        if (ctx.can('GET', '/v1/regions')) {
          for (const r of (await api('GET', '/v1/regions')).regions || []) unitName[r.code] = r[`name_${language()}`] || r.name_en;
        }
      }
      const fmt = new Intl.DateTimeFormat(language(), { day: 'numeric', month: 'short', timeZone: 'UTC' });
      const series = [
        { key: 'clear', label: tv('decision', 'CLEAR'), cls: 'seg-clear' },
        { key: 'refer', label: tv('decision', 'REFER'), cls: 'seg-refer' },
        { key: 'deny', label: tv('decision', 'DENY'), cls: 'seg-deny' },
      ];
      const rows = s.by_day.map((d) => ({ label: d.day, short: fmt.format(new Date(`${d.day}T00:00:00Z`)), values: d }));
      const byStatus = { open: 0, acknowledged: 0, closed: 0 };
      for (const a of alerts || []) byStatus[a.status] = (byStatus[a.status] || 0) + 1;
      fill(
        body,
        h(
          'div',
          { class: 'tiles' },
          tile(t('dashboard.screenings'), s.total.screenings),
          tile(tv('decision', 'CLEAR'), s.total.clear, 'clear'),
          tile(tv('decision', 'REFER'), s.total.refer, 'refer'),
          tile(tv('decision', 'DENY'), s.total.deny, 'deny'),
          alerts ? tile(t('dashboard.open_alerts'), byStatus.open, byStatus.open ? 'deny' : '') : null,
          overstays ? tile(t('dashboard.overstays'), overstays.filter((o) => o.status === 'open').length, 'refer', 'tile-overstays') : null,
        ),
        h('section', { class: 'card', id: 'chart-days' }, h('h2', {}, t('dashboard.by_day')), stackedColumns(rows, series, { title: t('dashboard.by_day') })),
        h(
          'div',
          { class: 'cols' },
          h(
            'section',
            { class: 'card', id: 'chart-points' },
            h('h2', {}, t('dashboard.by_point')),
            s.by_crossing_point.length
              ? bars(
                  s.by_crossing_point.map((p) => ({ label: p.crossing_point || t('dashboard.no_point'), value: p.screenings, part: p.deny })),
                  { title: t('dashboard.by_point'), partLabel: tv('decision', 'DENY') },
                )
              : h('p', { class: 'muted' }, t('dashboard.nothing')),
            h('p', { class: 'muted small' }, t('dashboard.points_legend')),
          ),
          h(
            'section',
            { class: 'card', id: 'chart-grounds' },
            h('h2', {}, t('dashboard.by_ground')),
            s.attempts_by_ground.length
              ? bars(
                  s.attempts_by_ground.map((g) => ({ label: tv('ground', g.ground), value: g.attempts })),
                  { title: t('dashboard.by_ground'), cls: 'bar-deny' },
                )
              : h('p', { class: 'muted' }, t('dashboard.nothing')),
          ),
        ),
        refusals
          ? h(
              'section',
              { class: 'card', id: 'chart-refusals' },
              h('h2', {}, t('dashboard.refusals_by_ground')),
              refusals.length
                ? bars(
                    refusals.map((r) => ({ label: tv('ground', r.ground), value: Number(r.count) || 0 })),
                    { title: t('dashboard.refusals_by_ground'), cls: 'bar-deny' },
                  )
                : h('p', { class: 'muted' }, t('dashboard.nothing')),
            )
          : null,
        inspections
          ? h(
              'section',
              { class: 'card', id: 'chart-inspections' },
              h('h2', {}, t('dashboard.inspections_by_region')),
              inspections.length
                ? bars(
                    inspections.map((u) => ({ label: unitName[u.unit] || u.name_en, value: u.inspections, part: u.with_violations })),
                    { title: t('dashboard.inspections_by_region'), partLabel: t('dashboard.with_violations') },
                  )
                : h('p', { class: 'muted' }, t('dashboard.nothing')),
              h('p', { class: 'muted small' }, t('dashboard.inspections_legend')),
            )
          : null,
        alerts
          ? h(
              'section',
              { class: 'card', id: 'chart-alerts' },
              h('h2', {}, t('dashboard.alerts')),
              bars(
                ['open', 'acknowledged', 'closed'].map((k) => ({ label: tv('alert_status', k), value: byStatus[k] })),
                { title: t('dashboard.alerts'), cls: 'bar-alert' },
              ),
            )
          : null,
        h('p', { class: 'muted small' }, t('dashboard.window', { from: s.from, to: s.to, seq: s.through_seq })),
      );
    } catch (e) {
      fill(error, e.message);
    }
  }

  main.append(
    h('section', { class: 'screen' }, h('div', { class: 'toolbar' }, h('h1', {}, t('nav.dashboard')), h('div', { class: 'filters' }, choose)), error, body),
  );
  load();
  return null;
}

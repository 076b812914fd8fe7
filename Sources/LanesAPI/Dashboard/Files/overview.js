// The overview: every lane's counts, limits, recent throughput and oldest queued task; live
// workers; totals by status; the admin panel for admin keys.

import { api, can } from './api.js';
import { adminPanel } from './admin.js';
import { ago, duration, h, svg } from './dom.js';

const COUNTS = ['queued', 'scheduled', 'waiting', 'running', 'completed', 'failed', 'cancelled'];

/** Renders the overview into `root`; returns {refresh, onEvent}. */
export function overview(root) {
  const totals = h('section', { class: 'totals', id: 'totals' });
  const lanes = h('section', { class: 'panel' }, h('h2', {}, 'Lanes'), h('p', { class: 'muted' }, 'Loading…'));
  const workers = h('section', { class: 'panel' }, h('h2', {}, 'Workers'));
  let admin = null;
  root.replaceChildren(totals, lanes, workers);

  async function refresh() {
    const [stats, live] = await Promise.all([api('GET', '/stats'), api('GET', '/workers')]);
    totals.replaceChildren(...COUNTS.map((status) => h('a', { class: `total s-${status}`, href: `#/tasks?status=${status}`, 'data-total': status },
      h('span', { class: 'n' }, String(stats.by_status[status] ?? 0)), h('span', { class: 'label' }, status))));
    lanes.replaceChildren(h('h2', {}, 'Lanes'), laneTable(stats.queues),
      h('p', { class: 'muted small' }, 'Completed, failed and cancelled count since each lane began; throughput counts tasks finished per minute over the last 10 minutes.'));
    workers.replaceChildren(h('h2', {}, `Workers (${live.total})`), workerTable(live.workers));
    if (can('admin') && !admin) {
      admin = adminPanel(stats.queues.map((lane) => lane.queue), refresh);
      root.append(admin);
    }
  }

  return { refresh, onEvent: () => true };
}

function laneTable(queues) {
  return h('table', { class: 'grid', id: 'lanes' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Lane'), COUNTS.map((c) => h('th', { class: 'num' }, c)),
      h('th', {}, 'Limits'), h('th', {}, 'Throughput'), h('th', {}, 'Oldest queued'))),
    h('tbody', {}, queues.map((lane) => h('tr', { 'data-lane': lane.queue },
      h('th', {}, h('a', { href: `#/tasks?status=running&queue=${encodeURIComponent(lane.queue)}` }, lane.queue)),
      COUNTS.map((c) => h('td', { class: 'num', 'data-count': c },
        h('a', { href: `#/tasks?status=${c}&queue=${encodeURIComponent(lane.queue)}` }, String(lane[c] ?? 0)))),
      h('td', {}, `${lane.concurrency ?? '–'} per worker`, h('br'), lane.global_limit == null ? 'no global limit' : `${lane.global_limit} cluster-wide`),
      h('td', { class: 'throughput' }, throughput(lane.finished_per_minute || [])),
      h('td', { 'data-oldest': '' }, lane.oldest_queued_age_seconds == null ? h('span', { class: 'muted' }, 'none queued')
        : duration(lane.oldest_queued_age_seconds * 1000))))));
}

/** The last minute's count and a bar per minute. */
function throughput(perMinute) {
  const max = Math.max(1, ...perMinute);
  const width = 6, height = 24;
  const bars = perMinute.map((n, i) => {
    const barHeight = n === 0 ? 1 : Math.max(2, Math.round((n / max) * height));
    return svg('rect', { x: i * (width + 1), y: height - barHeight, width, height: barHeight, class: n === 0 ? 'zero' : 'bar' },
      svg('title', {}, `${n} finished ${perMinute.length - i - 1 === 0 ? 'in the last minute' : `${perMinute.length - i - 1} min before`}`));
  });
  const last = perMinute.length ? perMinute[perMinute.length - 1] : 0;
  const total = perMinute.reduce((a, b) => a + b, 0);
  return [
    svg('svg', { class: 'spark', width: perMinute.length * (width + 1), height, viewBox: `0 0 ${perMinute.length * (width + 1)} ${height}`, role: 'img' }, ...bars),
    h('span', { class: 'rate', title: `${total} in the last ${perMinute.length} minutes` }, `${last}/min`),
  ];
}

function workerTable(workers) {
  if (!workers.length) return h('p', { class: 'muted', id: 'workers-empty' }, 'No live workers.');
  return h('table', { class: 'grid', id: 'workers' },
    h('thead', {}, h('tr', {}, ['Worker', 'Host', 'PID', 'Slots', 'Running', 'Started', 'Heartbeat'].map((t) => h('th', {}, t)))),
    h('tbody', {}, workers.map((w) => h('tr', { 'data-worker': w.id },
      h('td', { class: 'mono' }, w.id), h('td', {}, w.host ?? '–'), h('td', { class: 'num' }, String(w.pid ?? '–')),
      h('td', {}, Object.entries(w.slots || {}).map(([lane, n]) => `${lane}: ${n}`).join(', ')),
      h('td', {}, w.running.length ? w.running.map((id, i) => [i ? ' ' : '', h('a', { href: `#/task/${encodeURIComponent(id)}`, class: 'mono' }, id)]) : h('span', { class: 'muted' }, 'idle')),
      h('td', {}, ago(w.started_at)), h('td', {}, ago(w.last_heartbeat))))));
}

// Task lists: running (with progress), queued (in claim order), scheduled, waiting, completed,
// failed (with the error), cancelled or all; filtered by lane, operation and group; paged.

import { api } from './api.js';
import { taskActions } from './actions.js';
import { ago, badge, duration, fill, h, ms, progress } from './dom.js';

const STATUSES = ['running', 'queued', 'scheduled', 'waiting', 'completed', 'failed', 'cancelled', 'all'];
const PAGE = 25;

/** Renders the list for `params` (URLSearchParams of the hash) into `root`; returns {refresh, onEvent}. */
export function taskList(root, params, lanes) {
  const status = STATUSES.includes(params.get('status')) ? params.get('status') : 'running';
  const filter = { queue: params.get('queue') || '', operation: params.get('operation') || '', group: params.get('group') || '' };
  const offset = Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);
  const link = (changes) => {
    const next = new URLSearchParams({ status, ...filter, offset: String(offset), ...changes });
    for (const [k, v] of [...next]) if (!v || (k === 'offset' && v === '0')) next.delete(k);
    return `#/tasks?${next}`;
  };

  const tabs = h('nav', { class: 'tabs' }, STATUSES.map((s) =>
    h('a', { href: link({ status: s, offset: '0' }), class: s === status ? 'active' : '', 'data-tab': s }, s)));
  const queue = h('select', { name: 'queue', id: 'filter-queue' }, h('option', { value: '' }, 'all lanes'),
    lanes.map((l) => h('option', { value: l, selected: l === filter.queue }, l)));
  const operation = h('input', { name: 'operation', id: 'filter-operation', value: filter.operation, placeholder: 'any', maxlength: 200 });
  const group = h('input', { name: 'group', id: 'filter-group', value: filter.group, placeholder: 'any', maxlength: 200 });
  const form = h('form', { class: 'filters', id: 'filters', onsubmit: (event) => {
    event.preventDefault();
    location.hash = link({ queue: queue.value, operation: operation.value.trim(), group: group.value.trim(), offset: '0' });
  } },
  h('label', {}, 'Lane ', queue), h('label', {}, 'Operation ', operation), h('label', {}, 'Group ', group),
  h('button', { type: 'submit' }, 'Filter'),
  h('a', { href: `#/tasks?status=${status}`, class: 'clear' }, 'clear'));
  const table = h('div', { id: 'list' }, h('p', { class: 'muted' }, 'Loading…'));
  const pager = h('div', { class: 'pager', id: 'pager' });
  fill(root, tabs, form, table, pager);

  async function refresh() {
    const page = await api('GET', '/tasks', { query: { status: status === 'all' ? '' : status, queues: filter.queue,
      operation: filter.operation, group: filter.group, limit: PAGE, offset } });
    fill(table, page.tasks.length ? render(page.tasks, status, offset, refresh)
      : h('p', { class: 'muted empty' }, `No ${status === 'all' ? '' : `${status} `}tasks${offset ? ' on this page' : ''}.`));
    const shown = page.tasks.length;
    fill(pager,
      h('span', {}, shown ? `${offset + 1}–${offset + shown} of ${page.total}` : `${page.total} in all`),
      offset > 0 ? h('a', { href: link({ offset: String(Math.max(0, offset - PAGE)) }), 'data-page': 'prev' }, '← newer') : null,
      page.pagination.has_more ? h('a', { href: link({ offset: String(offset + PAGE) }), 'data-page': 'next' }, 'older →') : null);
  }

  return { refresh, onEvent: () => true };
}

/** The columns shown for a status; each is [title, cell(task, index)]. */
function columns(status, offset) {
  const id = ['Task', (t) => h('a', { href: `#/task/${encodeURIComponent(t.task_id)}`, class: 'mono' }, t.task_id)];
  const common = [id, ['Lane', (t) => t.queue], ['Operation', (t) => t.operation], ['Status', (t) => badge(t.status)],
    ['Group', (t) => t.group ?? h('span', { class: 'muted' }, '–')]];
  const extra = {
    running: [['Progress', (t) => progress(t)], ['Started', (t) => ago(t.started_at)], ['Attempt', (t) => attempts(t)], ['Worker', (t) => t.worker ?? '–']],
    queued: [['#', (t, i) => String(offset + i + 1)], ['Priority', (t) => String(t.priority)], ['Waiting', (t) => ago(ready(t))]],
    scheduled: [['Due', (t) => ago(t.scheduled_for)], ['Attempt', (t) => attempts(t)], ['Error', (t) => errorCell(t)]],
    waiting: [['Depends on', (t) => t.depends_on.map((d, i) => [i ? ' ' : '', h('a', { href: `#/task/${encodeURIComponent(d)}`, class: 'mono' }, d)])], ['Created', (t) => ago(t.created_at)]],
    completed: [['Finished', (t) => ago(t.completed_at)], ['Run time', (t) => runTime(t)], ['Attempts', (t) => String(t.attempts)]],
    failed: [['Error', (t) => errorCell(t)], ['Finished', (t) => ago(t.completed_at)], ['Attempts', (t) => String(t.attempts)]],
    cancelled: [['Finished', (t) => ago(t.completed_at)], ['Attempts', (t) => String(t.attempts)]],
    all: [['Progress', (t) => progress(t)], ['Created', (t) => ago(t.created_at)], ['Error', (t) => errorCell(t)]],
  };
  return [...common, ...extra[status]];
}

function render(tasks, status, offset, refresh) {
  const cols = columns(status, offset);
  return h('table', { class: 'grid tasks' },
    h('thead', {}, h('tr', {}, cols.map(([title]) => h('th', {}, title)), h('th', {}, ''))),
    h('tbody', {}, tasks.map((t, i) => h('tr', { 'data-task': t.task_id, 'data-status': t.status },
      cols.map(([, cell]) => h('td', {}, cell(t, i))),
      h('td', { class: 'actions' }, taskActions(t, refresh))))));
}

const attempts = (t) => `${t.attempts} of ${t.max_retries + 1}`;
const ready = (t) => ((ms(t.scheduled_for) ?? 0) > (ms(t.created_at) ?? 0) ? t.scheduled_for : t.created_at);
const runTime = (t) => (ms(t.started_at) && ms(t.completed_at) ? duration(ms(t.completed_at) - ms(t.started_at)) : '–');
const errorCell = (t) => (t.error ? h('span', { class: 'error-text', title: t.error }, t.error.length > 120 ? `${t.error.slice(0, 120)}…` : t.error)
  : h('span', { class: 'muted' }, '–'));

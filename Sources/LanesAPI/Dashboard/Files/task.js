// One task: its fields, data, metadata, result, error, attempts, timings, progress and log
// lines, with the actions its status and the key's role allow.

import { api, APIError, taskPath } from './api.js';
import { taskActions } from './actions.js';
import { ago, badge, duration, fill, h, ms, pretty, progress, when } from './dom.js';

/** Renders task `id` into `root`; returns {refresh, onEvent}. */
export function taskPage(root, id) {
  fill(root, h('p', { class: 'muted' }, 'Loading…'));

  async function refresh() {
    let task, logs;
    try {
      [task, logs] = await Promise.all([api('GET', taskPath(id)), api('GET', `${taskPath(id)}/logs`).catch(() => ({ lines: [] }))]);
    } catch (error) {
      if (error instanceof APIError && (error.status === 404 || error.status === 422 || error.status === 400)) {
        fill(root, h('section', { class: 'panel' }, h('h2', {}, 'Task not found'), h('p', { id: 'not-found' }, error.message),
          h('p', {}, h('a', { href: '#/tasks?status=all' }, 'All tasks'))));
        return;
      }
      throw error;
    }
    fill(root,
      h('section', { class: 'panel task', id: 'task', 'data-task': task.task_id, 'data-status': task.status },
        h('div', { class: 'title' }, h('h2', { class: 'mono' }, task.task_id), badge(task.status),
          task.cancel_requested ? h('span', { class: 'badge s-cancelling' }, 'cancel requested') : null,
          h('span', { class: 'spacer' }), h('span', { class: 'actions' }, taskActions(task, refresh))),
        task.status === 'running' || task.progress != null ? h('div', { class: 'row' }, progress(task)) : null,
        fields(task)),
      task.error ? block('Error', task.error, 'error-block', 'error') : null,
      block('Data', pretty(task.data), '', 'data'),
      block('Metadata', pretty(task.metadata), '', 'metadata'),
      task.result !== null && task.result !== undefined ? block('Result', pretty(task.result), '', 'result') : null,
      block(`Log (${logs.lines.length} lines)`, logs.lines.length ? logs.lines.join('\n') : 'No log lines.', 'log', 'logs'));
  }

  return { refresh, onEvent: (event) => event.task_id === id };
}

function fields(t) {
  const wait = ms(t.started_at) === null ? null : Math.max(0, ms(t.started_at) - Math.max(ms(t.created_at) ?? 0, ms(t.scheduled_for) ?? 0));
  const end = ms(t.completed_at) ?? (t.status === 'running' ? Date.now() : null);
  const rows = [
    ['Lane', h('a', { href: `#/tasks?status=all&queue=${encodeURIComponent(t.queue)}` }, t.queue)],
    ['Operation', t.operation],
    ['Priority', String(t.priority)],
    ['Attempts', `${t.attempts} of ${t.max_retries + 1}${t.retry_on_crash ? '' : ' (not retried after a crash)'}`],
    ['Timeout', t.timeout_seconds ? `${t.timeout_seconds}s` : 'lane default'],
    ['Group', t.group ? h('a', { href: `#/tasks?status=all&group=${encodeURIComponent(t.group)}` }, t.group) : '–'],
    ['Depends on', t.depends_on.length ? t.depends_on.map((d, i) => [i ? ' ' : '', h('a', { href: `#/task/${encodeURIComponent(d)}`, class: 'mono' }, d)]) : '–'],
    ['Unique key', t.unique_key ?? '–'],
    ['Worker', t.worker ?? '–'],
    ['Created', [when(t.created_at), ' (', ago(t.created_at), ')']],
    ['Scheduled for', t.scheduled_for ? [when(t.scheduled_for), ' (', ago(t.scheduled_for), ')'] : '–'],
    ['Started', t.started_at ? [when(t.started_at), ' (', ago(t.started_at), ')'] : '–'],
    ['Finished', t.completed_at ? [when(t.completed_at), ' (', ago(t.completed_at), ')'] : '–'],
    ['Queue wait', wait === null ? '–' : duration(wait)],
    ['Run time', ms(t.started_at) && end ? duration(end - ms(t.started_at)) : '–'],
    ['Callback', t.callback_url ?? '–'],
  ];
  return h('dl', { class: 'fields' }, rows.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

function block(title, text, kind, id) {
  return h('section', { class: `panel ${kind}`, id: `task-${id}` }, h('h3', {}, title), h('pre', {}, text));
}

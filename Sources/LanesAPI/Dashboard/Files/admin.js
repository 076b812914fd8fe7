// Admin actions on the cluster: reconcile, clear history, cancel all. Each asks first.

import { api } from './api.js';
import { ask, toast } from './confirm.js';
import { h } from './dom.js';

/** The admin panel for `lanes` (lane names); `done` refreshes the page after an action. */
export function adminPanel(lanes, done) {
  const lane = h('select', { id: 'admin-lane', 'aria-label': 'Lane' },
    h('option', { value: '' }, 'all lanes'), lanes.map((name) => h('option', { value: name }, name)));
  const hours = h('input', { id: 'admin-hours', type: 'number', min: 0, max: 8760, step: 'any', value: 0, 'aria-label': 'Older than hours' });
  const scope = () => (lane.value ? `lane ${lane.value}` : 'every lane');

  const action = (label, id, kind, run) => h('button', {
    type: 'button', id, class: kind,
    onclick: async () => {
      try {
        const message = await run();
        if (message) { toast(message); done(); }
      } catch (error) {
        toast(error.message, 'error');
      }
    },
  }, label);

  return h('section', { class: 'panel admin', id: 'admin' },
    h('h2', {}, 'Admin'),
    h('div', { class: 'row' },
      h('label', {}, 'Lane ', lane),
      action('Reconcile', 'admin-reconcile', 'quiet', async () => {
        if (!(await ask(`Run a reconciliation pass over ${scope()}? Tasks whose worker died are re-queued or failed.`, 'Reconcile'))) return null;
        const r = await api('POST', '/reconcile', { body: lane.value ? { queue: lane.value } : {} });
        return `Reconciled: ${r.recovered_orphans} orphans removed, ${r.recovered_crashed} re-queued, ${r.failed_unrecoverable} failed`;
      }),
      h('label', {}, 'older than (hours) ', hours),
      action('Clear history', 'admin-clear', 'danger', async () => {
        const older = Number(hours.value) || 0;
        if (!(await ask(`Delete the finished tasks of ${scope()}${older ? ` older than ${older} hours` : ''}? This cannot be undone.`, 'Clear history'))) return null;
        const r = await api('DELETE', '/tasks/history', { query: { queue: lane.value, older_than_hours: older || '' } });
        return `Cleared ${r.cleared} finished tasks`;
      }),
      action('Cancel all', 'admin-cancel-all', 'danger', async () => {
        if (!(await ask(`Cancel every queued, scheduled, waiting and running task of ${scope()}?`, 'Cancel all'))) return null;
        const r = await api('DELETE', '/tasks', { query: { queue: lane.value } });
        return `Cancelled ${r.cancelled} tasks`;
      })));
}

// The actions on one task (cancel, retry, run now), shown only to keys whose role allows them.

import { api, can, taskPath } from './api.js';
import { ask, toast } from './confirm.js';
import { h } from './dom.js';

const ACTIVE = ['queued', 'scheduled', 'waiting', 'running'];

/** Buttons for the actions that fit the task's status; `done` runs after one succeeds. */
export function taskActions(task, done) {
  if (!can('write')) return [];
  const buttons = [];
  if (ACTIVE.includes(task.status) && !task.cancel_requested) {
    buttons.push(button('Cancel', 'cancel danger', async () => {
      if (!(await ask(`Cancel task ${task.task_id} (${task.operation})?`, 'Cancel task'))) return false;
      const reply = await api('DELETE', taskPath(task.task_id));
      toast(reply.was_running ? `Cancelling ${task.task_id}: its worker stops it` : `Cancelled ${task.task_id}`);
      return true;
    }));
  }
  if (task.status === 'failed') {
    buttons.push(button('Retry', 'retry', async () => {
      const reply = await api('POST', `${taskPath(task.task_id)}/retry`);
      toast(`Retrying as a new task ${reply.new_task_id}`);
      return true;
    }));
  }
  if (task.status === 'queued' || task.status === 'scheduled') {
    buttons.push(button('Run now', 'run-now', async () => {
      await api('POST', `${taskPath(task.task_id)}/execute`);
      toast(`${task.task_id} moved to the front of ${task.queue}`);
      return true;
    }));
  }
  return buttons;

  function button(label, kind, action) {
    return h('button', {
      type: 'button', class: `small ${kind}`, 'data-action': kind.split(' ')[0],
      onclick: async (event) => {
        const clicked = event.currentTarget;
        clicked.disabled = true;
        try {
          if (await action()) done();
        } catch (error) {
          toast(error.message, 'error');
        } finally {
          clicked.disabled = false;
        }
      },
    }, label);
  }
}

// The dashboard's entry: asks for a key, learns its role, routes #/, #/tasks?… and #/task/<id>,
// and follows the event stream to refresh the page in view without reloading.

import { api, forgetKey, hooks, key, saveKey, session, whoami } from './api.js';
import { toast } from './confirm.js';
import { follow } from './events.js';
import { h, throttle } from './dom.js';
import { overview } from './overview.js';
import { taskPage } from './task.js';
import { taskList } from './tasks.js';

const $ = (id) => document.getElementById(id);
let view = null;          // {refresh, onEvent} of the page in view
let stream = null;        // AbortController of the event stream
let ticker = null;        // periodic refresh (ages, heartbeats)
let lanes = [];

/** Shows the sign-in form, with an optional message. */
function signedOut(message = '') {
  stream?.abort();
  clearInterval(ticker);
  forgetKey();
  Object.assign(session, { name: null, role: null });
  for (const id of ['nav', 'live', 'who', 'signout', 'view']) $(id).hidden = true;
  $('view').replaceChildren();
  $('signin').hidden = false;
  $('signin-error').textContent = message;
  $('key').value = '';
  $('key').focus();
}

/** Starts the signed-in dashboard. */
async function signedIn() {
  const stats = await api('GET', '/stats');
  lanes = stats.queues.map((lane) => lane.queue);
  $('signin').hidden = true;
  for (const id of ['nav', 'live', 'who', 'signout', 'view']) $(id).hidden = false;
  $('who').replaceChildren(session.authDisabled ? 'auth disabled' : session.name, ' ', h('span', { class: `role r-${session.role}`, id: 'role' }, session.role));
  document.body.dataset.role = session.role;
  stream = new AbortController();
  follow({ signal: stream.signal, onEvent: onEvent, onState: (state) => {
    $('live').textContent = state === 'live' ? '● live' : '○ reconnecting…';
    $('live').className = `live ${state}`;
  } });
  ticker = setInterval(() => refresh(), 10000);
  route();
}

const refresh = throttle(async () => {
  if (!view) return;
  try {
    await view.refresh();
  } catch (error) {
    if (error.status !== 401) toast(error.message, 'error');
  }
}, 1000);

function onEvent(event) {
  if (view && view.onEvent(event)) refresh();
}

/** Renders the page the hash names. */
function route() {
  if (!key() || $('signin').hidden === false) return;
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const root = $('view');
  const task = path.match(/^\/task\/(.+)$/);
  if (task) view = taskPage(root, decodeURIComponent(task[1]));
  else if (path === '/tasks') view = taskList(root, new URLSearchParams(query), lanes);
  else view = overview(root);
  for (const link of document.querySelectorAll('[data-nav]')) {
    link.classList.toggle('active', link.dataset.nav === (task || path === '/tasks' ? 'tasks' : 'overview'));
  }
  view.refresh().catch((error) => { if (error.status !== 401) toast(error.message, 'error'); });
}

async function signIn(event) {
  event.preventDefault();
  const value = $('key').value.trim();
  if (!value) return;
  saveKey(value);
  try {
    await whoami();
    await signedIn();
  } catch (error) {
    signedOut(error.status === 401 ? 'That key was not accepted.' : error.message);
  }
}

hooks.unauthorized = () => signedOut('The API no longer accepts this key; enter it again.');

document.addEventListener('DOMContentLoaded', async () => {
  $('signin-form').addEventListener('submit', signIn);
  $('signout').addEventListener('click', () => signedOut());
  window.addEventListener('hashchange', route);
  if (!key()) return signedOut();
  try {
    await whoami();
    await signedIn();
  } catch (error) {
    signedOut(error.status === 401 ? 'That key was not accepted.' : error.message);
  }
});

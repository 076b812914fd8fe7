// DOM helpers. Every value becomes a text node or an attribute set with setAttribute, so data
// from tasks (user input) is never parsed as HTML.

/** Builds an element: h('a', {href: '#/', class: 'x', onclick: f}, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'href' && !/^[#/]/.test(String(value))) continue; // only our own links
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces an element's children, skipping null and false (replaceChildren would show "null"). */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** An SVG element (for sparklines); attributes only, no markup. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  for (const child of children) el.append(child instanceof Node ? child : String(child));
  return el;
}

/** Runs fn at most once per `ms`, always running the last call. */
export function throttle(fn, ms) {
  let timer = null, pending = false;
  return () => {
    if (timer) { pending = true; return; }
    fn();
    timer = setTimeout(function tick() {
      timer = null;
      if (pending) { pending = false; fn(); timer = setTimeout(tick, ms); }
    }, ms);
  };
}

/** "3s", "4m 10s", "2h 5m", "3d 4h". */
export function duration(ms) {
  if (ms === null || ms === undefined || !isFinite(ms)) return '–';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** Milliseconds since the epoch of an ISO timestamp, or null. */
export function ms(iso) {
  if (!iso) return null;
  const t = Date.parse(iso);
  return isNaN(t) ? null : t;
}

/** How long ago an ISO timestamp was ("12s ago"), with the exact time as a tooltip. */
export function ago(iso) {
  const t = ms(iso);
  if (t === null) return h('span', { class: 'muted' }, '–');
  const past = Date.now() - t;
  return h('time', { datetime: iso, title: new Date(t).toLocaleString() }, past >= 0 ? `${duration(past)} ago` : `in ${duration(-past)}`);
}

/** A local date and time. */
export function when(iso) {
  const t = ms(iso);
  return t === null ? '–' : new Date(t).toLocaleString();
}

/** A coloured status label. */
export function badge(status) {
  return h('span', { class: `badge s-${/^[a-z]+$/.test(status) ? status : 'unknown'}`, 'data-status': status }, status);
}

/** JSON shown as indented text (in a <pre>, as text). */
export function pretty(value) {
  if (value === null || value === undefined) return 'null';
  try { return JSON.stringify(value, null, 2); } catch { return String(value); }
}

/** A progress bar with its percentage and the handler's message. */
export function progress(task) {
  if (task.progress === null || task.progress === undefined) return h('span', { class: 'muted' }, task.status === 'running' ? 'running' : '–');
  const pct = Math.round(Math.max(0, Math.min(1, task.progress)) * 100);
  return h('div', { class: 'progress' },
    h('progress', { max: 100, value: pct, 'aria-label': `${pct}%` }),
    h('span', { class: 'pct' }, `${pct}%`),
    task.progress_message ? h('span', { class: 'message' }, task.progress_message) : null);
}

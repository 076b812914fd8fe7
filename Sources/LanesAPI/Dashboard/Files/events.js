// Live updates: reads GET /api/v1/queue/events (Server-Sent Events) with fetch() and a stream
// reader, because EventSource cannot send the Authorization header (and the key must never go
// into a URL). Reconnects with Last-Event-ID, backing off up to 15 s.

import { authHeaders, hooks } from './api.js';

/** Follows the event stream until `signal` aborts; calls onEvent(event) and onState('live' | 'reconnecting'). */
export async function follow({ onEvent, onState, signal }) {
  let lastID = null;
  let delay = 1000;
  while (!signal.aborted) {
    try {
      const headers = authHeaders({ Accept: 'text/event-stream' });
      if (lastID) headers['Last-Event-ID'] = lastID;
      const response = await fetch('/api/v1/queue/events', { headers, signal, cache: 'no-store' });
      if (response.status === 401) { hooks.unauthorized(); return; }
      if (response.status === 400 && lastID) { lastID = null; continue; } // a cursor the server no longer knows
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      onState('live');
      delay = 1000;
      for await (const message of messages(response.body, signal)) {
        if (message.id) lastID = message.id;
        if (!message.data) continue;
        let event;
        try { event = JSON.parse(message.data); } catch { continue; }
        onEvent(event);
      }
    } catch (error) {
      if (signal.aborted) return;
    }
    onState('reconnecting');
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 15000);
  }
}

/** Splits an SSE byte stream into messages {id, event, data}. */
async function* messages(body, signal) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  signal.addEventListener('abort', () => reader.cancel().catch(() => {}), { once: true });
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message = { id: null, event: 'message', data: '' };
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') message.data += (message.data ? '\n' : '') + text;
        else if (field === 'id') message.id = text;
        else if (field === 'event') message.event = text;
      }
      yield message;
    }
  }
}

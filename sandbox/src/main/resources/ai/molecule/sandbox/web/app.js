'use strict';

// The sandbox page: polls the /sandbox JSON endpoints every half second and renders what changed.
// Everything from the server is shown with textContent, never parsed as HTML.

const POLL_MS = 500;
const ACTIVITY_ROWS = 40;

const state = {
  info: null,
  workspace: null,
  lastSeq: 0,
  sent: new Map(),      // message id -> {entry, element}
  answered: new Set(),  // message ids with a reply
  peerId: null,
  systemShown: new Set(), // row ids of system turns already in the conversation
  push: new Map(),      // message id -> what the canvas's call to a push workspace got, while unanswered
};

const $ = (id) => document.getElementById(id);

async function api(path, options) {
  const init = Object.assign({ headers: { 'Content-Type': 'application/json' }, cache: 'no-store' }, options);
  const response = await fetch(path, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.error || 'HTTP ' + response.status);
  }
  return body;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function duration(ms) {
  if (ms < 1000) return Math.max(0, Math.round(ms)) + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
}

function dollars(cents) {
  return '$' + (cents / 100).toFixed(2);
}

function bytes(n) {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
  return (n / 1024 / 1024).toFixed(1) + ' MB';
}

/** The self-* marker of a platform system turn, or null. */
function systemMarker(row) {
  const params = row.request_body && row.request_body.params;
  if (!params) return null;
  for (const metadata of [params.message && params.message.metadata, params.metadata]) {
    if (metadata && typeof metadata.source_type === 'string' && metadata.source_type.startsWith('self-')) {
      return metadata.source_type;
    }
  }
  return null;
}

function messageText(row) {
  const message = row.request_body && row.request_body.params && row.request_body.params.message;
  const parts = (message && message.parts) || [];
  return parts.filter((p) => (p.kind || p.type) === 'text').map((p) => p.text).join('\n\n');
}

function systemItem(row, marker) {
  const item = el('li', 'entry system');
  const head = el('div', 'entry-head');
  head.append(el('span', 'who', 'System'), el('span', 'muted', marker), el('span', 'time', clock(row.created_at)));
  item.append(head, el('div', 'bubble', messageText(row)));
  return item;
}

function clock(iso) {
  const date = new Date(iso);
  return date.toLocaleTimeString([], { hour12: false }) + '.' + String(date.getMilliseconds()).padStart(3, '0');
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

function clearError() {
  $('error').hidden = true;
}

async function start() {
  state.info = await api('/sandbox/info');
  state.peerId = state.info.peer_workspace;
  $('api-url').textContent = state.info.api_url;
  const list = await api('/sandbox/workspaces');
  const picker = $('workspace');
  for (const ws of list.filter((w) => !w.peer)) {
    const option = el('option', null, ws.name + ' · ' + ws.id.slice(0, 8));
    option.value = ws.id;
    picker.append(option);
  }
  picker.value = state.info.default_workspace;
  picker.addEventListener('change', () => selectWorkspace(picker.value));
  $('attach').addEventListener('change', () => {
    $('attached').textContent = [...$('attach').files].map((f) => f.name).join(', ');
  });
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  $('text').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  });
  selectWorkspace(picker.value);
  $('text').focus();
  poll();
}

function selectWorkspace(id) {
  state.workspace = id;
  state.lastSeq = 0;
  state.sent.clear();
  state.answered.clear();
  state.systemShown.clear();
  $('conversation').replaceChildren();
  $('empty').hidden = false;
  $('connect-command').textContent = [
    'export MOLECULE_API_URL=' + state.info.api_url,
    'export MOLECULE_WORKSPACE_TOKEN=<token>',
    'molecule connect ' + id + ' --backend echo',
  ].join('\n');
}

function base64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function send() {
  const text = $('text').value.trim();
  if (!text) return;
  const from = document.querySelector('input[name=from]:checked').value;
  $('send').disabled = true;
  try {
    const files = [];
    for (const file of $('attach').files) {
      files.push({ name: file.name, mime_type: file.type, content_base64: await base64(file) });
    }
    await api('/sandbox/workspaces/' + state.workspace + '/messages', {
      method: 'POST',
      body: JSON.stringify({ text: text, from: from, files: files }),
    });
    $('text').value = '';
    $('attach').value = '';
    $('attached').textContent = '';
    await refreshConversation();
  } catch (error) {
    showError('not sent: ' + error.message);
  } finally {
    $('send').disabled = false;
    $('text').focus();
  }
}

async function poll() {
  try {
    await Promise.all([refreshConversation(), refreshStatus(), refreshActivity(), refreshFiles()]);
    clearError();
  } catch (error) {
    showError('The sandbox does not answer: ' + error.message);
  }
  setTimeout(poll, POLL_MS);
}

async function refreshConversation() {
  const workspace = state.workspace;
  const page = await api('/sandbox/workspaces/' + workspace + '/conversation?after=' + state.lastSeq);
  if (workspace !== state.workspace) return; // switched while the request was out
  for (const entry of page.entries) {
    if (entry.seq <= state.lastSeq) continue;
    state.lastSeq = entry.seq;
    $('conversation').append(entry.type === 'sent' ? sentItem(entry) : replyItem(entry));
    $('empty').hidden = true;
  }
  if (page.entries.length) {
    const list = $('conversation');
    list.scrollTop = list.scrollHeight;
  }
  state.push = new Map((page.push || []).map(d => [d.message_id, d]));
  updateWaiting();
}

/** What the canvas's call to a push workspace got, while no answer is shown; null for a poll workspace. */
function pushNote(delivery, waited) {
  if (!delivery) return null;
  switch (delivery.state) {
    case 'PUSH_ASYNC': return 'push-async: the agent is still working… ' + waited;
    case 'QUEUED': return 'queued for re-delivery on the agent\'s next heartbeat… ' + waited;
    case 'FAILED': return 'failed: ' + delivery.caller_answer;
    default: return null;
  }
}

function sentItem(entry) {
  const item = el('li', 'entry sent ' + entry.sender);
  const head = el('div', 'entry-head');
  head.append(el('span', 'who', entry.sender === 'peer' ? 'Peer workspace' : 'You, on the canvas'));
  head.append(el('span', 'time', clock(entry.sent_at)));
  item.append(head, el('div', 'bubble', entry.text));
  const note = el('div', 'entry-note waiting', 'waiting for a reply…');
  item.append(note);
  state.sent.set(entry.message_id, { entry: entry, note: note, started: Date.now() });
  return item;
}

function replyItem(entry) {
  const item = el('li', 'entry reply ' + entry.kind);
  const head = el('div', 'entry-head');
  head.append(el('span', 'who', entry.kind === 'agent' ? 'Agent → peer workspace' : 'Agent → canvas'));
  head.append(el('span', 'time', clock(entry.received_at)));
  item.append(head, el('div', 'bubble', entry.text || '(no text)'));
  for (const file of entry.attachments || []) {
    item.append(el('div', 'attachment', '📎 ' + (file.name || 'file') + ' — ' + file.uri));
  }
  const notes = el('div', 'entry-note');
  if (entry.took_millis !== undefined && entry.took_millis !== null) {
    notes.append(el('span', 'took', 'took ' + duration(entry.took_millis)));
  }
  if (entry.in_reply_to) {
    notes.append(el('span', 'muted', 'in reply to ' + entry.in_reply_to.slice(0, 8)));
  }
  item.append(notes);
  if (entry.answers && state.sent.has(entry.answers) && !state.answered.has(entry.answers)) {
    state.answered.add(entry.answers);
    const sent = state.sent.get(entry.answers);
    sent.note.className = 'entry-note answered';
    sent.note.textContent = 'answered in ' + duration(entry.took_millis);
  }
  return item;
}

function updateWaiting() {
  const now = Date.now();
  for (const [id, sent] of state.sent) {
    if (!state.answered.has(id)) {
      const waited = duration(now - sent.started);
      const push = pushNote(state.push && state.push.get(id), waited);
      sent.note.textContent = push || 'waiting for a reply… ' + waited;
      sent.note.classList.toggle('failed', !!push && push.startsWith('failed'));
    }
  }
}

async function refreshStatus() {
  const workspace = state.workspace;
  const status = await api('/sandbox/workspaces/' + workspace);
  if (workspace !== state.workspace) return;
  const pill = $('status-pill');
  pill.textContent = status.status.replace('_', ' ');
  pill.className = 'pill ' + status.status;
  const beat = status.heartbeat;
  $('current-task').textContent = beat && beat.current_task ? beat.current_task : 'idle';
  $('active-tasks').textContent = beat ? String(beat.active_tasks) : '—';
  $('last-seen').textContent = status.seen_seconds_ago === undefined ? 'never' : status.seen_seconds_ago + ' s ago';
  $('uptime').textContent = beat ? duration(beat.uptime_seconds * 1000) : '—';
  $('spend').textContent = status.monthly_spend_cents ? dollars(status.monthly_spend_cents) : '—';
  $('error-rate').textContent = beat ? Math.round(beat.error_rate * 100) + ' %' + (beat.sample_error ? ' · ' + beat.sample_error : '') : '—';
  const card = status.agent_card;
  $('agent-name').textContent = card ? [card.name, card.version].filter(Boolean).join(' ') : 'not registered';
}

async function refreshActivity() {
  const workspace = state.workspace;
  const rows = await api('/sandbox/workspaces/' + workspace + '/activity?limit=' + ACTIVITY_ROWS);
  if (workspace !== state.workspace) return;
  const body = $('activity');
  body.replaceChildren(...rows.map((row) => {
    const marker = systemMarker(row);
    const tr = el('tr', 'type-' + row.activity_type + (row.method === 'notify' ? ' notify' : '') + (marker ? ' system' : ''));
    tr.append(
      el('td', 'mono', clock(row.created_at)),
      el('td', 'col-type', row.activity_type),
      el('td', 'mono col-method', row.method || '—'),
      el('td', null, sourceName(row, workspace)),
      el('td', 'summary', row.summary || ''));
    return tr;
  }));
  // System turns also show in the conversation, as the canvas shows them: a "System" note.
  for (const row of rows.slice().reverse()) {
    const marker = systemMarker(row);
    if (marker && !state.systemShown.has(row.id)) {
      state.systemShown.add(row.id);
      $('conversation').append(systemItem(row, marker));
      $('empty').hidden = true;
    }
  }
}

async function refreshFiles() {
  const workspace = state.workspace;
  const files = await api('/sandbox/workspaces/' + workspace + '/uploads');
  if (workspace !== state.workspace) return;
  $('files').replaceChildren(...files.map((file) => {
    const li = el('li');
    const link = el('a', null, file.name);
    link.href = '/sandbox/uploads/' + file.file_id + '/content';
    li.append(link, el('span', 'muted', bytes(file.size) + ' · ' + file.mime_type));
    li.append(el('span', 'tag' + (file.acks > 0 ? ' acked' : ''), file.acks > 0 ? 'acknowledged' : 'not acknowledged'));
    return li;
  }));
  $('no-files').hidden = files.length > 0;
}

function sourceName(row, workspace) {
  const sourceId = row.source_id;
  if (row.method === 'notify') return 'this agent';  // its reply to the canvas, stored in its own feed
  if (systemMarker(row)) return 'platform';
  if (row.method === 'chat_upload_receive') return 'upload';
  if (sourceId === null || sourceId === undefined) return 'canvas';
  if (sourceId === state.peerId) return 'peer';
  if (sourceId === workspace) return 'this agent';
  return sourceId.slice(0, 8);
}

start().catch((error) => showError('The sandbox page could not start: ' + error.message));

/** Escapes text for an HTML attribute or element. */
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The host page: the Safe, the signed-in owner and the nonce field on top, the Safe App in an iframe, the queue beside
 * it. Its script only relays the app's `{ id, method, params }` messages to `POST /relay` (with the signed-in owner
 * and, for `sendTransactions`, the nonce typed, then clears the field) and posts the replies back into the iframe;
 * the chain work happens in the node server. Stable `data-testid`s for browser tests.
 */
export function hostPage(appUrl: string, sdkVersion: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local Safe host</title>
<style>
  body { margin: 0; font: 14px system-ui, sans-serif; display: flex; flex-direction: column; height: 100vh; }
  header { display: flex; gap: 1.5em; align-items: center; padding: .5em 1em; background: #12ff80; }
  main { flex: 1; display: flex; min-height: 0; }
  iframe { flex: 1; border: 0; border-right: 1px solid #ccc; }
  aside { width: 30em; padding: .5em 1em; overflow: auto; }
  table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: .3em; text-align: left; }
  code, [data-testid="queue-to"] { font-size: 12px; overflow-wrap: anywhere; } .warning { color: #b00; } [data-ready="true"] { background: #efe; }
  /* A phone: the header wraps, the app takes the screen and the queue follows below it. */
  @media (max-width: 720px) {
    body { height: auto; min-height: 100vh; }
    header { flex-wrap: wrap; gap: .4em 1em; }
    main { flex-direction: column; }
    iframe { flex: none; height: 80vh; border-right: 0; border-bottom: 1px solid #ccc; }
    aside { width: auto; }
  }
</style>
</head>
<body>
<header>
  <strong>Safe</strong> <code id="safe-address" data-testid="safe-address"></code>
  <span>chain <span id="chain-id" data-testid="chain-id"></span></span>
  <span id="safe-threshold" data-testid="safe-threshold"></span>
  <label>Signed in as <select id="owner-select" data-testid="owner-select"></select></label>
  <label title="As in Safe{Wallet}'s transaction review: the nonce the next transaction the app sends is proposed at">Nonce
    <input id="host-nonce" data-testid="host-nonce" inputmode="numeric" size="6" placeholder="after the queue"></label>
</header>
<main>
  <iframe id="app-frame" data-testid="app-frame" title="Safe App" src="${escapeHtml(appUrl)}"
    sandbox="allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-same-origin allow-scripts allow-downloads"
    allow="clipboard-write"></iframe>
  <aside>
    <h2>Queue <button id="queue-refresh" data-testid="queue-refresh">Refresh</button></h2>
    <p id="host-status" data-testid="host-status" role="status"></p>
    <table>
      <thead><tr><th>Nonce</th><th>To</th><th>Confirmations</th><th></th></tr></thead>
      <tbody id="queue-rows" data-testid="queue"></tbody>
    </table>
  </aside>
</main>
<script>
const frame = document.getElementById('app-frame');
const select = document.getElementById('owner-select');
const nonceField = document.getElementById('host-nonce');
const statusLine = document.getElementById('host-status');
const rows = document.getElementById('queue-rows');
const say = (text) => { statusLine.textContent = text; };
async function api(path, body) {
  const response = await fetch(path, body === undefined ? undefined
    : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(json.error || response.statusText);
  return json;
}
function cell(tr, text, testid) {
  const td = document.createElement('td');
  td.textContent = text;
  if (testid) td.dataset.testid = testid;
  tr.appendChild(td);
  return td;
}
function button(td, label, testid, disabled, action) {
  const b = document.createElement('button');
  b.textContent = label;
  b.dataset.testid = testid;
  b.disabled = disabled;
  b.addEventListener('click', async () => {
    b.disabled = true;
    try { say(await action()); } catch (error) { say(error.message); }
    await refreshQueue();
  });
  td.appendChild(b);
}
async function loadState() {
  const state = await api('/api/state');
  document.getElementById('safe-address').textContent = state.safe;
  document.getElementById('chain-id').textContent = state.chainId;
  document.getElementById('safe-threshold').textContent = state.threshold + ' of ' + state.owners.length + ' owners, nonce ' + state.nonce;
  // Keep whoever is signed in (reloading the state after an Execute must not sign in someone else); else the
  // owner the URL names (?owner=0x…), else the first owner who can sign.
  const wanted = select.value || new URLSearchParams(location.search).get('owner');
  select.replaceChildren(...state.owners.map((owner) => {
    const option = document.createElement('option');
    option.value = owner.address;
    option.textContent = owner.label + ' ' + owner.address;
    option.disabled = !owner.canSign;
    return option;
  }));
  const pick = state.owners.find((o) => o.canSign && wanted && o.address.toLowerCase() === wanted.toLowerCase())
    || state.owners.find((o) => o.canSign);
  if (pick) select.value = pick.address;
}
async function refreshQueue() {
  const { transactions } = await api('/api/queue');
  rows.replaceChildren(...transactions.map((entry) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'queue-row';
    tr.dataset.safeTxHash = entry.safeTxHash;
    tr.dataset.nonce = entry.nonce;
    tr.dataset.ready = String(entry.ready);
    cell(tr, entry.nonce, 'queue-nonce');
    cell(tr, entry.to + (entry.operation === 1 ? ' (delegatecall)' : ''), 'queue-to');
    const confirmations = cell(tr, entry.confirmations.length + ' / ' + entry.confirmationsRequired, 'queue-confirmations');
    confirmations.title = entry.confirmations.map((c) => c.owner).join('\\n');
    const actions = cell(tr, '');
    const signedIn = select.value;
    const confirmed = entry.confirmations.some((c) => c.owner.toLowerCase() === signedIn.toLowerCase());
    button(actions, 'Confirm as this owner', 'confirm-button', confirmed || entry.nonceTaken, async () => {
      await api('/api/confirm', { safeTxHash: entry.safeTxHash, owner: select.value });
      return 'Confirmed ' + entry.safeTxHash + ' as ' + select.value;
    });
    button(actions, 'Execute', 'execute-button', !entry.ready, async () => {
      const { transactionHash } = await api('/api/execute', { safeTxHash: entry.safeTxHash });
      await loadState();
      return 'Executed ' + entry.safeTxHash + ' in ' + transactionHash;
    });
    for (const warning of entry.warnings) {
      const p = document.createElement('div');
      p.className = 'warning';
      p.dataset.testid = 'queue-warning';
      p.textContent = warning;
      actions.appendChild(p);
    }
    return tr;
  }));
}
window.addEventListener('message', async (event) => {
  const message = event.data;
  if (event.source !== frame.contentWindow || !message || typeof message.method !== 'string' || message.id === undefined) return;
  // A transaction goes at the nonce the signer typed (the review's nonce in Safe{Wallet}), else after the queue.
  const sending = message.method === 'sendTransactions';
  const nonce = sending ? nonceField.value.trim() : '';
  let reply;
  try {
    reply = await api('/relay', { ...message, signer: select.value, ...(nonce ? { nonce } : {}) });
  } catch (error) {
    reply = { id: message.id, success: false, version: ${JSON.stringify(sdkVersion)}, error: error.message };
  }
  frame.contentWindow.postMessage(reply, event.origin === 'null' ? '*' : event.origin);
  if (!sending) return;
  if (reply.success) nonceField.value = '';
  else say(reply.error);
  refreshQueue().catch((error) => say(error.message));
});
select.addEventListener('change', () => refreshQueue().catch((error) => say(error.message)));
document.getElementById('queue-refresh').addEventListener('click', () => refreshQueue().catch((error) => say(error.message)));
loadState().then(refreshQueue).catch((error) => say(error.message));
setInterval(() => refreshQueue().catch(() => {}), 4000);
</script>
</body>
</html>
`;
}

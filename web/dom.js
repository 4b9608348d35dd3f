// The two browser helpers the search page and the <dateline-search> widget share: building an
// element (document text only ever set as text) and fetching a JSON answer of the API.

// A `tag` element of `doc` with `props` and `children`. Props: `text` sets textContent,
// `className` the class, `dataset` data-* attributes; any other key is an attribute (true: present
// and empty). undefined, null and false props, and null or undefined children, are skipped.
export function element(doc, tag, props = {}, ...children) {
  const node = doc.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// GETs `url` as JSON. Rejects with the API's own error message on a 4xx/5xx answer, and with the
// status line when the answer is not JSON (a proxy's error page). `headers` are sent too (the
// analytics page's Authorization).
export async function getJson(url, signal, headers = {}) {
  const res = await fetch(url, { signal, headers: { Accept: "application/json", ...headers } });
  let body = null;
  try {
    body = await res.json();
  } catch {
    throw new Error(`the server answered ${res.status} ${res.statusText}`.trim());
  }
  if (!res.ok) throw new Error(body && body.error ? body.error.message : `HTTP ${res.status}`);
  return body;
}

// Tells the server that the reader opened hit `position` (1-based) of the search `searchId`
// (POST /v1/events/click, docs/API.md). A beacon: sent even as the page unloads, never awaited,
// and as text/plain so that a cross-origin widget needs no CORS preflight. No search id (analytics
// off, or a search that was not counted): nothing is sent.
export function sendClick(endpoint, searchId, id, position) {
  if (!searchId) return;
  const body = JSON.stringify({ search_id: searchId, id, position });
  const url = `${endpoint}/v1/events/click`;
  try {
    if (navigator.sendBeacon && navigator.sendBeacon(url, body)) return;
  } catch {
    // fall through to fetch
  }
  fetch(url, { method: "POST", body, keepalive: true, mode: "no-cors" }).catch(() => {});
}

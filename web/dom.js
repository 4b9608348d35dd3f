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
// status line when the answer is not JSON (a proxy's error page).
export async function getJson(url, signal) {
  const res = await fetch(url, { signal, headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await res.json();
  } catch {
    throw new Error(`the server answered ${res.status} ${res.statusText}`.trim());
  }
  if (!res.ok) throw new Error(body && body.error ? body.error.message : `HTTP ${res.status}`);
  return body;
}

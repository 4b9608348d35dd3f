// The search page: reads ?q=&page= from the URL, calls /v1/search and renders the hits.
// Highlights arrive as HTML in which document text is already escaped; everything else is set
// as text, never as HTML.
const form = document.getElementById("search-form");
const input = document.getElementById("q");
const statusLine = document.getElementById("status");
const results = document.getElementById("results");
const pager = document.getElementById("pager");
const PER_PAGE = 10;

function pageLink(q, page, label) {
  const a = document.createElement("a");
  a.href = `/?q=${encodeURIComponent(q)}&page=${page}`;
  a.textContent = label;
  return a;
}

function renderHit(hit) {
  const li = document.createElement("li");
  const h2 = document.createElement("h2");
  const a = document.createElement("a");
  // Only web links are followed: a document's url could be "javascript:…".
  a.href = /^https?:\/\//i.test(hit.url || "") ? hit.url : `/v1/articles/${encodeURIComponent(hit.id)}`;
  a.innerHTML = hit.highlight.title;
  h2.append(a);
  const meta = document.createElement("div");
  meta.className = "meta";
  const date = hit.published_at ? new Date(hit.published_at).toLocaleDateString() : "";
  meta.textContent = [hit.source, hit.section, date, (hit.authors || []).join(", ")]
    .filter(Boolean).join(" · ");
  li.append(h2, meta);
  for (const fragment of hit.highlight.body) {
    const p = document.createElement("p");
    p.className = "snippet";
    p.innerHTML = fragment;
    li.append(p);
  }
  return li;
}

async function search(q, page) {
  statusLine.textContent = "Searching…";
  results.replaceChildren();
  pager.replaceChildren();
  const url = `/v1/search?q=${encodeURIComponent(q)}&page=${page}&per_page=${PER_PAGE}`;
  let body;
  try {
    const res = await fetch(url);
    body = await res.json();
    if (!res.ok) throw new Error(body.error ? body.error.message : res.statusText);
  } catch (err) {
    statusLine.textContent = `Search failed: ${err.message}`;
    return;
  }
  const total = body.total.value;
  const approx = body.total.relation === "gte" ? "more than " : "";
  statusLine.textContent = total === 0 ? `No articles match “${q}”.`
    : `${approx}${total} articles${body.relaxed ? " (matching any of the words)" : ""} · ${body.took_ms} ms`;
  results.append(...body.hits.map(renderHit));
  if (page > 1) pager.append(pageLink(q, page - 1, "← Previous"));
  if (page * PER_PAGE < total && page * PER_PAGE < 10000) pager.append(pageLink(q, page + 1, "Next →"));
}

function fromLocation() {
  const params = new URLSearchParams(location.search);
  const q = params.get("q") || "";
  const page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  input.value = q;
  search(q, page);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const q = input.value.trim();
  history.pushState(null, "", `/?q=${encodeURIComponent(q)}`);
  search(q, 1);
});
window.addEventListener("popstate", fromLocation);
fromLocation();

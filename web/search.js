// The search page: the URL holds the whole state (q, page, filters, date range, sort, recency);
// every change pushes a history entry and renders that state from /v1/search, and the back button
// renders the previous one (popstate).
import { Combobox } from "./combobox.js";
import { getJson, sendClick } from "./dom.js";
import { countText } from "./format.js";
import {
  renderActiveFilters, renderCorrection, renderFacets, renderHit, renderPager, el, navLink,
} from "./render.js";
import {
  DATE_RANGES, apiParams, defaultState, hasFilters, parseState, stateToQuery, withChanges,
} from "./state.js";

const $ = (id) => document.getElementById(id);
const form = $("search-form");
const input = $("q");
const statusLine = $("status");
const resultsList = $("results");
const pager = $("pager");
const facets = $("facets");
const filters = $("filters");
const correction = $("correction");
const activeFilters = $("active-filters");
const message = $("message");
const sortSelect = $("sort");
const recencySelect = $("recency");
const main = $("main");

const SLOW_MS = 250;  // "Searching…" only shows when a search takes longer than this

let state = defaultState();
let controller = null;

const hrefFor = (s) => `/${stateToQuery(s)}`;

function describe(body, s) {
  const q = body.auto_corrected ? body.corrected_query : s.q;  // the hits are the correction's
  const what = q ? ` for “${q}”` : "";
  if (body.total.value === 0) return s.q ? `No results for “${s.q}”.` : "No articles.";
  const page = s.page > 1 ? `Page ${s.page} of ` : "";
  const relaxed = body.relaxed ? " (matching any of the words)" : "";
  return `${page}${countText(body.total)}${what}${relaxed}.`;
}

function showMessage(kind, ...children) {
  message.className = `message ${kind}`;
  message.replaceChildren(...children);
  message.hidden = children.length === 0;
}

function showEmpty(s) {
  const tips = [el("p", { className: "message-title", text: s.q
    ? `No articles match “${s.q}”.` : "There are no articles yet." })];
  if (hasFilters(s)) {
    tips.push(el("p", {}, "Try ", navLink(hrefFor(withChanges(s,
      { source: [], section: [], from: "" })), "clear-filters", "removing the filters"), "."));
  }
  if (s.q) tips.push(el("p", { text: "Check the spelling, or use fewer or more general words." }));
  showMessage("empty", ...tips);
}

function showError(err, s) {
  const retry = el("button", { type: "button", dataset: { focusKey: "retry" } }, "Try again");
  retry.addEventListener("click", () => render(s));
  showMessage("error", el("p", { className: "message-title", text: "The search failed." }),
    el("p", { text: err.message }), retry);
  statusLine.textContent = `Search failed: ${err.message}`;
}

// Counts for the date facet: one single-hit request per range, after the results are shown.
async function countDates(s, body, signal) {
  const counts = {};
  await Promise.all(DATE_RANGES.map(async (range) => {
    try {
      const params = apiParams(s, {
        from: range.from, page: "1", per_page: "1", facets: null, analytics: "false",
      });
      const one = await getJson(`/v1/search?${params}`, signal);
      counts[range.from] = one.total;  // a lower bound past the server's count-limit
    } catch {
      counts[range.from] = undefined;  // no count shown; the link still works
    }
  }));
  if (signal.aborted) return;
  // Redrawing replaces the facet links: keep the focus on the one that had it.
  const focused = facets.contains(document.activeElement) ? document.activeElement : null;
  renderFacets(facets, body, s, hrefFor, counts);
  if (focused) restoreFocus(focused.dataset.focusKey);
}

function restoreFocus(focusKey) {
  if (!focusKey) return;
  const target = [...document.querySelectorAll("[data-focus-key]")]
    .find((node) => node.dataset.focusKey === focusKey);
  if (target) target.focus();
}

function syncControls(s) {
  input.value = s.q;
  sortSelect.value = s.sort;
  recencySelect.value = s.recency;
  recencySelect.disabled = s.sort !== "relevance";
  document.title = s.q ? `${s.q} – Dateline search` : "Dateline search";
}

// Renders state `s`. `focus`: what gets the focus afterwards ("results" after a page change, or
// the data-focus-key of the control that was used). `counted`: the reader asked for this search
// (typed or chose a query, followed a link to one); a filter, sort or page change, the back
// button and a retry are not counted again (analytics=false; docs/API.md, "Search analytics").
async function render(s, { focus, counted = false } = {}) {
  state = s;
  syncControls(s);
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;
  resultsList.setAttribute("aria-busy", "true");
  main.classList.add("loading");
  const slow = setTimeout(() => { statusLine.textContent = "Searching…"; }, SLOW_MS);
  let body;
  try {
    body = await getJson(`/v1/search?${apiParams(s, counted ? {} : { analytics: "false" })}`,
      signal);
  } catch (err) {
    if (signal.aborted) return;
    clearTimeout(slow);
    main.classList.remove("loading");
    resultsList.removeAttribute("aria-busy");
    resultsList.replaceChildren();
    pager.replaceChildren();
    facets.replaceChildren();
    correction.hidden = true;
    showError(err, s);
    return;
  }
  clearTimeout(slow);
  if (signal.aborted) return;
  main.classList.remove("loading");
  resultsList.removeAttribute("aria-busy");
  statusLine.textContent = describe(body, s);
  renderCorrection(correction, body, s, hrefFor);
  renderActiveFilters(activeFilters, s, hrefFor);
  const loadRelated = (id) => getJson(`/v1/articles/${encodeURIComponent(id)}/related?per_page=5`);
  resultsList.replaceChildren(...body.hits.map((hit, i) => {
    const item = renderHit(hit, i, loadRelated);
    const open = () => sendClick("", body.search_id, hit.id, i + 1);
    const link = item.querySelector(".hit-title a");
    link.addEventListener("click", open);
    link.addEventListener("auxclick", (event) => { if (event.button === 1) open(); });
    return item;
  }));
  renderPager(pager, body, s, hrefFor);
  renderFacets(facets, body, s, hrefFor, {});
  if (body.hits.length === 0) showEmpty(s);
  else showMessage("none");
  if (focus === "results") $("results-heading").focus();
  else restoreFocus(focus);
  countDates(s, body, signal);
}

function navigate(next, options = {}) {
  const url = hrefFor(next);
  if (url !== location.pathname + location.search) history.pushState(null, "", url);
  render(next, options);
}

// Links to other states of the page ([data-nav]) navigate in place; a modified click (new tab)
// and anything else keeps the browser's behaviour.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-nav]");
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
      event.shiftKey || event.altKey) return;
  event.preventDefault();
  const next = parseState(new URL(link.href).search);
  const key = link.dataset.focusKey || "";
  const focus = key.startsWith("page:") || key === "correction" ? "results" : key;
  navigate(next, { focus, counted: next.q !== state.q });
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  navigate(withChanges(state, { q: input.value.trim() }), { counted: true });
});

for (const select of [sortSelect, recencySelect]) {
  select.addEventListener("change", () => {
    navigate(withChanges(state, { [select.name]: select.value }), { focus: select.id });
  });
}
sortSelect.dataset.focusKey = "sort";
recencySelect.dataset.focusKey = "recency";

new Combobox(input, $("suggestions"), {
  idPrefix: "suggestion",
  suggest: async (text, signal) => {
    const body = await getJson(`/v1/suggest?q=${encodeURIComponent(text)}&limit=8`, signal);
    return body.suggestions;
  },
  onChoose: (text) => navigate(withChanges(state, { q: text.trim() }), { counted: true }),
});

window.addEventListener("popstate", () => render(parseState(location.search)));

// Filters are open beside the results on wide screens, folded above them on narrow ones.
const wide = window.matchMedia("(min-width: 50rem)");
filters.open = wide.matches;
wide.addEventListener("change", () => { filters.open = wide.matches; });

state = parseState(location.search);
// A link to a search, or the browser's search box, is counted; coming back to the page (back,
// forward or reload) is not.
const [entry] = performance.getEntriesByType("navigation");
render(state, { counted: !entry || entry.type === "navigate" });
if (!state.q) input.focus();

// DOM building for the search page: hits, facets, pager, did-you-mean, filter chips. Document
// text is only ever set as text; highlights go through appendHighlight (text + <mark>).
import { element } from "./dom.js";
import { appendHighlight, articleHref, shortCount, timeElement } from "./format.js";
import {
  DATE_RANGES, FILTER_FIELDS, MAX_DEPTH, PER_PAGE, toggleFilter, withChanges,
} from "./state.js";

const FIELD_LABELS = { source: "Source", section: "Section" };

export const el = (tag, props = {}, ...children) => element(document, tag, props, ...children);

function hidden(text) {
  return el("span", { className: "visually-hidden", text });
}

// A link to another state of the page; search.js handles clicks on [data-nav] without reloading.
// `focusKey` lets the focus come back to the same control after the page is re-rendered.
export function navLink(href, focusKey, ...children) {
  return el("a", { href, dataset: { nav: "", focusKey } }, ...children);
}

function metaLine(hit) {
  const meta = el("p", { className: "meta" });
  const parts = [];
  if (hit.source) parts.push(el("span", { className: "source", text: hit.source }));
  if (hit.section) parts.push(el("span", { className: "section", text: hit.section }));
  const time = timeElement(document, hit.published_at);
  if (time) parts.push(time);
  const updated = hit.updated_at && hit.updated_at !== hit.published_at
    ? timeElement(document, hit.updated_at) : null;
  if (updated) parts.push(el("span", { className: "updated" }, "Updated ", updated));
  if (hit.authors && hit.authors.length) {
    parts.push(el("span", { className: "authors", text: hit.authors.join(", ") }));
  }
  parts.forEach((part, i) => {
    if (i > 0) meta.append(el("span", { className: "sep", "aria-hidden": "true", text: " · " }));
    meta.append(part);
  });
  return meta;
}

function moreSources(hit) {
  if (!hit.more_sources) return null;
  const n = hit.more_sources;
  const names = hit.other_sources || [];
  return el("details", { className: "more-sources" },
    el("summary", { text: `+${n} more source${n === 1 ? "" : "s"}` }),
    el("ul", {}, ...names.map((name) => el("li", { text: name }))));
}

// One search hit. `loadRelated(id)` resolves to the related response; it is called the first
// time the "Related" button opens the list.
export function renderHit(hit, index, loadRelated) {
  const titleId = `hit-${index}-title`;
  const relatedId = `hit-${index}-related`;
  const link = el("a", { href: articleHref(hit) });
  appendHighlight(link, hit.highlight ? hit.highlight.title : hit.title);
  const article = el("article", { "aria-labelledby": titleId });
  // Placed by the newsroom (an editor's pick), not by the ranking: say so.
  if (hit.pinned === true) {
    article.append(el("p", { className: "pinned-label", text: "Editor's pick" }));
  }
  article.append(el("h2", { id: titleId, className: "hit-title" }, link), metaLine(hit));
  if (hit.correction) {
    article.append(el("p", { className: "correction-note" },
      el("strong", { text: "Correction: " }), hit.correction));
  }
  for (const fragment of (hit.highlight && hit.highlight.body) || []) {
    const p = el("p", { className: "snippet" });
    appendHighlight(p, fragment);
    article.append(p);
  }
  const button = el("button", {
    type: "button", className: "related-toggle", "aria-expanded": "false",
    "aria-controls": relatedId, dataset: { focusKey: `related:${hit.id}` },
  }, "Related articles", hidden(` to “${hit.title}”`));
  const panel = el("div", { id: relatedId, className: "related", hidden: true });
  button.addEventListener("click", () => toggleRelated(hit, button, panel, loadRelated));
  const actions = el("div", { className: "hit-actions" }, moreSources(hit), button);
  article.append(actions, panel);
  return el("li", { className: "hit" }, article);
}

async function toggleRelated(hit, button, panel, loadRelated) {
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  panel.hidden = !open;
  if (!open || panel.dataset.loaded) return;
  panel.dataset.loaded = "1";
  panel.setAttribute("aria-busy", "true");
  panel.replaceChildren(el("p", { className: "muted", text: "Loading related articles…" }));
  try {
    const body = await loadRelated(hit.id);
    const items = body.hits.map((related) => {
      const snippet = el("p", { className: "snippet" });
      appendHighlight(snippet, (related.highlight && related.highlight.body[0]) || "");
      return el("li", {},
        el("a", { href: articleHref(related), text: related.title }),
        metaLine(related), snippet);
    });
    panel.replaceChildren(el("h3", { className: "related-heading", text: "Related articles" }),
      items.length ? el("ul", { className: "related-list" }, ...items)
        : el("p", { className: "muted", text: "No related articles." }));
  } catch (err) {
    delete panel.dataset.loaded;  // let the next click retry
    panel.replaceChildren(el("p", { className: "error", role: "alert",
      text: `Could not load related articles: ${err.message}` }));
  } finally {
    panel.removeAttribute("aria-busy");
  }
}

// `count`: a number, a total ({value, relation}: a lower bound shows as "1,000+"), or undefined.
function facetItem(label, count, href, selected, focusKey, disabled = false) {
  const total = typeof count === "number" ? { value: count, relation: "eq" } : count;
  const atLeast = total !== undefined && total.relation === "gte";
  // Seen as "1,000+", heard as "at least 1,000 results".
  const countText = total === undefined ? null : el("span", { className: "count" },
    hidden(atLeast ? ", at least " : ", "),
    el("span", { "aria-hidden": atLeast ? "true" : null, text: shortCount(total) }),
    atLeast ? hidden(`${total.value.toLocaleString("en")} results`) : null,
    atLeast ? null : hidden(total.value === 1 ? " result" : " results"));
  if (disabled && !selected) {
    return el("li", { className: "facet-empty" }, el("span", {}, label, countText));
  }
  const a = navLink(href, focusKey, el("span", { className: "facet-label", text: label }), countText);
  if (selected) {
    a.setAttribute("aria-current", "true");
    a.append(hidden(" (selected: activate to remove)"));
  }
  return el("li", { className: selected ? "selected" : "" }, a);
}

// The facet panel: source and section values with counts (each toggles a filter) and the date
// ranges (`dateCounts[from]` is the range's total, {value, relation}, or undefined while it is
// being counted).
export function renderFacets(container, body, state, hrefFor, dateCounts) {
  const groups = [];
  for (const field of FILTER_FIELDS) {
    const values = (body.facets && body.facets[field]) || [];
    const shown = new Set(values.map((v) => v.value));
    const items = values.map((v) => facetItem(v.value, v.count,
      hrefFor(toggleFilter(state, field, v.value)), state[field].includes(v.value),
      `facet:${field}:${v.value}`));
    // A selected value the server did not return (count 0, or past facet_size) stays removable.
    for (const value of state[field].filter((v) => !shown.has(v))) {
      items.push(facetItem(value, undefined, hrefFor(toggleFilter(state, field, value)), true,
        `facet:${field}:${value}`));
    }
    if (items.length === 0) continue;
    groups.push(el("section", { className: "facet", "aria-labelledby": `facet-${field}` },
      el("h2", { id: `facet-${field}`, text: FIELD_LABELS[field] }),
      el("ul", {}, ...items)));
  }
  const dateItems = [facetItem("Any time", undefined, hrefFor(withChanges(state, { from: "" })),
    state.from === "", "facet:from:")];
  for (const range of DATE_RANGES) {
    const count = dateCounts[range.from];
    const selected = state.from === range.from;
    dateItems.push(facetItem(range.label, count, hrefFor(withChanges(state,
      { from: selected ? "" : range.from })), selected, `facet:from:${range.from}`,
      count !== undefined && count.value === 0));
  }
  groups.push(el("section", { className: "facet", "aria-labelledby": "facet-date" },
    el("h2", { id: "facet-date", text: "Date" }), el("ul", {}, ...dateItems)));
  container.replaceChildren(...groups);
}

// Chips above the results, one per active filter, each removing it.
export function renderActiveFilters(list, state, hrefFor) {
  const chips = [];
  for (const field of FILTER_FIELDS) {
    for (const value of state[field]) {
      chips.push(el("li", {}, navLink(hrefFor(toggleFilter(state, field, value)),
        `chip:${field}:${value}`, `${FIELD_LABELS[field]}: ${value}`,
        el("span", { "aria-hidden": "true", text: " ×" }), hidden(" (remove filter)"))));
    }
  }
  if (state.from) {
    const range = DATE_RANGES.find((r) => r.from === state.from);
    chips.push(el("li", {}, navLink(hrefFor(withChanges(state, { from: "" })), "chip:from",
      `Date: ${range ? range.label : `since ${state.from}`}`,
      el("span", { "aria-hidden": "true", text: " ×" }), hidden(" (remove filter)"))));
  }
  list.replaceChildren(...chips);
  list.hidden = chips.length === 0;
}

// "Did you mean …?" (or, when the server already searched the correction, "Showing results for").
export function renderCorrection(paragraph, body, state, hrefFor) {
  if (!body.corrected_query) {
    paragraph.hidden = true;
    paragraph.replaceChildren();
    return;
  }
  const link = navLink(hrefFor(withChanges(state, { q: body.corrected_query })), "correction",
    el("strong", { text: body.corrected_query }));
  link.id = "did-you-mean";
  if (body.auto_corrected) {
    const typed = navLink(hrefFor(withChanges(state, { correct: false })), "typed",
      el("span", { text: state.q }));
    typed.id = "search-instead";
    paragraph.replaceChildren("Showing results for ", link, ". Search instead for ", typed, ".");
  } else {
    paragraph.replaceChildren("Did you mean ", link, "?");
  }
  paragraph.hidden = false;
}

function pageNumbers(current, last) {
  const pages = new Set([1, last, current - 2, current - 1, current, current + 1, current + 2]);
  return [...pages].filter((p) => p >= 1 && p <= last).sort((a, b) => a - b);
}

export function renderPager(nav, body, state, hrefFor) {
  const reachable = Math.floor(MAX_DEPTH / PER_PAGE);
  const counted = Math.ceil(body.total.value / PER_PAGE);
  // With a lower-bound total there may be more pages than counted: offer the next one.
  const more = body.total.relation === "gte" && body.hits.length === PER_PAGE ? state.page + 1 : 0;
  const last = Math.min(reachable, Math.max(counted, more, state.page));
  if (last <= 1) {
    nav.replaceChildren();
    return;
  }
  const items = [];
  if (state.page > 1) {
    items.push(el("li", {}, navLink(hrefFor(withChanges(state, { page: state.page - 1 })),
      "page:prev", el("span", { "aria-hidden": "true", text: "← " }), "Previous",
      hidden(" page"))));
  }
  let previous = 0;
  for (const page of pageNumbers(state.page, last)) {
    if (page > previous + 1) items.push(el("li", { className: "gap", "aria-hidden": "true", text: "…" }));
    previous = page;
    if (page === state.page) {
      items.push(el("li", {}, el("span", { "aria-current": "page", className: "current" },
        hidden("Page "), String(page))));
    } else {
      items.push(el("li", {}, navLink(hrefFor(withChanges(state, { page })), `page:${page}`,
        hidden("Page "), String(page))));
    }
  }
  if (state.page < last) {
    items.push(el("li", {}, navLink(hrefFor(withChanges(state, { page: state.page + 1 })),
      "page:next", "Next", hidden(" page"), el("span", { "aria-hidden": "true", text: " →" }))));
  }
  nav.replaceChildren(el("ul", {}, ...items));
}

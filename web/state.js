// The search page's whole state, and its two spellings: the page URL (shareable, one history
// entry per search) and the /v1/search request. Pure functions, so node:test imports this file.

export const PER_PAGE = 10;
export const MAX_DEPTH = 10000;  // the server's default max-result-depth
export const FILTER_FIELDS = ["source", "section"];
export const SORTS = ["relevance", "newest", "updated"];
export const RECENCIES = ["off", "balanced", "strong"];
// Date ranges offered as a facet: the API's `from` takes an age before now.
export const DATE_RANGES = [
  { from: "24h", label: "Past day" },
  { from: "7d", label: "Past week" },
  { from: "30d", label: "Past month" },
  { from: "1y", label: "Past year" },
];

export function defaultState() {
  return {
    q: "", page: 1, source: [], section: [], from: "", sort: "relevance", recency: "balanced",
    correct: true,
  };
}

function splitList(value) {
  return (value || "").split(",").map((v) => v.trim()).filter(Boolean);
}

// Reads a state from a query string ("?q=…&source=A,B&page=2"); unknown values fall back to
// their defaults rather than failing.
export function parseState(search) {
  const params = new URLSearchParams(search);
  const state = defaultState();
  state.q = params.get("q") || "";
  const page = Number.parseInt(params.get("page") || "1", 10);
  state.page = Number.isFinite(page) && page >= 1 ? Math.min(page, MAX_DEPTH / PER_PAGE) : 1;
  for (const field of FILTER_FIELDS) state[field] = splitList(params.get(field));
  state.from = params.get("from") || "";
  if (SORTS.includes(params.get("sort"))) state.sort = params.get("sort");
  if (RECENCIES.includes(params.get("recency"))) state.recency = params.get("recency");
  state.correct = params.get("correct") !== "false";
  return state;
}

// The page URL of a state: only what differs from the defaults, in a fixed order.
export function stateToQuery(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const field of FILTER_FIELDS) {
    if (state[field].length) params.set(field, state[field].join(","));
  }
  if (state.from) params.set("from", state.from);
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (state.recency !== "balanced") params.set("recency", state.recency);
  if (!state.correct) params.set("correct", "false");
  if (state.page > 1) params.set("page", String(state.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

// The /v1/search parameters for a state. `overrides` replaces some of them (the date facet
// counts ask for one hit of the same search with another `from`).
export function apiParams(state, overrides = {}) {
  const params = new URLSearchParams();
  params.set("q", state.q);
  params.set("page", String(state.page));
  params.set("per_page", String(PER_PAGE));
  params.set("facets", FILTER_FIELDS.join(","));
  for (const field of FILTER_FIELDS) {
    if (state[field].length) params.set(field, state[field].join(","));
  }
  if (state.from) params.set("from", state.from);
  params.set("sort", state.sort);
  if (state.sort === "relevance") params.set("recency", state.recency);
  if (!state.correct) params.set("correct", "false");
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  return params;
}

// A copy of `state` with `changes` applied; any change but a page change starts at page 1, and
// a new query may be corrected again.
export function withChanges(state, changes) {
  const next = { ...state, ...changes };
  if (!("page" in changes)) next.page = 1;
  if ("q" in changes && !("correct" in changes)) next.correct = true;
  return next;
}

// `state` with `value` added to or removed from the filter `field`.
export function toggleFilter(state, field, value) {
  const values = state[field].includes(value)
    ? state[field].filter((v) => v !== value)
    : [...state[field], value];
  return withChanges(state, { [field]: values });
}

export function hasFilters(state) {
  return FILTER_FIELDS.some((field) => state[field].length > 0) || state.from !== "";
}

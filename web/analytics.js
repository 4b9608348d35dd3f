// The search analytics page (/admin/analytics): asks for the analytics key, keeps it in this
// tab's sessionStorage (never in the URL) and sends it as a Bearer header to /v1/analytics; shows
// the totals, a daily chart (plain SVG) and the tables. Text from the API is only set as text.
import { element, getJson } from "./dom.js";

const KEY_STORAGE = "dateline-analytics-key";
const SVG = "http://www.w3.org/2000/svg";

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => element(document, tag, props, ...children);
const form = $("analytics-form");
const keyInput = $("key");
const fromInput = $("from");
const toInput = $("to");
const statusLine = $("status");
const report = $("report");

const number = (n) => n.toLocaleString("en");
const percent = (r) => `${(r * 100).toFixed(1)}%`;

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  node.append(...children);
  return node;
}

function setStatus(text, error = false) {
  statusLine.textContent = text;
  statusLine.classList.toggle("error", error);
}

// A table of `rows` with `columns`: [{label, value(row), num}].
function table(caption, columns, rows) {
  if (rows.length === 0) return el("p", { className: "muted", text: "None in this range." });
  const head = el("tr", {}, ...columns.map((c) => el("th", { scope: "col",
    className: c.num ? "num" : null, text: c.label })));
  const body = rows.map((row) => el("tr", {}, ...columns.map((c) => el("td", {
    className: c.num ? "num" : null, text: c.value(row) }))));
  return el("table", {}, el("caption", { className: "visually-hidden", text: caption }),
    el("thead", {}, head), el("tbody", {}, ...body));
}

const QUERY = { label: "Query", value: (r) => r.query };
const SEARCHES = { label: "Searches", value: (r) => number(r.searches), num: true };

function renderTotals(t) {
  const items = [["Searches", number(t.searches)], ["No results", number(t.zero_results)],
    ["Opened a result", number(t.clicked_searches)], ["No result opened", number(t.no_click_searches)],
    ["Click-through", percent(t.click_through)]];
  $("totals").replaceChildren(...items.map(([label, value]) =>
    el("div", {}, el("dt", { text: label }), el("dd", { text: value }))));
}

// Every day from `from` to `to` ("YYYY-MM-DD", UTC), with its counts or zeros.
function everyDay(from, to, days) {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const out = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86400000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(byDay.get(day) || { day, searches: 0, zero_results: 0 });
  }
  return out;
}

// One bar per day of the range: searches, the zero-result part of each in the danger colour.
function renderChart(body) {
  const chart = $("chart");
  if (body.days.length === 0) {
    chart.replaceChildren(el("p", { className: "muted", text: "No searches in this range." }));
    return;
  }
  const days = everyDay(body.from, body.to, body.days);
  const width = 640;
  const height = 200;
  const pad = 24;
  const max = Math.max(1, ...days.map((d) => d.searches));
  const step = (width - pad) / days.length;
  const bar = Math.max(1, Math.min(step * 0.8, 24));
  const y = (n) => height - pad - (n / max) * (height - 2 * pad);
  const shapes = [svg("line", { x1: pad, x2: width, y1: height - pad, y2: height - pad,
    stroke: "currentColor", "stroke-opacity": "0.3" })];
  days.forEach((d, i) => {
    if (d.searches === 0) return;
    const x = pad + i * step + (step - bar) / 2;
    const title = `${d.day}: ${number(d.searches)} searches, ${number(d.zero_results)} with no results`;
    shapes.push(svg("rect", { class: "bar", x, y: y(d.searches), width: bar,
      height: height - pad - y(d.searches) }, svg("title", {}, title)));
    if (d.zero_results > 0) {
      shapes.push(svg("rect", { class: "bar zero", x, y: y(d.zero_results), width: bar,
        height: height - pad - y(d.zero_results) }, svg("title", {}, title)));
    }
  });
  const labels = [svg("text", { x: 0, y: 12 }, number(max)),
    svg("text", { x: pad, y: height - 6 }, body.from),
    svg("text", { x: width, y: height - 6, "text-anchor": "end" }, body.to)];
  const summary = `Searches per day from ${body.from} to ${body.to}, at most ${number(max)} a day`;
  chart.replaceChildren(
    svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": summary },
      ...shapes, ...labels),
    el("p", { className: "legend" }, el("span", { className: "swatch searches" }), "searches",
      el("span", { className: "swatch zero" }), "of them, with no results",
      " (the click-through table below has the figures)"));
}

function render(body) {
  renderTotals(body.totals);
  renderChart(body);
  $("top-queries").replaceChildren(table("Top queries", [QUERY, SEARCHES,
    { label: "No results", value: (r) => number(r.zero_results), num: true },
    { label: "Clicks", value: (r) => number(r.clicks), num: true },
    { label: "Click-through", value: (r) => percent(r.click_through), num: true }],
  body.top_queries));
  $("zero-queries").replaceChildren(table("Queries with no results", [QUERY,
    { label: "Searches with no results", value: (r) => number(r.zero_results), num: true }],
  body.zero_result_queries));
  $("no-click-queries").replaceChildren(table("Queries after which no result was opened", [QUERY,
    { label: "Searches without a click", value: (r) => number(r.no_click_searches), num: true },
    SEARCHES], body.no_click_queries));
  $("click-through").replaceChildren(table("Click-through per day", [
    { label: "Day", value: (r) => r.day }, SEARCHES,
    { label: "Opened a result", value: (r) => number(r.clicked_searches), num: true },
    { label: "Click-through", value: (r) => percent(r.click_through), num: true }],
  [...body.days].reverse()));
  report.hidden = false;
}

async function load() {
  const key = keyInput.value.trim();
  if (!key) {
    setStatus("Type the analytics key first.", true);
    keyInput.focus();
    return;
  }
  sessionStorage.setItem(KEY_STORAGE, key);
  const params = new URLSearchParams({ limit: "20" });
  if (fromInput.value) params.set("from", fromInput.value);
  if (toInput.value) params.set("to", toInput.value);
  setStatus("Loading…");
  try {
    const body = await getJson(`/v1/analytics?${params}`, undefined,
      { Authorization: `Bearer ${key}` });
    fromInput.value = body.from;
    toInput.value = body.to;
    render(body);
    setStatus(`${number(body.totals.searches)} searches from ${body.from} to ${body.to}.`);
  } catch (err) {
    report.hidden = true;
    setStatus(`Could not load analytics: ${err.message}`, true);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  load();
});
$("forget").addEventListener("click", () => {
  sessionStorage.removeItem(KEY_STORAGE);
  keyInput.value = "";
  report.hidden = true;
  setStatus("The key is forgotten.");
});

const saved = sessionStorage.getItem(KEY_STORAGE);
if (saved) {
  keyInput.value = saved;
  load();
} else {
  keyInput.focus();
}

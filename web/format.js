// Pure helpers shared by the search page and the <dateline-search> widget: highlight parsing,
// dates, safe links. No DOM access except in appendHighlight, so node:test can import this file.

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decodeEntities(text) {
  return text.replace(/&(#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi, (whole, name) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X"
        ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const value = ENTITIES[name.toLowerCase()];
    return value === undefined ? whole : value;
  });
}

// Splits a highlight from the API (escaped document text with <mark>…</mark> around matches)
// into [{text, mark}] runs. Only <mark> and </mark> are understood; any other markup stays
// literal text, so even a misbehaving server cannot inject elements or scripts.
export function parseHighlight(html) {
  const runs = [];
  let marked = false;
  for (const part of String(html ?? "").split(/(<\/?mark>)/i)) {
    const lower = part.toLowerCase();
    if (lower === "<mark>") {
      marked = true;
    } else if (lower === "</mark>") {
      marked = false;
    } else if (part !== "") {
      runs.push({ text: decodeEntities(part), mark: marked });
    }
  }
  return runs;
}

// Appends a highlight to `parent` as text nodes and <mark> elements (never as HTML).
export function appendHighlight(parent, html) {
  const doc = parent.ownerDocument;
  for (const run of parseHighlight(html)) {
    if (run.mark) {
      const mark = doc.createElement("mark");
      mark.textContent = run.text;
      parent.append(mark);
    } else {
      parent.append(doc.createTextNode(run.text));
    }
  }
}

const UNITS = [
  ["year", 365 * 24 * 3600], ["month", 30 * 24 * 3600], ["week", 7 * 24 * 3600],
  ["day", 24 * 3600], ["hour", 3600], ["minute", 60], ["second", 1],
];
const RECENT_SECONDS = 7 * 24 * 3600;

// How a publication date is shown: {iso, text, title}. Within the last 7 days relative ("3 hours
// ago", "yesterday"), otherwise the absolute date ("12 Sept 2024"). `now` is a Date and `locale`
// a BCP 47 tag, for tests; by default the browser's language decides the wording.
export function describeDate(iso, now = new Date(), locale = undefined) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return null;
  const absolute = date.toLocaleDateString(locale, { day: "numeric", month: "short", year: "numeric" });
  const title = date.toLocaleString(locale, {
    day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit",
    timeZoneName: "short",
  });
  const seconds = (now.getTime() - date.getTime()) / 1000;
  if (seconds < -60 || seconds >= RECENT_SECONDS) return { iso, text: absolute, title };
  if (seconds < 60) return { iso, text: "just now", title };
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return { iso, text: format.format(-Math.floor(seconds / size), unit), title };
  }
  return { iso, text: absolute, title };
}

// A <time datetime> element for a publication date, or null when there is none.
export function timeElement(doc, iso, now = new Date()) {
  const described = describeDate(iso, now);
  if (!described) return null;
  const time = doc.createElement("time");
  time.dateTime = described.iso;
  time.textContent = described.text;
  time.title = described.title;
  return time;
}

// The link for a hit: its own url when that is a web address (a document's url could be
// "javascript:…"), else the stored article on `base`.
export function articleHref(hit, base = "") {
  const url = typeof hit.url === "string" ? hit.url : "";
  return /^https?:\/\//i.test(url) ? url : `${base}/v1/articles/${encodeURIComponent(hit.id)}`;
}

// A facet's count as shown: "7", "1,200", or "1,000+" for a lower bound (relation "gte").
export function shortCount(total) {
  return `${total.value.toLocaleString("en")}${total.relation === "gte" ? "+" : ""}`;
}

// "1 result", "13 results", "at least 1,000 results" (a lower bound when relation is "gte").
export function countText(total, noun = "result") {
  const n = total.value.toLocaleString("en");
  const plural = total.value === 1 && total.relation !== "gte" ? noun : `${noun}s`;
  return total.relation === "gte" ? `at least ${n} ${plural}` : `${n} ${plural}`;
}

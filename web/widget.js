// <dateline-search>: a drop-in news search box for any site. One tag loads it:
//   <script type="module" src="https://search.example/static/widget.js"></script>
//   <dateline-search endpoint="https://search.example"></dateline-search>
// It calls the Dateline API cross-origin (the server must list the site in --cors-origins), shows
// autocomplete and a results panel in its shadow DOM, and is themed with CSS custom properties
// (--dateline-accent, --dateline-font, --dateline-bg, --dateline-fg, --dateline-radius, …):
// see docs/WIDGET.md.
import { Combobox } from "./combobox.js";
import { element as make, getJson, sendClick } from "./dom.js";
import { appendHighlight, articleHref, countText, timeElement } from "./format.js";

const STYLE = `
:host { display: block; position: relative; max-width: 40rem;
  font-family: var(--dateline-font, inherit); color: var(--dateline-fg, #1d232a);
  --_accent: var(--dateline-accent, #0b5cad); --_bg: var(--dateline-bg, #ffffff);
  --_fg: var(--dateline-fg, #1d232a); --_muted: var(--dateline-muted, #4f5a64);
  --_radius: var(--dateline-radius, 6px); --_border: var(--dateline-border, #6b7680);
  --_mark: var(--dateline-mark, #fff1a8); --_focus: var(--dateline-focus, #b3470b); }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; padding: 0; }
form { display: flex; gap: .5rem; }
.combo { position: relative; flex: 1; min-width: 0; }
input { width: 100%; font: inherit; color: var(--_fg); background: var(--_bg); padding: .5rem .75rem;
  border: 1px solid var(--_border); border-radius: var(--_radius); }
button { font: inherit; padding: .5rem 1rem; border: 0; border-radius: var(--_radius);
  background: var(--_accent); color: var(--dateline-accent-fg, #ffffff); cursor: pointer; }
ul[role="listbox"] { position: absolute; z-index: 2; left: 0; right: 0; top: calc(100% + 4px);
  margin: 0; padding: .25rem 0; list-style: none; background: var(--_bg); color: var(--_fg);
  border: 1px solid var(--_border); border-radius: var(--_radius);
  box-shadow: 0 6px 18px rgb(0 0 0 / .15); }
ul[role="listbox"][hidden] { display: none; }
li[role="option"] { padding: .4rem .75rem; cursor: pointer; }
li[role="option"][aria-selected="true"] { background: var(--_accent);
  color: var(--dateline-accent-fg, #ffffff); }
.panel { position: absolute; z-index: 1; left: 0; right: 0; top: calc(100% + 6px);
  background: var(--_bg); color: var(--_fg); border: 1px solid var(--_border);
  border-radius: var(--_radius); box-shadow: 0 8px 24px rgb(0 0 0 / .15);
  max-height: var(--dateline-panel-max-height, 28rem); overflow-y: auto; padding: .5rem 1rem; }
.panel[hidden] { display: none; }
.status { margin: .25rem 0; color: var(--_muted); font-size: .9em; }
ol { list-style: none; margin: 0; padding: 0; }
li.hit { padding: .6rem 0; border-top: 1px solid var(--dateline-divider, #e3e7ea); }
.title { font-weight: 600; font-size: 1.02em; margin: 0; }
.title a { color: var(--_accent); }
.meta { margin: .1rem 0 0; color: var(--_muted); font-size: .85em; }
.snippet { margin: .25rem 0 0; font-size: .92em; overflow-wrap: anywhere; }
mark { background: var(--_mark); color: inherit; padding: 0 .1em; border-radius: 2px; }
.all { margin: .5rem 0 .25rem; font-size: .9em; }
.all a { color: var(--_accent); }
`;

const PER_PAGE_DEFAULT = 5;

export class DatelineSearch extends HTMLElement {
  static get observedAttributes() {
    return ["placeholder", "label"];
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    const doc = document;
    const style = make(doc, "style");
    style.textContent = STYLE;
    this.input = make(doc, "input", { id: "input", part: "input", type: "search",
      spellcheck: "false", enterkeyhint: "search" });
    this.labelText = make(doc, "label", { class: "vh", for: "input", text: "Search news" });
    this.listbox = make(doc, "ul", { id: "suggestions", part: "suggestions", "aria-label": "Suggestions" });
    this.form = make(doc, "form", { part: "form", role: "search" },
      this.labelText, make(doc, "div", { class: "combo" }, this.input, this.listbox),
      make(doc, "button", { type: "submit", part: "button", text: "Search" }));
    this.status = make(doc, "p", { class: "status" });
    // The live region stays in the tree while the panel is hidden, so every change is announced.
    this.live = make(doc, "p", { class: "vh", role: "status", "aria-live": "polite" });
    this.results = make(doc, "ol", { "aria-label": "Results" });
    this.all = make(doc, "p", { class: "all" });
    this.panel = make(doc, "section", { class: "panel", part: "panel", "aria-label": "Search results" },
      this.status, this.results, this.all);
    this.panel.hidden = true;
    root.append(style, this.form, this.live, this.panel);

    this.controller = null;
    this.combobox = new Combobox(this.input, this.listbox, {
      idPrefix: "suggestion",
      suggest: async (text, signal) => {
        const url = `${this.endpoint}/v1/suggest?q=${encodeURIComponent(text)}&limit=6`;
        return (await getJson(url, signal)).suggestions;
      },
      onChoose: (text) => this.search(text),
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.search(this.input.value);
    });
    // Escape (when the suggestions are closed) closes the panel; a click elsewhere too.
    root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !this.panel.hidden) {
        this.close();
        this.input.focus();
      }
    });
    this.onOutside = (event) => {
      if (!event.composedPath().includes(this)) this.close();
    };
  }

  connectedCallback() {
    document.addEventListener("pointerdown", this.onOutside);
    this.attributeChangedCallback();
  }

  disconnectedCallback() {
    document.removeEventListener("pointerdown", this.onOutside);
    if (this.controller) this.controller.abort();
  }

  attributeChangedCallback() {
    this.input.placeholder = this.getAttribute("placeholder") ?? "Search news";
    this.labelText.textContent = this.getAttribute("label") ?? "Search news";
  }

  // The Dateline server: the endpoint attribute, else the server this script came from.
  get endpoint() {
    const value = this.getAttribute("endpoint") || new URL(import.meta.url).origin;
    return value.replace(/\/+$/, "");
  }

  get perPage() {
    const n = Number.parseInt(this.getAttribute("per-page") || "", 10);
    return n >= 1 && n <= 20 ? n : PER_PAGE_DEFAULT;
  }

  close() {
    this.panel.hidden = true;
  }

  setStatus(text) {
    this.status.textContent = text;
    this.live.textContent = text;
  }

  async search(text) {
    const q = text.trim();
    if (this.controller) this.controller.abort();
    if (!q) {
      this.close();
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.panel.hidden = false;
    this.panel.setAttribute("aria-busy", "true");
    this.setStatus("Searching…");
    this.results.replaceChildren();
    this.all.replaceChildren();
    const params = new URLSearchParams({ q, per_page: String(this.perPage) });
    try {
      const body = await getJson(`${this.endpoint}/v1/search?${params}`, controller.signal);
      if (controller.signal.aborted) return;
      this.render(q, body);
    } catch (err) {
      if (controller.signal.aborted) return;
      this.setStatus("Search is unavailable right now.");
      // For the site's developer: the usual cause is a missing --cors-origins entry.
      console.warn(`dateline-search: ${this.endpoint}: ${err.message} (is this site's origin ` +
        "in the server's --cors-origins?)");
    } finally {
      if (!controller.signal.aborted) this.panel.removeAttribute("aria-busy");
    }
    this.dispatchEvent(new CustomEvent("dateline-results", { detail: { q }, bubbles: true, composed: true }));
  }

  render(q, body) {
    const doc = document;
    const target = this.getAttribute("target");
    // An auto-corrected query's hits are the correction's: say so (the results page, one click
    // away, offers the typed words again).
    const shown = body.auto_corrected ? body.corrected_query : q;
    this.setStatus(body.total.value === 0
      ? `No results for “${q}”.` : `${countText(body.total)} for “${shown}”`);
    this.results.replaceChildren(...body.hits.map((hit, i) => {
      const link = make(doc, "a", { href: articleHref(hit, this.endpoint) });
      // Opening a hit is counted (POST /v1/events/click) when the search was.
      const open = () => sendClick(this.endpoint, body.search_id, hit.id, i + 1);
      link.addEventListener("click", open);
      link.addEventListener("auxclick", (event) => { if (event.button === 1) open(); });
      if (target) {
        link.target = target;
        link.rel = "noopener";
      }
      appendHighlight(link, hit.highlight.title);
      const meta = make(doc, "p", { class: "meta" }, hit.source || "");
      const time = timeElement(doc, hit.published_at);
      if (time) meta.append(hit.source ? " · " : "", time);
      const snippet = make(doc, "p", { class: "snippet" });
      appendHighlight(snippet, hit.highlight.body[0] || "");
      return make(doc, "li", { class: "hit", part: "result" },
        make(doc, "p", { class: "title" }, link), meta, snippet);
    }));
    const resultsUrl = this.getAttribute("results-url") ?? `${this.endpoint}/`;
    if (resultsUrl && body.total.value > body.hits.length) {
      const all = make(doc, "a", { href: `${resultsUrl}?q=${encodeURIComponent(q)}`,
        text: `See all ${countText(body.total)}` });
      this.all.replaceChildren(all);
    }
  }
}

if (!customElements.get("dateline-search")) customElements.define("dateline-search", DatelineSearch);

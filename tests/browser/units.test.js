// The page's pure modules (web/format.js, web/state.js) under node, without a browser.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";

// web/ has no package.json saying "type": "module" (it is served as is), so node would read its
// files as CommonJS; importing the source as a data: URL makes it an ES module on any node.
async function load(name) {
  const source = readFileSync(new URL(`../../web/${name}`, import.meta.url));
  return import(`data:text/javascript;base64,${source.toString("base64")}`);
}
const { articleHref, countText, describeDate, parseHighlight, shortCount } =
  await load("format.js");
const { apiParams, defaultState, parseState, stateToQuery, toggleFilter, withChanges } =
  await load("state.js");

describe("parseHighlight", () => {
  test("splits marks from text and decodes the escaped document text", () => {
    assert.deepEqual(parseHighlight("…&lt;<mark>script</mark>&gt; Parks &amp; Lumora&#39;s &quot;x&quot;"), [
      { text: "…<", mark: false },
      { text: "script", mark: true },
      { text: "> Parks & Lumora's \"x\"", mark: false },
    ]);
  });

  test("any other markup stays literal text", () => {
    assert.deepEqual(parseHighlight('<img src=x onerror="alert(1)"><MARK>a</MARK>'), [
      { text: '<img src=x onerror="alert(1)">', mark: false },
      { text: "a", mark: true },
    ]);
    assert.deepEqual(parseHighlight("&bogus; &#x1F600; &#0;"), [
      { text: "&bogus; \u{1F600} &#0;", mark: false },
    ]);
    assert.deepEqual(parseHighlight(undefined), []);
  });
});

describe("describeDate", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  test("recent dates are relative", () => {
    assert.equal(describeDate("2026-03-10T09:00:00Z", now, "en").text, "3 hours ago");
    assert.equal(describeDate("2026-03-09T11:00:00Z", now, "en").text, "yesterday");
    assert.equal(describeDate("2026-03-10T11:59:30Z", now, "en").text, "just now");
    assert.equal(describeDate("2026-03-05T12:00:00Z", now, "en").text, "5 days ago");
  });
  test("older and future dates are absolute", () => {
    assert.equal(describeDate("2024-08-01T06:55:00Z", now, "en-GB").text, "1 Aug 2024");
    assert.equal(describeDate("2026-03-01T12:00:00Z", now, "en-GB").text, "1 Mar 2026");
    assert.equal(describeDate("2026-04-01T12:00:00Z", now, "en-GB").text, "1 Apr 2026");
    assert.equal(describeDate("2024-08-01T06:55:00Z", now).iso, "2024-08-01T06:55:00Z");
  });
  test("no date, no description", () => {
    assert.equal(describeDate(null, now), null);
    assert.equal(describeDate("not a date", now), null);
  });
});

test("articleHref follows only web links", () => {
  assert.equal(articleHref({ id: "a", url: "https://x.example/a" }), "https://x.example/a");
  assert.equal(articleHref({ id: "a/b", url: "javascript:alert(1)" }, "http://h:1"),
    "http://h:1/v1/articles/a%2Fb");
  assert.equal(articleHref({ id: "a" }), "/v1/articles/a");
});

test("shortCount", () => {
  assert.equal(shortCount({ value: 7, relation: "eq" }), "7");
  assert.equal(shortCount({ value: 1200, relation: "eq" }), "1,200");
  assert.equal(shortCount({ value: 1000, relation: "gte" }), "1,000+");
});

test("countText", () => {
  assert.equal(countText({ value: 1, relation: "eq" }), "1 result");
  assert.equal(countText({ value: 1200, relation: "eq" }), "1,200 results");
  assert.equal(countText({ value: 1000, relation: "gte" }), "at least 1,000 results");
});

describe("page state", () => {
  test("round-trips through the URL with defaults left out", () => {
    const state = withChanges(defaultState(), {
      q: "water rationing", source: ["The Harbor Ledger", "Kernel Street"], from: "7d",
      sort: "newest",
    });
    const query = stateToQuery({ ...state, page: 3 });
    assert.equal(query,
      "?q=water+rationing&source=The+Harbor+Ledger%2CKernel+Street&from=7d&sort=newest&page=3");
    assert.deepEqual(parseState(query), { ...state, page: 3 });
    assert.equal(stateToQuery(defaultState()), "");
  });

  test("a query searched as typed keeps that through facets, not to a new query", () => {
    const typed = parseState("?q=rationnig&correct=false");
    assert.equal(typed.correct, false);
    assert.equal(stateToQuery(typed), "?q=rationnig&correct=false");
    assert.equal(apiParams(typed).get("correct"), "false");
    assert.equal(withChanges(typed, { sort: "newest" }).correct, false);
    assert.equal(withChanges(typed, { q: "harbour" }).correct, true);
    assert.equal(apiParams(defaultState()).get("correct"), null);
  });

  test("bad values in the URL fall back to defaults", () => {
    const state = parseState("?page=-4&sort=sideways&recency=max&section=,,");
    assert.deepEqual(state, defaultState());
    assert.equal(parseState("?page=999999").page, 1000);
  });

  test("changing anything but the page goes back to page 1", () => {
    const state = { ...defaultState(), page: 4 };
    assert.equal(withChanges(state, { sort: "newest" }).page, 1);
    assert.equal(withChanges(state, { page: 5 }).page, 5);
    const on = toggleFilter(state, "section", "Business");
    assert.deepEqual(on.section, ["Business"]);
    assert.deepEqual(toggleFilter(on, "section", "Business").section, []);
  });

  test("API parameters carry recency only with relevance sort", () => {
    const state = withChanges(defaultState(), { q: "port", section: ["Business"], recency: "strong" });
    assert.equal(apiParams(state).toString(),
      "q=port&page=1&per_page=10&facets=source%2Csection&section=Business&sort=relevance&recency=strong");
    const newest = apiParams(withChanges(state, { sort: "newest" }));
    assert.equal(newest.get("recency"), null);
    const count = apiParams(state, { from: "7d", per_page: "1", facets: null });
    assert.equal(count.get("from"), "7d");
    assert.equal(count.get("facets"), null);
  });
});

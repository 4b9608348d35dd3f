// Search analytics in a real browser: the search page's click beacon is counted once, the page's
// follow-up requests are not, and the /admin/analytics page takes a typed key (kept in
// sessionStorage, never in the URL) and shows the tables with the API's text as text.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { launchBrowser, startDateline, withPage } from "./harness.js";

const TEST_TIMEOUT = 60000;
const KEY = "browser-analytics-key-2c9e";
const HOSTILE = "<img src=x onerror=alert(1)>";

describe("search analytics", { timeout: 180000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startDateline(["--analytics-key", KEY]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  async function totals() {
    const res = await fetch(`${server.url}/v1/analytics`, {
      headers: { Authorization: `Bearer ${KEY}` },
    });
    return (await res.json()).totals;
  }

  // Polls `condition` every 50 ms for at most `limit` ms; the recorder writes about once a second.
  async function eventually(condition, limit = 5000) {
    const deadline = Date.now() + limit;
    while (Date.now() < deadline) {
      if (await condition()) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }

  test("opening a hit on the search page is counted once", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, "analytics-click", async (page) => {
      // Articles link elsewhere: answer those navigations with a stand-in page.
      await page.context().route((url) => url.origin !== server.url,
        (route) => route.fulfill({ contentType: "text/html", body: "<p>article</p>" }));
      await page.goto(`${server.url}/?q=water+rationing`);
      const link = page.locator("#results > li.hit .hit-title a").first();
      await link.waitFor();
      const beacon = page.waitForRequest((req) => req.url().endsWith("/v1/events/click"));
      await link.click();
      const sent = JSON.parse((await beacon).postData());
      assert.match(sent.search_id, /^[0-9a-f]{32}$/);
      assert.equal(sent.position, 1);
      assert.ok(sent.id);
      // One search (the date facet counts are not counted) and one click.
      assert.ok(await eventually(async () => (await totals()).clicks === 1));
      assert.equal((await totals()).searches, 1);
    });
  });

  test("the admin page takes a typed key and shows the tables", { timeout: TEST_TIMEOUT }, async () => {
    const res = await fetch(`${server.url}/v1/search?q=${encodeURIComponent(HOSTILE)}`);
    assert.equal(res.status, 200);
    assert.ok(await eventually(async () => (await totals()).searches >= 2));
    await withPage(browser, "analytics-admin", async (page) => {
      await page.goto(`${server.url}/admin/analytics`);
      await page.locator("#key").fill(KEY);
      await page.locator("#analytics-form button[type=submit]").click();
      const top = page.locator("#top-queries table");
      await top.waitFor();
      const cells = await top.locator("td").allTextContents();
      assert.ok(cells.includes("water rationing"));
      // The API's text is shown as text: the query appears literally and makes no element.
      assert.ok(cells.includes(HOSTILE));
      assert.equal(await page.locator("#report img").count(), 0);
      assert.equal(await page.locator("#chart svg rect.bar").count() >= 1, true);
      assert.ok(!page.url().includes(KEY));
      assert.equal(await page.evaluate(() => sessionStorage.getItem("dateline-analytics-key")), KEY);
      // A reload of the tab finds the key in sessionStorage, still not in the URL.
      await page.reload();
      await page.locator("#top-queries table").waitFor();
      assert.ok(!page.url().includes(KEY));
      await page.locator("#forget").click();
      assert.equal(await page.evaluate(() => sessionStorage.getItem("dateline-analytics-key")), null);
    });
  });
});

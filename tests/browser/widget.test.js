// The <dateline-search> widget on a page of another origin: the host page (a tiny node server on
// its own port) loads /static/widget.js from the Dateline server with one module script tag and
// searches it cross-origin.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  ARTIFACTS, launchBrowser, lowContrast, startDateline, startStaticServer, withPage,
} from "./harness.js";

const TEST_TIMEOUT = 60000;

function hostPage(endpoint) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host site</title><link rel="icon" href="data:,">
<style>
  body { font: 16px/1.5 Georgia, serif; margin: 2rem; }
  dateline-search { --dateline-accent: #8a1538; --dateline-radius: 0; --dateline-font: Georgia, serif; }
</style>
<script type="module" src="${endpoint}/static/widget.js"></script>
</head><body>
<h1>The Host Gazette</h1>
<dateline-search endpoint="${endpoint}" placeholder="Search the archive" per-page="4"></dateline-search>
<p>Some text of the host page below the search box.</p>
</body></html>`;
}

describe("widget", { timeout: 240000 }, () => {
  let host;
  let server;
  let closedServer;
  let browser;
  const routes = {};

  before(async () => {
    host = await startStaticServer(routes);
    server = await startDateline(["--cors-origins", host.url]);
    routes["/"] = ["text/html; charset=utf-8", hostPage(server.url)];
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    await closedServer?.stop();
    await host?.stop();
  });

  const widget = (page) => page.locator("dateline-search");

  test("searches another origin and shows highlighted results", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, "widget", async (page) => {
      await page.goto(`${host.url}/`);
      assert.notEqual(new URL(page.url()).origin, new URL(server.url).origin);
      const input = widget(page).locator("input");  // Playwright pierces the open shadow root
      await input.waitFor();
      assert.equal(await input.getAttribute("placeholder"), "Search the archive");
      await input.fill("harbour authority");
      await input.press("Enter");
      const hits = widget(page).locator("li.hit");
      await hits.first().waitFor();
      assert.equal(await hits.count(), 4);
      assert.ok(await hits.first().locator(".title mark").count() > 0);
      assert.ok(await hits.first().locator("time[datetime]").count() === 1);
      assert.match(await hits.first().locator("a").getAttribute("href"), /^https:\/\//);
      assert.match(await widget(page).locator(".status").textContent(),
        /results for “harbour authority”/);
      const all = widget(page).locator(".all a");
      assert.equal(await all.getAttribute("href"),
        `${server.url}/?q=${encodeURIComponent("harbour authority")}`);
      // A misspelt query: the status names the correction whose hits are shown.
      await input.fill("harbour authorty");
      await input.press("Enter");
      await page.waitForFunction(() => /results for “harbour authority”/.test(document
        .querySelector("dateline-search").shadowRoot.querySelector(".status").textContent) &&
        document.querySelector("dateline-search").shadowRoot.querySelector("input").value ===
        "harbour authorty");
      // Themed from the host page through CSS custom properties.
      const background = await widget(page).locator("button").evaluate(
        (b) => getComputedStyle(b).backgroundColor);
      assert.equal(background, "rgb(138, 21, 56)");
      await page.screenshot({ path: join(ARTIFACTS, "widget.png") });
      assert.deepEqual(await lowContrast(page), []);

      // Escape closes the panel and leaves the focus in the box.
      await input.focus();
      await page.keyboard.press("Escape");
      assert.equal(await widget(page).locator(".panel").isHidden(), true);
    });
  });

  test("autocomplete with the keyboard", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, "widget-autocomplete", async (page) => {
      await page.goto(`${host.url}/`);
      const input = widget(page).locator("input");
      await input.waitFor();
      await input.focus();
      const answered = page.waitForResponse((r) => r.url().includes("/v1/suggest?q=lumo&"));
      await page.keyboard.type("lumo", { delay: 30 });
      await answered;
      const option = widget(page).locator('[role="option"]').first();
      await option.waitFor();
      await page.keyboard.press("ArrowDown");
      assert.equal(await input.getAttribute("aria-activedescendant"), "suggestion-0");
      await page.keyboard.press("Enter");
      assert.equal(await input.inputValue(), "lumora");
      await widget(page).locator("li.hit").first().waitFor();
      assert.match(await widget(page).locator("li.hit .title").first().textContent(), /Lumora/i);
      // Tab leaves the box and reaches the first result link.
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(
        () => document.activeElement.shadowRoot?.activeElement?.closest("li.hit") !== null);
      assert.equal(focused, true);
    });
  });

  test("markup in results is text", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, "widget-escaping", async (page) => {
      await page.goto(`${host.url}/`);
      const input = widget(page).locator("input");
      await input.fill("<script>alert(1)</script>");
      await input.press("Enter");
      const snippet = widget(page).locator("li.hit .snippet").first();
      await snippet.waitFor();
      assert.ok((await snippet.textContent()).includes("<script>alert(1)</script>"));
      assert.equal(await widget(page).locator("li.hit script").count(), 0);
    });
  });

  test("without a CORS setting the script loads but searching says so", { timeout: TEST_TIMEOUT },
    async () => {
      closedServer = await startDateline();
      const plain = await startStaticServer({ "/": ["text/html; charset=utf-8", hostPage(closedServer.url)] });
      try {
        await withPage(browser, "widget-no-cors", async (page, problems) => {
          await page.goto(`${plain.url}/`);
          const input = widget(page).locator("input");
          await input.waitFor();  // the module script itself loaded cross-origin
          await input.fill("harbour");
          await input.press("Enter");
          await page.waitForFunction(() => document.querySelector("dateline-search").shadowRoot
            .querySelector(".status").textContent === "Search is unavailable right now.");
          // Chromium reports the blocked requests; nothing else may go wrong.
          const unexpected = problems.filter((p) => !/CORS|Failed to load resource/.test(p));
          problems.splice(0, problems.length, ...unexpected);
        });
      } finally {
        await plain.stop();
      }
    });
});

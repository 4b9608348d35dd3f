// Editor's picks on the search page: a hit pinned by the --curations file is shown first with a
// small "Editor's pick" label (text), the other hits have none, and a hidden article is absent.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { launchBrowser, startDateline, withPage } from "./harness.js";

describe("editor's picks", { timeout: 120000 }, () => {
  let server;
  let browser;
  const dir = mkdtempSync(join(tmpdir(), "dateline-curations-"));

  before(async () => {
    const rules = join(dir, "rules.json");
    writeFileSync(rules, JSON.stringify({
      rules: [{
        id: "drought-desk", query: "Water Rationing",
        pin: [{ id: "kst-2024-0041", position: 1 }], hide: ["mws-2024-0301"],
      }],
    }));
    server = await startDateline(["--curations", rules]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a pinned hit is marked Editor's pick", { timeout: 60000 }, async () => {
    await withPage(browser, "curations", async (page) => {
      await page.goto(`${server.url}/?q=water+rationing`);
      const hits = page.locator("#results > li.hit");
      await hits.first().waitFor();
      const first = hits.first();
      assert.equal(await first.locator(".pinned-label").textContent(), "Editor's pick");
      assert.match(await first.locator(".hit-title").textContent(), /battery recycling/i);
      assert.equal(await page.locator("#results .pinned-label").count(), 1);
      assert.equal(await hits.filter({ hasText: "Water rationing begins in Dunmere Valley" })
        .count(), 0);
    });
  });
});

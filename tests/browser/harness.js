// Shared set-up for the browser tests: index data/sample/ into a temporary directory, start the
// real `dateline serve` on a free loopback port, launch Debian's chromium through playwright-core,
// and stop all of it again. Every wait is bounded; every child process is killed on the way out,
// also when a test fails or the runner is interrupted.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const ARTIFACTS = join(ROOT, "build", "browser-artifacts");
export const DATELINE_BIN = resolve(ROOT, process.env.DATELINE_BIN || "build/dev/dateline");
const CHROMIUM = process.env.CHROMIUM_BIN || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const START_TIMEOUT_MS = 15000;
const STOP_TIMEOUT_MS = 5000;

const children = new Set();
// Last resort (an uncaught error, Ctrl-C): no dateline server outlives the test process.
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => process.exit(130));
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function run(args, timeoutMs) {
  const child = spawn(DATELINE_BIN, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let output = "";
  child.stdout.on("data", (d) => { output += d; });
  child.stderr.on("data", (d) => { output += d; });
  const exited = once(child, "exit").then(([code]) => {
    children.delete(child);
    return { code, output };
  });
  return withTimeout(exited, timeoutMs, `dateline ${args[0]}`).catch((err) => {
    child.kill("SIGKILL");
    throw err;
  });
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  try {
    await withTimeout(exited, STOP_TIMEOUT_MS, "dateline serve shutdown");
  } catch {
    child.kill("SIGKILL");
    await withTimeout(exited, STOP_TIMEOUT_MS, "dateline serve kill").catch(() => {});
  }
  children.delete(child);
}

export function getJson(url, timeoutMs = 5000) {
  return withTimeout(fetch(url).then(async (res) => ({ status: res.status, body: await res.json() })),
    timeoutMs, `GET ${url}`);
}

// Indexes data/sample/ and serves it. Returns {url, stop}. `extraArgs` go to `dateline serve`.
export async function startDateline(extraArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), "dateline-browser-"));
  const db = join(dir, "db");
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    // Exit 2 means some records were rejected (data/sample/README.md is read as a record file
    // too); the articles are indexed either way.
    const indexed = await run(["index", "--db", db, "data/sample"], 60000);
    if (indexed.code !== 0 && indexed.code !== 2) {
      throw new Error(`dateline index exited ${indexed.code}:\n${indexed.output}`);
    }
  } catch (err) {
    cleanup();
    throw err;
  }

  const child = spawn(DATELINE_BIN, ["serve", "--db", db, "--host", "127.0.0.1", "--port", "0",
    "--threads", "2", "--web", join(ROOT, "web"), "--synonyms", join(ROOT, "data", "synonyms.txt"),
    "--no-access-log", ...extraArgs], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let log = "";
  child.stderr.on("data", (d) => { log += d; });
  const stop = async () => {
    await stopChild(child);
    cleanup();
  };
  try {
    // "dateline: serving DB on http://127.0.0.1:PORT/" on stdout once the port is bound.
    const url = await withTimeout(new Promise((resolveUrl, reject) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
        const match = out.match(/on (http:\/\/127\.0\.0\.1:\d+)\//);
        if (match) resolveUrl(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`dateline serve exited ${code}:\n${log}`)));
    }), START_TIMEOUT_MS, "dateline serve start");
    await waitForHealth(url);
    return { url, stop, log: () => log };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitForHealth(url) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const { status, body } = await getJson(`${url}/healthz`, 2000);
      if (status === 200 && body.documents > 0) return;
      last = `status ${status}, ${JSON.stringify(body)}`;
    } catch (err) {
      last = err.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url}/healthz not ready within ${START_TIMEOUT_MS} ms (${last})`);
}

// A tiny server for another origin: `routes` maps a path to [contentType, body].
export async function startStaticServer(routes) {
  const server = http.createServer((req, res) => {
    const route = routes[new URL(req.url, "http://x").pathname];
    if (!route) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": route[0], "Cache-Control": "no-store" }).end(route[1]);
  });
  server.listen(0, "127.0.0.1");
  await withTimeout(once(server, "listening"), START_TIMEOUT_MS, "host page server");
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => withTimeout(new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }), STOP_TIMEOUT_MS, "host page server stop").catch(() => {}),
  };
}

// Chromium from Debian, driven by playwright-core. launch() gives every run a fresh temporary
// profile (user-data-dir) and removes it on close.
export async function launchBrowser() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30000,
  });
}

// Runs `body(page)` in a fresh browser context; saves a screenshot named after the test when it
// fails, and fails the test on any uncaught page error or unexpected console error.
export async function withPage(browser, name, body, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport, locale: "en-GB", timezoneId: "UTC" });
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(15000);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("dialog", (dialog) => {
    problems.push(`dialog opened: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  try {
    await body(page, problems);
    if (problems.length) throw new Error(problems.join("\n"));
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, `${name}-failure.png`), fullPage: true })
      .catch(() => {});
    throw err;
  } finally {
    await context.close().catch(() => {});
  }
}

// Text on the page (shadow roots included) whose colour contrast with its background is below
// `minimum` (WCAG 2 formula). Backgrounds are looked up through the ancestors (white at the top);
// images and gradients behind text are not considered. Returns [{text, ratio}].
export function lowContrast(page, minimum = 4.5) {
  return page.evaluate((min) => {
    const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const luminance = ([r, g, b]) => {
      const [lr, lg, lb] = [r, g, b].map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
    };
    const parentOf = (node) => node.parentElement || node.getRootNode().host || null;
    const background = (node) => {
      for (let n = node; n; n = parentOf(n)) {
        const [r, g, b, a = 1] = parse(getComputedStyle(n).backgroundColor);
        if (a > 0.5) return [r, g, b];
      }
      return [255, 255, 255];
    };
    const all = [];
    const collect = (root) => {
      for (const node of root.querySelectorAll("*")) {
        all.push(node);
        if (node.shadowRoot) collect(node.shadowRoot);
      }
    };
    collect(document);
    const failures = [];
    for (const node of all) {
      const text = [...node.childNodes].filter((c) => c.nodeType === 3)
        .map((c) => c.textContent.trim()).join(" ").trim();
      if (!text || node.closest("script, style, option")) continue;
      const rect = node.getBoundingClientRect();
      const style = getComputedStyle(node);
      if (rect.width <= 1 || rect.height <= 1 || style.visibility === "hidden") continue;
      if (node.matches(":disabled")) continue;  // WCAG exempts inactive controls
      const fg = luminance(parse(style.color));
      const bg = luminance(background(node));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < min) failures.push({ text: text.slice(0, 40), ratio: Math.round(ratio * 100) / 100 });
    }
    return failures;
  }, minimum);
}

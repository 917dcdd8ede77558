// The technicians' page end to end, in Debian's headless Chromium driven by Playwright: the packaged gateway
// on its embedded demo (simulated devices, embedded broker), first-run setup with the code from the log,
// sign-in, a new Modbus TCP adapter against a simulator with a test read, saving it, its live values
// arriving, a request without the CSRF token refused, and (a second gateway whose message size limit
// refuses every message) the refused messages on the status page, sent again and discarded. Screenshots of
// the main pages go to target/screenshots/. Needs `./mvnw package` (or verify) first. Exit code 1 on any failure.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, cpSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import assert from "node:assert/strict";

const root = resolve(import.meta.dirname, "..", "..", "..");
const shots = join(root, "target", "screenshots");
mkdirSync(shots, { recursive: true });

const freePort = () => new Promise((ok) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); });
});

// the packaged jar on its embedded demo, in a directory of its own; extra system properties in `args`
const startGateway = async (args = []) => {
  const work = mkdtempSync(join(tmpdir(), "fieldgate-web-"));
  cpSync(join(root, "adapters", "demo"), join(work, "adapters"), { recursive: true });
  const http = await freePort();
  const broker = await freePort();
  const proc = spawn("java", ["-Xmx256m", "-Dquarkus.profile=dev", `-Dquarkus.http.port=${http}`,
    `-Dfieldgate.data-dir=${join(work, "data")}`, `-Dfieldgate.demo.broker-port=${broker}`,
    `-Dfieldgate.adapters.dir=${join(work, "adapters")}`, `-Dfieldgate.adapters.profiles-dir=${join(root, "adapters", "profiles")}`,
    ...args, "-jar", join(root, "target", "quarkus-app", "quarkus-run.jar")], { stdio: ["ignore", "pipe", "pipe"] });
  const gw = { proc, http, work, log: "" };
  proc.stdout.on("data", (d) => { gw.log += d; });
  proc.stderr.on("data", (d) => { gw.log += d; });
  return gw;
};
const stopGateway = async (gw) => {
  if (gw.proc.exitCode === null && gw.proc.signalCode === null) {
    gw.proc.kill("SIGTERM");
    await new Promise((r) => gw.proc.once("exit", r));
  }
  rmSync(gw.work, { recursive: true, force: true });
};

const gateway = await startGateway();
const http = gateway.http;
let second = null;

const until = async (what, check, ms = 60000) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

let browser;
let failed = false;
try {
  const code = await until("the setup code in the log", () => (gateway.log.match(/one-time setup code: (\S+)/) || [])[1]);
  await until("the page", async () => (await fetch(`http://127.0.0.1:${http}/`).catch(() => null))?.ok);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const base = `http://127.0.0.1:${http}`;

  // the page runs under a strict Content-Security-Policy: every violation Chromium reports is a failure
  const violations = [];
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  // first run: only setup is offered, and it needs the code from the log
  const headers = (await page.goto(base + "/")).headers();
  assert.match(headers["content-security-policy"] || "", /script-src 'self';.*frame-ancestors 'none'/, "CSP sent");
  assert.doesNotMatch(headers["content-security-policy"], /unsafe-inline|unsafe-eval/, "no inline script allowed");
  assert.equal(headers["x-content-type-options"], "nosniff");
  assert.equal(headers["x-frame-options"], "DENY");
  assert.equal(headers["referrer-policy"], "no-referrer");
  await page.waitForSelector("text=Set up this gateway");
  await page.fill("#code", "wrong-code");
  await page.fill("#name", "admin");
  await page.fill("#pw", "a long admin password");
  await page.fill("#pw2", "a long admin password");
  await page.click("#go");
  await page.waitForSelector("text=Wrong setup code");
  await page.screenshot({ path: join(shots, "setup.png") });
  await page.fill("#code", code);
  await page.click("#go");

  // signed in: the demo devices' values move
  await page.waitForSelector("h1:text('Live values')");
  await page.waitForSelector("[data-device='line-plc'] [data-point='line-speed']");
  const first = await page.textContent("[data-device='meter-incomer'] [data-point='voltage-l1'] td.num");
  await until("a new meter value", async () =>
    (await page.textContent("[data-device='meter-incomer'] [data-point='voltage-l1'] td.num")) !== first, 15000);
  await until("sparklines", async () => (await page.$$("svg.spark")).length > 3, 15000);
  await page.screenshot({ path: join(shots, "live.png") });

  // a new Modbus TCP adapter against the PLC simulator, built in the form
  await page.click("text=Adapters");
  await page.waitForSelector("h1:text('Adapters')");
  await page.screenshot({ path: join(shots, "adapters.png") });
  await page.click("#new");
  await page.waitForSelector("#kind");
  await page.fill("#name", "packing-plc");
  await page.fill("#host", "127.0.0.1");
  await page.fill("#port", "15023");
  await page.fill("#device", "packing-plc");
  await page.fill("#points tr:nth-child(2) [data-f=name]", "line-speed");
  await page.fill("#points tr:nth-child(2) [data-f=address]", "0");
  await page.selectOption("#points tr:nth-child(2) [data-f=type]", "float32");
  await page.selectOption("#points tr:nth-child(2) [data-f=order]", "ABCD");
  await page.fill("#trdevice", "packing-plc");
  await page.click("#testread");
  await page.waitForSelector("table.testread td.order-match");
  // the simulator stores the speed word-swapped: the CDAB column is the plausible one
  const row = await page.$$eval("table.testread tr:nth-child(2) td", (tds) => tds.map((t) => t.textContent.trim()));
  assert.match(row[1], /^[0-9A-F]{4} [0-9A-F]{4}$/, "raw registers shown");
  assert.ok(row.length === 7, "a column per byte/word order");
  await page.screenshot({ path: join(shots, "test-read.png") });
  // the field error next to the field: a bad host
  await page.fill("#host", "not a host!");
  await page.click("#check");
  await page.waitForSelector(".field-error .error");
  await page.fill("#host", "127.0.0.1");
  await page.selectOption("#points tr:nth-child(2) [data-f=order]", "CDAB");
  await page.click("#save");
  await page.waitForSelector("h1:text('Adapter packing-plc')");
  await page.click("text=Live values");
  await page.waitForSelector("[data-device='packing-plc'] [data-point='line-speed'] .badge.good");
  const speed = Number((await page.textContent("[data-device='packing-plc'] [data-point='line-speed'] td.num")).split(" ")[0]);
  assert.ok(speed > 0 && speed < 1000, `a plausible line speed, got ${speed}`);

  // status, and the CSRF guard
  await page.click("text=Status");
  await page.waitForSelector("text=Uplink");
  await page.waitForSelector("text=connected since");
  await page.waitForSelector("#refused >> text=None.");
  await page.screenshot({ path: join(shots, "status.png") });
  const forged = await page.evaluate(async () => (await fetch("/api/adapters/packing-plc", { method: "DELETE" })).status);
  assert.equal(forged, 403, "a request without the CSRF token is refused");
  assert.ok((await fetch(`${base}/api/adapters`)).status === 401, "the API needs a session");
  assert.ok(!gateway.log.includes("PRIVATE KEY"), "no key material in the log");
  assert.deepEqual(violations, [], "the page works without breaking its Content-Security-Policy");

  // refused messages: a second gateway whose message size limit refuses every demo message (after the
  // first has stopped: the demo's simulated devices listen on fixed ports)
  await stopGateway(gateway);
  second = await startGateway(["-Dfieldgate.uplink.max-message-size=100"]);
  const code2 = await until("the second setup code", () => (second.log.match(/one-time setup code: (\S+)/) || [])[1]);
  const base2 = `http://127.0.0.1:${second.http}`;
  await until("the second page", async () => (await fetch(`${base2}/`).catch(() => null))?.ok);
  const page2 = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const setup = await page2.request.post(`${base2}/api/setup`, { data: { code: code2, name: "admin", password: "a long admin password" } });
  assert.equal(setup.status(), 200, "second gateway set up");
  // the status page is read when opened: open it again until refusals are listed
  const refusedListed = () => until("refused messages on the status page", async () => {
    // a hash-only navigation to the page it shows would not load it again
    await (page2.url().endsWith("#/status") ? page2.reload() : page2.goto(`${base2}/#/status`));
    return page2.waitForSelector("#refused #resend", { timeout: 2000 }).then(() => true, () => false);
  }, 30000);
  await refusedListed();
  const reason = await page2.textContent("#refused table tr:nth-child(2)");
  assert.match(reason, /byte message limit/, "the refusal's reason is shown");
  await page2.screenshot({ path: join(shots, "refused.png") });
  await page2.click("#resend");
  await page2.waitForSelector("#toast >> text=queued again");
  await refusedListed();   // refused again: the limit has not changed
  page2.once("dialog", (d) => d.accept());
  await page2.click("#discard");
  await page2.waitForSelector("#toast >> text=discarded");
  console.log(`web-e2e: passed; screenshots in ${shots}`);
} catch (e) {
  failed = true;
  console.error("web-e2e: FAILED:", e.message);
  for (const gw of [gateway, second].filter(Boolean)) {
    console.error("gateway log (last 40 lines):\n" + gw.log.split("\n").slice(-40).join("\n"));
  }
} finally {
  if (browser) await browser.close();
  for (const gw of [gateway, second].filter(Boolean)) await stopGateway(gw);
}
process.exit(failed ? 1 : 0);

#!/usr/bin/env node
// Measures crosstalk and the real workerd on web-platform-tests' `.any.js` files, with
// crosstalk's own harness stand-in (harness.js). The WPT files are third-party: keep them
// in a scratch folder, never in this repository.
//
//   node tools/wpt/run.mjs --wpt DIR [--crosstalk PATH] [--workerd PATH] [--only PREFIX]
//                          [--out results.json] [--date YYYY-MM-DD]
//
// Prints a table of passing subtests per area, crosstalk next to workerd, and writes
// every subtest's result per runtime to --out.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
if (!args.wpt) {
  console.error("usage: node tools/wpt/run.mjs --wpt DIR [--crosstalk PATH] [--workerd PATH] [--only PREFIX] [--out FILE]");
  process.exit(2);
}
const wpt = path.resolve(args.wpt);
const crosstalk = path.resolve(args.crosstalk ?? path.join(repo, "target/release/crosstalk"));
const workerd = path.resolve(args.workerd ?? path.join(repo, "node_modules/.bin/workerd"));
const date = args.date ?? "2026-11-17";
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "crosstalk-wpt-"));
const harness = fs.readFileSync(path.join(here, "harness.js"), "utf8");

// The areas of issue #14, by path prefix (first match wins).
const AREAS = [
  ["fetch/api/headers", "headers"],
  ["fetch/api/request", "request"],
  ["fetch/api/response", "response"],
  ["fetch/api/body", "response"],
  ["fetch/api/abort", "abort"],
  ["dom/abort", "abort"],
  ["dom/events", "events"],
  ["fetch/api", "fetch (other)"],
  ["url/", "url"],
  ["encoding/", "encoding"],
  ["html/webappapis/structured-clone", "structured-clone"],
  ["FileAPI/", "Blob/File"],
  ["xhr/formdata", "FormData"],
  ["streams/", "streams"],
  ["compression/", "compression"],
  ["urlpattern/", "urlpattern"],
];
const areaOf = (rel) => (AREAS.find(([prefix]) => rel.startsWith(prefix)) ?? [null, "other"])[1];

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith(".any.js")) out.push(full);
  }
  return out;
}

/// The worker for one test file: the harness, the resources its relative `fetch()`es
/// name (served from memory, as a WPT server would), its META scripts, the file, and a
/// fetch handler that runs the collected tests.
function compose(file) {
  const text = fs.readFileSync(file, "utf8");
  const dir = path.dirname(file);
  const scripts = [];
  for (const line of text.split("\n")) {
    const m = /^\/\/ META: script=(.+)$/.exec(line.trim());
    if (!m) continue;
    const ref = m[1].trim().split("?")[0];
    const resolved = ref.startsWith("/") ? path.join(wpt, ref) : path.join(dir, ref);
    scripts.push(fs.existsSync(resolved) ? fs.readFileSync(resolved, "utf8") : `throw new Error("missing META script ${ref}");`);
  }
  const resources = {};
  for (const m of [text, ...scripts].join("\n").matchAll(/fetch\(\s*["'`]([^"'`:]+)["'`]\s*\)/g)) {
    const resolved = path.join(dir, m[1]);
    if (fs.existsSync(resolved) && fs.statSync(resolved).isFile()) resources[m[1]] = fs.readFileSync(resolved, "utf8");
  }
  const prelude = `
if (typeof location === "undefined") globalThis.location = { search: "" };
(function () {
  const resources = ${JSON.stringify(resources)};
  const original = globalThis.fetch;
  globalThis.fetch = function (input, init) {
    if (typeof input === "string" && Object.prototype.hasOwnProperty.call(resources, input)) {
      return Promise.resolve(new Response(resources[input], { headers: { "content-type": "application/json" } }));
    }
    return original.call(this, input, init);
  };
})();
`;
  const runner = `
addEventListener("fetch", (event) => event.respondWith(__wpt_run_all().then((r) => new Response(JSON.stringify(r)))));
`;
  return [harness, prelude, ...scripts, text, runner].join("\n;\n");
}

function runCrosstalk(id, script) {
  const dir = path.join(scratch, "ct-" + id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "worker.js"), script);
  fs.writeFileSync(
    path.join(dir, "scenario.toml"),
    `name = "wpt"\nscript = "worker.js"\nsyntax = "service-worker"\n\n[runtime]\nprofile = "workerd"\ncompatibility_date = "${date}"\ncpu_loop_iterations_max = 100000000\ncpu_work_per_task_max = 1000000000\n\n[[request]]\nurl = "https://wpt.test/"\n`,
  );
  const r = spawnSync(crosstalk, ["--timeout", "3m", "run", dir, "--format", "json"], { encoding: "utf8", maxBuffer: 1 << 28 });
  try {
    const report = JSON.parse(r.stdout);
    const body = report.requests?.[0]?.body;
    return body ? JSON.parse(body) : { error: report.requests?.[0]?.error ?? report.crash?.cause ?? "no body" };
  } catch (e) {
    return { error: (r.stderr || String(e)).split("\n")[0] };
  }
}

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function runWorkerd(id, script) {
  const dir = path.join(scratch, "wd-" + id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "worker.js"), script);
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .w)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const w :Workerd.Worker = (serviceWorkerScript = embed "worker.js", compatibilityDate = "${date}");
`,
  );
  const child = spawn(workerd, ["serve", path.join(dir, "config.capnp")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  try {
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) return { error: "workerd exited: " + stderr.split("\n").find((l) => l.trim()) };
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(180000) });
        const text = await response.text();
        try {
          return JSON.parse(text);
        } catch {
          return { error: `status ${response.status}: ${text.slice(0, 200)}` };
        }
      } catch (e) {
        if (e.cause?.code !== "ECONNREFUSED") return { error: String(e.cause?.code ?? e) };
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return { error: "workerd did not listen" };
  } finally {
    child.kill("SIGKILL");
  }
}

const files = walk(wpt)
  .map((f) => path.relative(wpt, f))
  .filter((rel) => !args.only || rel.startsWith(args.only))
  .sort();
const results = {};
const table = {};
for (const [i, rel] of files.entries()) {
  const script = compose(path.join(wpt, rel));
  const ct = runCrosstalk(i, script);
  const wd = await runWorkerd(i, script);
  results[rel] = { crosstalk: ct, workerd: wd };
  const passes = (r) => (Array.isArray(r) ? r.filter((t) => t.status === "PASS").length : 0);
  const count = (r) => (Array.isArray(r) ? r.length : 0);
  const area = areaOf(rel);
  const row = (table[area] ??= { files: 0, subtests: 0, crosstalk: 0, workerd: 0 });
  row.files += 1;
  row.subtests += Math.max(count(ct), count(wd));
  row.crosstalk += passes(ct);
  row.workerd += passes(wd);
  console.error(`[${i + 1}/${files.length}] ${rel}: crosstalk ${passes(ct)}/${count(ct)}${ct.error ? " (" + ct.error + ")" : ""}, workerd ${passes(wd)}/${count(wd)}${wd.error ? " (" + wd.error + ")" : ""}`);
}
if (args.out) fs.writeFileSync(args.out, JSON.stringify(results, null, 1));
const pct = (n, d) => (d ? ((100 * n) / d).toFixed(0) + "%" : "–");
console.log("| area | files | subtests | crosstalk passes | workerd passes |");
console.log("|---|---|---|---|---|");
const total = { files: 0, subtests: 0, crosstalk: 0, workerd: 0 };
for (const [area, row] of Object.entries(table).sort()) {
  console.log(`| ${area} | ${row.files} | ${row.subtests} | ${row.crosstalk} (${pct(row.crosstalk, row.subtests)}) | ${row.workerd} (${pct(row.workerd, row.subtests)}) |`);
  for (const k of Object.keys(total)) total[k] += row[k];
}
console.log(`| **all** | ${total.files} | ${total.subtests} | ${total.crosstalk} (${pct(total.crosstalk, total.subtests)}) | ${total.workerd} (${pct(total.workerd, total.subtests)}) |`);
fs.rmSync(scratch, { recursive: true, force: true });

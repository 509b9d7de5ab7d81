// `npm test`: every test in one run. Builds when stale, runs Vitest (unit, integration,
// security) and then Playwright (end-to-end, even when Vitest failed), lets each print its
// own report, and ends with one line of totals: `N passed, N failed[, N skipped]`.
// Exits non-zero when a runner failed, a test failed, or a runner reported nothing.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { buildIfStale } from "./build-if-stale.js";
import { printReliabilitySummary } from "./reliability-summary.js";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
const resultsDir = path.join(root, "test-results");
fs.mkdirSync(resultsDir, { recursive: true });
const bin = (name) => path.join(root, "node_modules/.bin", name);

function heading(text) {
  console.log(`\n=== ${text} ===\n`);
}

function run(label, command, args, env) {
  heading(label);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.error) console.error(`${label}: could not start: ${result.error.message}`);
  return { status: result.status ?? 1, seconds };
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** Vitest's JSON report (Jest-compatible): per-test status passed/failed/pending/todo/skipped. */
function vitestTotals(report) {
  if (!report) return undefined;
  const t = { passed: 0, failed: 0, skipped: 0 };
  for (const file of report.testResults ?? []) {
    for (const a of file.assertionResults ?? []) {
      if (a.status === "passed") t.passed++;
      else if (a.status === "failed") t.failed++;
      else t.skipped++;
    }
    // A file that failed to load or whose hooks threw has no failed test to show for it.
    if (file.status === "failed" && !(file.assertionResults ?? []).some((a) => a.status === "failed")) t.failed++;
  }
  return t;
}

/** Names of the failed tests in Vitest's JSON report, "file › test", so the summary names them. */
function vitestFailures(report) {
  const out = [];
  for (const file of report?.testResults ?? []) {
    const name = path.relative(root, file.name ?? "");
    const failed = (file.assertionResults ?? []).filter((a) => a.status === "failed");
    for (const a of failed) out.push(`${name} › ${a.fullName ?? a.title}`);
    if (file.status === "failed" && failed.length === 0) out.push(`${name} (did not load, or a hook failed)`);
  }
  return out;
}

/** Names of the failed tests in Playwright's JSON report, "file › title". */
function playwrightFailures(report) {
  const out = [];
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === "unexpected") out.push(`${spec.file} › ${[...titles, spec.title].join(" › ")}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, suite.file === child.file ? [...titles, child.title] : titles);
  };
  for (const suite of report?.suites ?? []) walk(suite, []);
  return out;
}

/** Playwright's JSON report: stats.expected (passed), unexpected (failed), flaky, skipped. */
function playwrightTotals(report) {
  if (!report?.stats) return undefined;
  const s = report.stats;
  // Errors outside tests (config, webServer, global setup) count as a failure of the run.
  const outside = report.errors?.length ? 1 : 0;
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: (s.unexpected ?? 0) + outside, skipped: s.skipped ?? 0 };
}

const started = Date.now();
heading("Build");
let buildOk = true;
try {
  if (!buildIfStale()) console.log("Build is up to date.");
} catch (error) {
  buildOk = false;
  console.error(`Build failed: ${error instanceof Error ? error.message : String(error)}`);
}

const vitestJson = path.join(resultsDir, "vitest.json");
const playwrightJson = path.join(resultsDir, "playwright.json");
fs.rmSync(vitestJson, { force: true });
fs.rmSync(playwrightJson, { force: true });
const reliabilityDir = path.join(resultsDir, "reliability");
fs.rmSync(reliabilityDir, { recursive: true, force: true });

const runners = [];
if (buildOk) {
  const vitest = run("Vitest: unit, integration and security tests", bin("vitest"), ["run"], { VITEST_JSON: vitestJson });
  const vitestReport = readJson(vitestJson);
  runners.push({ name: "Vitest", ...vitest, totals: vitestTotals(vitestReport), failures: vitestFailures(vitestReport) });
  const playwright = run("Playwright: end-to-end tests", bin("playwright"), ["test"], { PLAYWRIGHT_JSON: playwrightJson });
  const playwrightReport = readJson(playwrightJson);
  runners.push({
    name: "Playwright",
    ...playwright,
    totals: playwrightTotals(playwrightReport),
    failures: playwrightFailures(playwrightReport),
  });
}

heading("Summary");
printReliabilitySummary(reliabilityDir);
console.log("");
const total = { passed: 0, failed: 0, skipped: 0 };
let ok = buildOk;
for (const r of runners) {
  const t = r.totals;
  if (!t) {
    console.log(`${r.name.padEnd(11)} produced no results (exit code ${r.status}, ${r.seconds}s)`);
    ok = false;
    continue;
  }
  const counted = t.passed + t.failed + t.skipped;
  console.log(
    `${r.name.padEnd(11)} ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""} (exit code ${r.status}, ${r.seconds}s)`,
  );
  // The failed tests by name, here at the end where a truncated log still shows them.
  for (const name of r.failures ?? []) console.log(`  failed: ${name}`);
  if (r.status !== 0 || t.failed > 0 || counted === 0) ok = false;
  total.passed += t.passed;
  total.failed += t.failed;
  total.skipped += t.skipped;
}
if (!buildOk) {
  console.log("Build failed: no tests were run.");
  total.failed += 1;
}
// A failed run never ends on "0 failed": a runner that failed without a failing test
// (a crash, an unhandled error, no results) counts as one failure.
for (const r of runners) {
  if ((r.status !== 0 || !r.totals) && !(r.totals?.failed > 0)) {
    console.log(`${r.name} failed without a failing test: counted as 1 failure (see its output above).`);
    total.failed += 1;
  }
}
console.log(`Total time ${((Date.now() - started) / 1000).toFixed(1)}s${ok ? "" : " — FAILED"}`);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(ok ? 0 : 1);

// Build the app when build/ is missing or older than its sources. Used by `npm start` and tests.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

function newestMtime(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

// Several test runs may start at once: only one builds, the others wait for it.
export function withLock(fn) {
  const lock = path.join(root, ".cache/build.lock");
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error("timed out waiting for another build");
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export function buildIfStale(opts = {}) {
  return withLock(() => buildIfStaleUnlocked(opts));
}

/** Only while holding withLock (e.g. to copy the build without a rebuild starting meanwhile). */
export function buildIfStaleUnlocked({ quiet = false } = {}) {
  const marker = path.join(root, "build/server/index.js");
  const sources = ["app", "db", "public", "vite.config.ts", "package.json"].map((p) => path.join(root, p)).filter((p) => fs.existsSync(p));
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
  if (Math.max(...sources.map(newestMtime)) <= built) return false;
  if (!quiet) console.log("Building Hearth (first start or sources changed)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    cwd: root,
    stdio: quiet ? "pipe" : "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(result.stderr ?? "");
    throw new Error("build failed");
  }
  return true;
}

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

export function buildIfStale({ quiet = false } = {}) {
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

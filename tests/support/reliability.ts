import fs from "node:fs";
import path from "node:path";

const dir = path.resolve(import.meta.dirname, "../../test-results/reliability");

export type Figures = Record<string, number | string>;

/**
 * Record a suite's figures (faults injected and survived, fuzz cases, duplicates …) for
 * the reliability summary `npm test` prints (scripts/reliability-summary.js). Figures of
 * one suite accumulate across its tests: numbers add up, strings are replaced.
 */
export function recordFigures(suite: string, figures: Figures) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${suite}.json`);
  let current: Figures = {};
  try {
    current = JSON.parse(fs.readFileSync(file, "utf8")) as Figures;
  } catch {
    /* first figures of this suite */
  }
  for (const [k, v] of Object.entries(figures)) {
    const before = current[k];
    current[k] = typeof v === "number" && typeof before === "number" ? before + v : v;
  }
  fs.writeFileSync(file, JSON.stringify(current, null, 2));
}

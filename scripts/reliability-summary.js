// The reliability summary `npm test` prints: one screen of figures that the reliability
// suites recorded in test-results/reliability/*.json (tests/support/reliability.ts).
import fs from "node:fs";
import path from "node:path";

const TITLES = {
  "database-faults": "PostgreSQL faults under load (terminate every connection; stop/start mid-load)",
  shutdown: "Graceful shutdown under load (SIGTERM)",
  fuzz: "Fuzzing every form and parameter",
  "embedded-faults": "Embedded database (PGlite) faults",
  worker: "Outbox worker killed mid-job",
  smtp: "Mail through a real SMTP server",
  backup: "Backup and restore round trip",
};

export function printReliabilitySummary(dir) {
  let files = [];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  } catch {
    /* no suite recorded anything */
  }
  console.log("Reliability");
  if (!files.length) {
    console.log("  (no figures recorded: the reliability suites did not run)");
    return;
  }
  for (const file of files) {
    const suite = file.replace(/\.json$/, "");
    let figures;
    try {
      figures = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    } catch {
      continue;
    }
    console.log(`  ${TITLES[suite] ?? suite}`);
    console.log(`    ${Object.entries(figures).map(([k, v]) => `${k}: ${v}`).join(" · ")}`);
  }
}

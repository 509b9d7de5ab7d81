// The reliability summary `npm test` prints: one screen of figures that the reliability
// suites recorded in test-results/reliability/*.json (tests/support/reliability.ts).
import fs from "node:fs";
import path from "node:path";

const TITLES = {
  "database-faults": "PostgreSQL faults under load (terminate every connection; stop/start mid-load)",
  shutdown: "Graceful shutdown under load (SIGTERM)",
  fuzz: "Fuzzing every form and parameter",
  "embedded-faults": "Embedded database (PGlite) faults: bad data dir at start, mid-transaction, engine closed, SIGKILL",
  worker: "Outbox worker killed mid-job",
  smtp: "Mail through a real SMTP server",
  backup: "Backup and restore round trip",
};

export function printReliabilitySummary(dir) {
  let files = [];
  try {
    // The suites in the order above, then any others by name.
    const order = Object.keys(TITLES);
    const rank = (f) => (order.includes(f.replace(/\.json$/, "")) ? order.indexOf(f.replace(/\.json$/, "")) : order.length);
    files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
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
    // Figures wrapped at about 100 columns, so the summary stays one screen wide.
    let line = "";
    for (const figure of Object.entries(figures).map(([k, v]) => `${k}: ${v}`)) {
      if (line && line.length + figure.length + 3 > 96) {
        console.log(`    ${line}`);
        line = figure;
      } else line = line ? `${line} · ${figure}` : figure;
    }
    if (line) console.log(`    ${line}`);
  }
}

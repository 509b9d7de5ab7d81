// `npm run seed:scale -- --orgs 1000 [--seed 15] [--prefix scale] [--jobs 2]`: fill the
// configured database (DATABASE_URL, or the embedded PGlite in PGLITE_DIR) with the scale
// dataset (db/seed/scale.ts), then ANALYZE. Everyone signs in with the demo password.
// --jobs: orgs seeded side by side on that many connections (PostgreSQL with a superuser
// login; default 2, one per core of the machine it was tuned on; PGlite has one connection).
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { hashPassword } from "#app/auth/password.server";
import { createDbHandle, setDbHandle } from "#app/db/db.server";
import { migrateToLatest } from "#app/db/migrate.server";
import { DEMO_PASSWORD } from "#db/seed/demo";
import { defaultHousesOf, seedScale } from "#db/seed/scale";

const { values } = parseArgs({
  options: { orgs: { type: "string", default: "1000" }, seed: { type: "string", default: "15" }, prefix: { type: "string", default: "scale" }, jobs: { type: "string", default: "2" } },
});
const orgs = Number(values.orgs);
if (!Number.isInteger(orgs) || orgs < 1 || orgs > 9999) throw new Error("--orgs must be 1..9999");
const jobs = Number(values.jobs);
if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) throw new Error("--jobs must be 1..16");

const handle = await createDbHandle();
setDbHandle(handle);
try {
  await migrateToLatest(handle);
  const taken = await sql<{ n: number }>`select count(*)::int as n from org where slug like ${`${values.prefix}-%`}`.execute(handle.db);
  if (taken.rows[0]!.n > 0) throw new Error(`The database already has "${values.prefix}-…" orgs; use another --prefix or a fresh database.`);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const started = performance.now();
  let last = { n: 0, rows: 0, at: started };
  let houses = 0;
  for (let n = 1; n <= orgs; n++) houses += defaultHousesOf(n);
  console.log(`Generating ${orgs} orgs, ${houses} houses on ${handle.kind === "pg" ? "PostgreSQL" : "embedded PGlite"} …`);
  const { rows } = await seedScale(handle.db, {
    orgs,
    seed: Number(values.seed),
    prefix: values.prefix,
    passwordHash,
    jobs: handle.kind === "pg" ? jobs : 1,
    onOrg: (n, rows) => {
      if (n % 50 === 0 || n === orgs) {
        const now = performance.now();
        const s = (now - started) / 1000;
        // The last stretch's rate beside the running one: does it slow down as the tables grow?
        const lately = Math.round((rows - last.rows) / ((now - last.at) / 1000));
        console.log(`  ${n}/${orgs} orgs, ${rows.toLocaleString("en")} rows, ${Math.round(rows / s).toLocaleString("en")} rows/s (the last ${n - last.n}: ${lately.toLocaleString("en")} rows/s)`);
        last = { n, rows, at: now };
      }
    },
  });
  // Without the pool's statement timeout (10 s, for requests): ANALYZE of the whole database
  // outlasted it on a loaded machine and the seed ended in an error after its last org.
  await handle.db.transaction().execute(async (tx) => {
    await sql`set local statement_timeout = 0`.execute(tx);
    await sql`analyze`.execute(tx);
  });
  const s = (performance.now() - started) / 1000;
  console.log(`Done: ${rows.toLocaleString("en")} rows in ${s.toFixed(1)} s (${Math.round(rows / s).toLocaleString("en")} rows/s). Sign in as owner@${values.prefix}-0001.hearth.test / ${DEMO_PASSWORD}`);
} finally {
  setDbHandle(undefined);
  await handle.close();
}

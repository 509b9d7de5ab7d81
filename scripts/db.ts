// Database maintenance: `npm run db:migrate`, `npm run db:seed`, `npm run db:reset`,
// `npm run db:backup -- <file>`, `npm run db:restore -- <file>` (docs/operations.md#backups).
// Works on DATABASE_URL (PostgreSQL) or, when unset, the embedded PGlite in PGLITE_DIR
// (stop the server first: PGlite allows one process per data dir).
import fs from "node:fs";
import { sql } from "kysely";
import { config } from "#app/config.server";
import { createDbHandle, openPglite, setDbHandle } from "#app/db/db.server";
import { backupDatabase, restoreServerDump, tableFingerprints } from "#db/backup";
import { migrateToLatest } from "#app/db/migrate.server";
import { isEmpty } from "#app/server/boot.server";
import { DEMO_PASSWORD, seedDemo } from "#db/seed/demo";

const command = process.argv[2];
const yes = process.argv.includes("--yes");

async function backupOrRestore(file: string | undefined) {
  const c = config();
  if (!file) throw new Error(`usage: npm run db:${command} -- <file>`);
  if (command === "restore") {
    if (c.DATABASE_URL) {
      await restoreServerDump(file, c.DATABASE_URL);
    } else {
      if (fs.existsSync(c.PGLITE_DIR) && fs.readdirSync(c.PGLITE_DIR).length) {
        throw new Error(`${c.PGLITE_DIR} is not empty: restore into a new PGLITE_DIR (or move the old one away first).`);
      }
      const pglite = await openPglite(c.PGLITE_DIR, new Blob([fs.readFileSync(file)]));
      await pglite.close();
    }
  }
  const handle = await createDbHandle();
  try {
    if (command === "backup") await backupDatabase(handle, file);
    const tables = await tableFingerprints(handle.db);
    const rows = Object.values(tables).reduce((n, t) => n + t.rows, 0);
    console.log(`${command === "backup" ? "Backed up" : "Restored"} ${Object.keys(tables).length} tables, ${rows} rows (${file}).`);
  } finally {
    await handle.close();
  }
}

async function main() {
  const c = config();
  if (command === "backup" || command === "restore") return backupOrRestore(process.argv[3]);
  if (command === "reset") {
    if ((c.DATABASE_URL || c.NODE_ENV === "production") && !yes) {
      throw new Error("db:reset erases every table. On a server database (DATABASE_URL) add --yes to confirm.");
    }
    if (!c.DATABASE_URL) {
      if (fs.existsSync(`${c.PGLITE_DIR}.lock`)) throw new Error(`${c.PGLITE_DIR} is in use; stop the server first.`);
      fs.rmSync(c.PGLITE_DIR, { recursive: true, force: true });
    }
  }
  const handle = await createDbHandle();
  setDbHandle(handle);
  try {
    if (command === "reset" && handle.kind === "pg") {
      await sql`drop schema public cascade`.execute(handle.db);
      await sql`create schema public`.execute(handle.db);
    }
    const applied = await migrateToLatest(handle);
    console.log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Migrations are current.");
    if (command === "seed" || command === "reset") {
      if (!(await isEmpty())) {
        console.log("The database already has organisations; demo data not loaded (use db:reset for a fresh demo).");
      } else {
        await seedDemo();
        console.log(`Demo data loaded. Demo password: ${DEMO_PASSWORD}`);
      }
    }
  } finally {
    setDbHandle(undefined);
    await handle.close();
  }
}

if (!["migrate", "seed", "reset", "backup", "restore"].includes(command ?? "")) {
  console.error("usage: tsx scripts/db.ts migrate|seed|reset [--yes] | backup <file> | restore <file>");
  process.exit(2);
}
main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

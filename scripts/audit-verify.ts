// `npm run audit:verify`: check the audit log's per-org hash chain (migration 0006).
// PostgreSQL: connects with MIGRATION_DATABASE_URL (or DATABASE_URL) and reads as
// hearth_owner. Embedded PGlite: opens PGLITE_DIR (stop the server first).
// Exit code 0 when every chain verifies, 1 otherwise. Prints each chain's head hash:
// keep those somewhere else (a ticket, an email) to anchor the chain.
import { sql } from "kysely";
import { config } from "#app/config.server";
import { createDbHandle } from "#app/db/db.server";
import { verifyAuditChain } from "#app/domain/audit/chain.server";

async function main() {
  const c = config();
  const handle = await createDbHandle({ databaseUrl: c.MIGRATION_DATABASE_URL ?? c.DATABASE_URL });
  try {
    const result = await handle.db.transaction().execute(async (tx) => {
      await sql`set local role hearth_owner`.execute(tx);
      return verifyAuditChain(tx);
    });
    for (const h of result.heads) console.log(`chain ${h.orgId ?? "platform"}: ${h.seq} entries, head ${h.hash}`);
    if (result.ok) {
      console.log(`Audit log verified: ${result.events} entries, ${result.heads.length} chains.`);
      return 0;
    }
    for (const p of result.problems) console.error(`${p.kind}: event ${p.eventId} (org ${p.orgId ?? "platform"}, seq ${p.seq ?? "-"})`);
    console.error(`Audit log verification FAILED: ${result.problems.length} problems.`);
    return 1;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);

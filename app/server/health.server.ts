import { getDb } from "#app/db/db.server";
import { pendingMigrations } from "#app/db/migrate.server";
import { withPlatform } from "#app/db/tenant.server";

export type Readiness = { ok: boolean; database: "up" | "down"; pendingMigrations?: string[] };

/** The database answers and every migration this build knows is applied. */
export async function readiness(): Promise<Readiness> {
  try {
    await getDb();
    const pending = await withPlatform({}, (tx) => pendingMigrations(tx));
    return { ok: pending.length === 0, database: "up", pendingMigrations: pending };
  } catch {
    return { ok: false, database: "down" };
  }
}

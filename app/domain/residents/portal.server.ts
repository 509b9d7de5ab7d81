import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";

/**
 * The resident portal's extra reads (the resident's own record and stays are
 * `getMyResident` / `listMyStays` in residents.server.ts).
 */

export type MyHouseManager = { stayId: string; name: string; email: string; phone: string | null };

/**
 * The house managers of the houses the signed-in resident lives in or is about to move
 * into, per stay (match them with `listMyStays` by `stayId`): name, email and work phone. One statement.
 *
 * Row-level security allows exactly this to a resident (db/migrations/0004): the
 * membership_house rows of their current and planned houses and the house-manager
 * memberships among them — no other team member, house or org; past houses' managers
 * are not visible. Only the signed-in user's own resident record is joined, so for a
 * member who is not a linked resident the list is empty.
 */
export async function listMyHouseManagers(tx: Tx): Promise<MyHouseManager[]> {
  return tx
    .selectFrom("resident as r")
    .innerJoin("stay as s", (j) => j.onRef("s.org_id", "=", "r.org_id").onRef("s.resident_id", "=", "r.id"))
    .innerJoin("membership_house as mh", (j) => j.onRef("mh.org_id", "=", "s.org_id").onRef("mh.house_id", "=", "s.house_id"))
    .innerJoin("membership as m", (j) => j.onRef("m.org_id", "=", "mh.org_id").onRef("m.id", "=", "mh.membership_id"))
    .innerJoin("app_user as u", "u.id", "m.user_id")
    .select(["s.id as stayId", "u.name", "u.email", "u.phone"])
    .where("r.user_id", "=", sql<string>`current_app_user_id()`)
    .where("m.role", "=", "house_manager")
    .where("u.disabled_at", "is", null)
    .orderBy("u.name")
    .orderBy("m.id")
    .execute();
}

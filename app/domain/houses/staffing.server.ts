import { sql } from "kysely";
import { z } from "zod";
import type { Role } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";

/**
 * House-scoped staff seen from one house: who may be assigned (house managers and
 * staff) and who is. `setMembershipHouses` sets one person's houses; `setHouseStaff`
 * sets one house's people. Owner/admin only (RLS on membership_house; the one thing a
 * house manager may insert there is their own assignment to a house they just created,
 * which `createHouse` does).
 */

const HOUSE_SCOPED: Role[] = ["house_manager", "staff"];

export type HouseStaffOption = { membershipId: string; name: string; email: string; role: Role; assigned: boolean };

/** Every house manager and staff member of the org, marked when assigned to `houseId`. One query. */
export async function listHouseStaffOptions(tx: Tx, houseId: string): Promise<HouseStaffOption[]> {
  const id = parseInput(idSchema, houseId);
  const rows = await tx
    .selectFrom("membership as m")
    .innerJoin("app_user as u", "u.id", "m.user_id")
    .leftJoin("membership_house as mh", (j) =>
      j.onRef("mh.org_id", "=", "m.org_id").onRef("mh.membership_id", "=", "m.id").on("mh.house_id", "=", id),
    )
    .select(["m.id as membershipId", "u.name", "u.email", "m.role", sql<boolean>`mh.house_id is not null`.as("assigned")])
    .where("m.org_id", "=", sql<string>`current_org_id()`)
    .where("m.role", "in", HOUSE_SCOPED)
    .orderBy("u.name")
    .orderBy("m.id")
    .execute();
  return rows;
}

export const HouseStaffInput = z.strictObject({
  houseId: idSchema,
  membershipIds: z
    .array(idSchema)
    .max(500)
    .transform((v) => [...new Set(v)]),
});
export type HouseStaffInput = z.input<typeof HouseStaffInput>;

/**
 * Replace the list of house managers and staff assigned to a house. Everyone listed
 * must be a house manager or staff member of this org. Audited with ids only.
 */
export async function setHouseStaff(tx: Tx, input: HouseStaffInput): Promise<{ added: number; removed: number }> {
  const { houseId, membershipIds } = parseInput(HouseStaffInput, input);
  const house = await tx.selectFrom("house").select("id").where("id", "=", houseId).executeTakeFirst();
  if (!house) throw notFound("House");
  if (membershipIds.length) {
    const found = await tx
      .selectFrom("membership")
      .select("id")
      .where("org_id", "=", sql<string>`current_org_id()`)
      .where("id", "in", membershipIds)
      .where("role", "in", HOUSE_SCOPED)
      .execute();
    if (found.length !== membershipIds.length) {
      throw new DomainError("invalid", "Only house managers and staff can be assigned to a house.", { field: "membershipIds" });
    }
  }
  let del = tx.deleteFrom("membership_house").where("house_id", "=", houseId);
  if (membershipIds.length) del = del.where("membership_id", "not in", membershipIds);
  const removed = await guardDb(del.returning("membership_id").execute());
  let added: { membership_id: string }[] = [];
  if (membershipIds.length) {
    added = await guardDb(
      tx
        .insertInto("membership_house")
        .values(membershipIds.map((membership_id) => ({ org_id: sql<string>`current_org_id()`, membership_id, house_id: houseId })))
        .onConflict((oc) => oc.doNothing())
        .returning("membership_id")
        .execute(),
    );
  }
  if (added.length || removed.length) {
    await audit(tx, "house.staff_set", { type: "house", id: houseId }, {
      added: added.map((r) => r.membership_id),
      removed: removed.map((r) => r.membership_id),
    });
  }
  return { added: added.length, removed: removed.length };
}

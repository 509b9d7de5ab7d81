import { sql } from "kysely";
import type { HousePopulation, HouseStatus, Role } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";
import { HouseInput, HouseStatusInput, MembershipHousesInput } from "./schemas";

/**
 * Houses and house-scoped staff assignments. Row-level security decides which houses
 * a caller sees (owner/admin: all; house_manager/staff: assigned; resident: their own
 * stay's house); these functions never widen that.
 */

export type HouseSummary = {
  id: string;
  name: string;
  city: string;
  region: string;
  narrLevel: number;
  populations: HousePopulation[];
  status: HouseStatus;
  timeZone: string;
  rooms: number;
  /** Adult beds (derived from beds, never stored). */
  capacity: number;
  childBeds: number;
  outOfService: number;
};

export type HouseDetail = HouseSummary & {
  addressLine1: string;
  addressLine2: string | null;
  postalCode: string;
  phone: string | null;
  bathroomCount: number | null;
  createdAt: Date;
  updatedAt: Date;
};

function houseQuery(tx: Tx) {
  return tx
    .selectFrom("house as h")
    .leftJoin("bed as b", (j) => j.onRef("b.org_id", "=", "h.org_id").onRef("b.house_id", "=", "h.id"))
    .select([
      "h.id",
      "h.name",
      "h.address_line1",
      "h.address_line2",
      "h.city",
      "h.region",
      "h.postal_code",
      "h.populations",
      "h.narr_level",
      "h.time_zone",
      "h.phone",
      "h.bathroom_count",
      "h.status",
      "h.created_at",
      "h.updated_at",
      sql<number>`(select count(*)::int from room r where r.org_id = h.org_id and r.house_id = h.id)`.as("rooms"),
      sql<number>`(count(b.id) filter (where b.kind = 'adult'))::int`.as("capacity"),
      sql<number>`(count(b.id) filter (where b.kind = 'child'))::int`.as("child_beds"),
      sql<number>`(count(b.id) filter (where b.status = 'out_of_service'))::int`.as("out_of_service"),
    ])
    .groupBy(["h.org_id", "h.id"]);
}

type HouseRow = Awaited<ReturnType<ReturnType<typeof houseQuery>["executeTakeFirstOrThrow"]>>;

function toSummary(r: HouseRow): HouseSummary {
  return {
    id: r.id,
    name: r.name,
    city: r.city,
    region: r.region,
    narrLevel: r.narr_level,
    populations: r.populations,
    status: r.status,
    timeZone: r.time_zone,
    rooms: r.rooms,
    capacity: r.capacity,
    childBeds: r.child_beds,
    outOfService: r.out_of_service,
  };
}

/** Houses the caller may see, by name; archived ones only when asked. One query. */
export async function listHouses(tx: Tx, opts: { includeInactive?: boolean } = {}): Promise<HouseSummary[]> {
  let q = houseQuery(tx);
  if (!opts.includeInactive) q = q.where("h.status", "=", "active");
  const rows = await q.orderBy(sql`lower(h.name)`).orderBy("h.id").execute();
  return rows.map(toSummary);
}

/** Ids and names of the houses the caller may see (archived ones too), by name: for filters. */
export async function listHouseNames(tx: Tx): Promise<{ id: string; name: string; archived: boolean }[]> {
  // Naming the org lets the planner use the (org_id, …) keys: row-level security's OR of
  // policies (a certifier's covered houses among them) alone scans every org's houses.
  const rows = await tx
    .selectFrom("house")
    .select(["id", "name", "status"])
    .where("org_id", "=", sql<string>`(select current_org_id())`)
    .orderBy(sql`lower(name)`)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, archived: r.status === "inactive" }));
}

export async function getHouse(tx: Tx, houseId: string): Promise<HouseDetail> {
  const id = parseInput(idSchema, houseId);
  const r = await houseQuery(tx).where("h.id", "=", id).executeTakeFirst();
  if (!r) throw notFound("House");
  return {
    ...toSummary(r),
    addressLine1: r.address_line1,
    addressLine2: r.address_line2,
    postalCode: r.postal_code,
    phone: r.phone,
    bathroomCount: r.bathroom_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function orgTimeZone(tx: Tx): Promise<string> {
  const org = await tx
    .selectFrom("org")
    .select("time_zone")
    .where("id", "=", sql<string>`current_org_id()`)
    .executeTakeFirst();
  if (!org) throw new DomainError("forbidden", "Choose an organization first.");
  return org.time_zone;
}

function houseValues(input: ReturnType<typeof HouseInput.parse>, timeZone: string) {
  return {
    name: input.name,
    address_line1: input.addressLine1,
    address_line2: input.addressLine2,
    city: input.city,
    region: input.region,
    postal_code: input.postalCode,
    populations: input.populations,
    narr_level: input.narrLevel,
    time_zone: timeZone,
    phone: input.phone,
    bathroom_count: input.bathroomCount,
  };
}

/**
 * Owner/admin, or a house manager. The time zone defaults to the organization's.
 * A house manager who sets up a house runs it: they are assigned to it in the same
 * transaction (RLS allows a house manager exactly this one assignment: their own
 * membership, to a house they created in this transaction), so they see it from then
 * on. Owners and admins see every house and are never assigned.
 */
export async function createHouse(tx: Tx, input: HouseInput): Promise<{ id: string }> {
  const data = parseInput(HouseInput, input);
  const timeZone = data.timeZone ?? (await orgTimeZone(tx));
  const row = await guardDb(
    tx
      .insertInto("house")
      .values({ org_id: sql<string>`current_org_id()`, ...houseValues(data, timeZone) })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await audit(tx, "house.created", { type: "house", id: row.id }, {
    name: data.name,
    narrLevel: data.narrLevel,
    populations: data.populations,
    timeZone,
  });
  // One statement whatever the role: it selects the caller's membership only when they
  // are a house manager (for anyone else it inserts nothing).
  const assigned = await guardDb(
    tx
      .insertInto("membership_house")
      .columns(["org_id", "membership_id", "house_id"])
      .expression((eb) =>
        eb
          .selectFrom("membership as m")
          .select(["m.org_id", "m.id", sql<string>`${row.id}::uuid`.as("house_id")])
          .where("m.org_id", "=", sql<string>`current_org_id()`)
          .where("m.user_id", "=", sql<string>`current_app_user_id()`)
          .where("m.role", "=", "house_manager")
          .where(sql<string>`current_app_role()`, "=", "house_manager"),
      )
      .returning("membership_id")
      .execute(),
  );
  if (assigned.length) {
    await audit(tx, "house.staff_set", { type: "house", id: row.id }, { added: assigned.map((a) => a.membership_id), removed: [] });
  }
  return row;
}

export async function updateHouse(tx: Tx, houseId: string, input: HouseInput): Promise<void> {
  const id = parseInput(idSchema, houseId);
  const data = parseInput(HouseInput, input);
  const timeZone = data.timeZone ?? (await orgTimeZone(tx));
  const row = await guardDb(
    tx
      .updateTable("house")
      .set({ ...houseValues(data, timeZone), updated_at: sql`now()` })
      .where("id", "=", id)
      .returning("id")
      .executeTakeFirst(),
  );
  if (!row) throw notFound("House");
  await audit(tx, "house.updated", { type: "house", id }, { name: data.name, narrLevel: data.narrLevel, timeZone });
}

/**
 * Archive (inactive) or reactivate a house (owner/admin, or a house manager in their
 * houses). A house with anyone living in it or booked to move in cannot be archived.
 */
export async function setHouseStatus(tx: Tx, input: { houseId: string; status: HouseStatus }): Promise<void> {
  const { houseId, status } = parseInput(HouseStatusInput, input);
  const house = await tx
    .selectFrom("house as h")
    .select(["h.id", "h.status", houseToday("h").as("today")])
    .where("h.id", "=", houseId)
    .forUpdate()
    .executeTakeFirst();
  if (!house) throw notFound("House");
  if (house.status === status) return;
  if (status === "inactive") {
    const busy = await tx
      .selectFrom("stay as s")
      .select("s.id")
      .where("s.house_id", "=", houseId)
      .where(sql<boolean>`s.during && daterange(${house.today}::date, null)`) // now or later
      .limit(1)
      .executeTakeFirst();
    if (busy) {
      throw new DomainError(
        "conflict",
        "This house has current residents or planned move-ins. Transfer or discharge them before archiving it.",
      );
    }
  }
  await tx.updateTable("house").set({ status, updated_at: sql`now()` }).where("id", "=", houseId).execute();
  await audit(tx, status === "inactive" ? "house.archived" : "house.reactivated", { type: "house", id: houseId });
}

// ── house-scoped assignments ──────────────────────────────────────────────

const HOUSE_SCOPED: readonly Role[] = ["house_manager", "staff"];

/**
 * Set the houses a house manager or staff member works in (replaces the list).
 * Owner/admin only (RLS; a house manager is refused even for themselves).
 */
export async function setMembershipHouses(tx: Tx, input: MembershipHousesInput): Promise<void> {
  const { membershipId, houseIds } = parseInput(MembershipHousesInput, input);
  const member = await tx
    .selectFrom("membership")
    .select(["id", "role"])
    .where("id", "=", membershipId)
    .where("org_id", "=", sql<string>`current_org_id()`)
    .executeTakeFirst();
  if (!member) throw notFound("Team member");
  if (!HOUSE_SCOPED.includes(member.role)) {
    throw new DomainError("invalid", "Only house managers and staff are assigned to houses.", { field: "membershipId" });
  }
  let del = tx.deleteFrom("membership_house").where("membership_id", "=", membershipId);
  if (houseIds.length) del = del.where("house_id", "not in", houseIds);
  await guardDb(del.execute());
  if (houseIds.length) {
    await guardDb(
      tx
        .insertInto("membership_house")
        .values(houseIds.map((house_id) => ({ org_id: sql<string>`current_org_id()`, membership_id: membershipId, house_id })))
        .onConflict((oc) => oc.doNothing())
        .execute(),
    );
  }
  await audit(tx, "membership.houses_set", { type: "membership", id: membershipId }, { houseIds });
}

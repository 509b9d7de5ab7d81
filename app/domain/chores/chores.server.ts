import { sql } from "kysely";
import type { ChoreFrequency, HouseOfficeKind, Weekday } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";
import { ChoreInput, OfficeInput } from "./schemas";

/**
 * A house's chore definitions and its offices. Chores are archived, never deleted
 * (assignments point at them); archiving removes the chore's untouched assignments from
 * today on. Owners/admins and the house's managers write (RLS, migration 0016).
 */

export type Chore = {
  id: string;
  name: string;
  area: string | null;
  instructions: string | null;
  effort: number;
  frequency: ChoreFrequency;
  weekdays: Weekday[];
  rule: string | null;
  startsOn: string;
  archived: boolean;
};

/** A house's chores, active first, by name. One query; not found when the house is not visible. */
export async function listChores(tx: Tx, houseId: string): Promise<{ house: { id: string; name: string; today: string }; chores: Chore[] }> {
  const hid = parseInput(idSchema, houseId);
  const rows = await tx
    .selectFrom("house as h")
    .leftJoin("chore as c", (j) => j.onRef("c.org_id", "=", "h.org_id").onRef("c.house_id", "=", "h.id"))
    .select([
      "h.id as houseId",
      "h.name as houseName",
      sql<string>`${houseToday("h")}::text`.as("today"),
      "c.id",
      "c.name",
      "c.area",
      "c.instructions",
      "c.effort",
      "c.frequency",
      "c.weekdays",
      "c.rule",
      sql<string | null>`c.starts_on::text`.as("startsOn"),
      sql<boolean>`c.archived_at is not null`.as("archived"),
    ])
    .where("h.id", "=", hid)
    .orderBy(sql`c.archived_at is not null`)
    .orderBy("c.name")
    .orderBy("c.id")
    .execute();
  const first = rows[0];
  if (!first) throw notFound("House");
  return {
    house: { id: first.houseId, name: first.houseName, today: first.today },
    chores: rows
      .filter((r) => r.id !== null)
      .map((r) => ({
        id: r.id!,
        name: r.name!,
        area: r.area,
        instructions: r.instructions,
        effort: r.effort!,
        frequency: r.frequency!,
        weekdays: r.weekdays ?? [],
        rule: r.rule,
        startsOn: r.startsOn!,
        archived: r.archived,
      })),
  };
}

/** The house, if the caller can see it (not found otherwise): checked before a form's other rules. */
export async function requireChoreHouse(tx: Tx, houseId: string): Promise<void> {
  const row = await tx.selectFrom("house").select("id").where("id", "=", parseInput(idSchema, houseId)).executeTakeFirst();
  if (!row) throw notFound("House");
}

/** The chore, if it belongs to this house (and the caller can see it): for forms posted to a house's pages. */
export async function requireChoreInHouse(tx: Tx, houseId: string, choreId: string): Promise<void> {
  const row = await tx
    .selectFrom("chore")
    .select("id")
    .where("id", "=", parseInput(idSchema, choreId))
    .where("house_id", "=", parseInput(idSchema, houseId))
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "That chore is not in this house. Reload the page and try again.", { field: "choreId" });
}

const CHORE_CONFLICT = { chore_house_name_key: { kind: "conflict" as const, message: "This house already has a chore with that name.", field: "name" } };

export async function createChore(tx: Tx, input: ChoreInput): Promise<{ id: string }> {
  const v = parseInput(ChoreInput, input);
  const row = await guardDb(
    tx
      .insertInto("chore")
      .values({
        org_id: sql<string>`current_org_id()`,
        house_id: v.houseId,
        name: v.name,
        area: v.area,
        instructions: v.instructions,
        effort: v.effort,
        frequency: v.frequency,
        weekdays: v.weekdays,
        rule: v.rule,
        starts_on: v.startsOn,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
    { ...CHORE_CONFLICT, "42501": { kind: "forbidden", message: "Only the house's managers can add chores." } },
  );
  await audit(tx, "chore.created", { type: "chore", id: row.id }, { houseId: v.houseId, effort: v.effort, frequency: v.frequency });
  return row;
}

export async function updateChore(tx: Tx, choreId: string, input: ChoreInput): Promise<void> {
  const cid = parseInput(idSchema, choreId);
  const v = parseInput(ChoreInput, input);
  const res = await guardDb(
    tx
      .updateTable("chore")
      .set({
        name: v.name,
        area: v.area,
        instructions: v.instructions,
        effort: v.effort,
        frequency: v.frequency,
        weekdays: v.weekdays,
        rule: v.rule,
        starts_on: v.startsOn,
        updated_at: sql`now()`,
      })
      .where("id", "=", cid)
      .where("house_id", "=", v.houseId)
      .where("archived_at", "is", null)
      .executeTakeFirst(),
    CHORE_CONFLICT,
  );
  if (res.numUpdatedRows === 0n) throw new DomainError("not_found", "That chore was archived or is not in this house.");
  await audit(tx, "chore.updated", { type: "chore", id: cid }, { effort: v.effort, frequency: v.frequency });
}

/** Archive a chore: it is no longer generated, and its untouched assignments from today on go. */
export async function archiveChore(tx: Tx, houseId: string, choreId: string): Promise<void> {
  const cid = parseInput(idSchema, choreId);
  const hid = parseInput(idSchema, houseId);
  const res = await tx
    .updateTable("chore")
    .set({ archived_at: sql`now()`, updated_at: sql`now()` })
    .where("id", "=", cid)
    .where("house_id", "=", hid)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (res.numUpdatedRows === 0n) throw new DomainError("not_found", "That chore was already archived or is not in this house.");
  const removed = await tx
    .deleteFrom("chore_assignment as a")
    .where("a.chore_id", "=", cid)
    .where("a.status", "=", "assigned")
    .where("a.day", ">=", sql<string>`house_local_today(${hid}::uuid)`)
    .returning("a.id")
    .execute();
  await audit(tx, "chore.archived", { type: "chore", id: cid }, { houseId: hid, assignmentsRemoved: removed.length });
}

// ── offices ─────────────────────────────────────────────────────────────────

export type HouseOffices = { offices: { office: HouseOfficeKind; residentId: string }[]; candidates: { residentId: string; name: string }[] };

/**
 * Who holds each office of a house, and who could (the residents living there today,
 * by name: staff only). Two queries.
 */
export async function getHouseOffices(tx: Tx, houseId: string): Promise<HouseOffices> {
  const hid = parseInput(idSchema, houseId);
  const offices = await tx.selectFrom("house_office").select(["office", "resident_id as residentId"]).where("house_id", "=", hid).execute();
  const candidates = await tx
    .selectFrom("stay as s")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "s.org_id").onRef("r.id", "=", "s.resident_id"))
    .select(["r.id as residentId", sql<string>`coalesce(r.preferred_name || ' (' || r.legal_name || ')', r.legal_name)`.as("name")])
    .where("s.house_id", "=", hid)
    .where(sql<boolean>`s.during @> ${houseToday("h")}`)
    .orderBy(sql`lower(r.legal_name)`)
    .orderBy("r.id")
    .execute();
  return { offices, candidates };
}

/**
 * Give an office to a resident living in the house today, or leave it empty. One holder
 * per office and house; audited with ids only.
 */
export async function setHouseOffice(tx: Tx, input: OfficeInput): Promise<{ changed: boolean }> {
  const { houseId, office, residentId } = parseInput(OfficeInput, input);
  await requireChoreHouse(tx, houseId);
  const current = await tx.selectFrom("house_office").select(["id", "resident_id"]).where("house_id", "=", houseId).where("office", "=", office).executeTakeFirst();
  if ((current?.resident_id ?? null) === residentId) return { changed: false };
  if (residentId) {
    const lives = await tx
      .selectFrom("stay as s")
      .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
      .select("s.id")
      .where("s.house_id", "=", houseId)
      .where("s.resident_id", "=", residentId)
      .where(sql<boolean>`s.during @> ${houseToday("h")}`)
      .executeTakeFirst();
    if (!lives) throw new DomainError("not_found", "That resident doesn't live in this house now. Choose someone who does.", { field: "residentId" });
  }
  const forbidden = { "42501": { kind: "forbidden" as const, message: "Only owners, administrators and the house's managers assign offices." } };
  if (current && residentId) {
    const res = await guardDb(tx.updateTable("house_office").set({ resident_id: residentId }).where("id", "=", current.id).executeTakeFirst(), forbidden);
    if (res.numUpdatedRows === 0n) throw new DomainError("forbidden", forbidden["42501"].message);
  } else if (current) {
    const res = await tx.deleteFrom("house_office").where("id", "=", current.id).executeTakeFirst();
    if (res.numDeletedRows === 0n) throw new DomainError("forbidden", forbidden["42501"].message);
  } else {
    await guardDb(
      tx.insertInto("house_office").values({ org_id: sql<string>`current_org_id()`, house_id: houseId, office, resident_id: residentId! }).execute(),
      { ...forbidden, house_office_key: { kind: "conflict", message: "Someone else changed this office at the same time. Please try again." } },
    );
  }
  await audit(tx, residentId ? "house.office_assigned" : "house.office_cleared", { type: "house", id: houseId }, {
    office,
    residentId,
    previousResidentId: current?.resident_id ?? null,
  });
  return { changed: true };
}

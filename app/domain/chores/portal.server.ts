import { sql } from "kysely";
import type { ChoreAssignmentStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, parseInput } from "#app/domain/errors.server";
import { addDays, type CalendarDate } from "#app/lib/dates";
import { isoDate } from "#app/lib/fields";
import { stateOf } from "./assignments.server";
import { SwapAnswerInput, SwapRequestInput, type ChoreState } from "./schemas";

/**
 * The resident's side of chores: the house they live in today, the house's chore board
 * (housemates' first names only, through the chore_board function), handing a chore to
 * a housemate and answering such requests. Residents see nothing else of each other
 * (migration 0016).
 */

export type MyChoreHouse = { residentId: string; houseId: string; houseName: string; today: CalendarDate; peerRun: boolean; coordinator: boolean };

/** The house the signed-in resident lives in today, or null. One query. */
export async function getMyChoreHouse(tx: Tx): Promise<MyChoreHouse | null> {
  const row = await tx
    .selectFrom("stay as s")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .select([
      "s.resident_id as residentId",
      "h.id as houseId",
      "h.name as houseName",
      sql<string>`${houseToday("h")}::text`.as("today"),
      sql<boolean>`h.narr_level = 1`.as("peerRun"),
      sql<boolean>`h.id = any ((select current_coordinator_house_ids())::uuid[])`.as("coordinator"),
    ])
    .where("s.resident_id", "=", sql<string>`(select current_resident_id())`)
    .where(sql<boolean>`s.during @> ${houseToday("h")}`)
    .executeTakeFirst();
  return row ?? null;
}

export type BoardRow = { assignmentId: string; choreName: string; area: string | null; firstName: string; status: ChoreAssignmentStatus; state: ChoreState; mine: boolean };

/** The house's chores on a day with first names only (a resident living there today; else empty). One query. */
export async function myHouseBoard(tx: Tx, house: MyChoreHouse, day: CalendarDate): Promise<BoardRow[]> {
  const d = parseInput(isoDate, day);
  const rows = await sql<{ assignment_id: string; chore_name: string; area: string | null; first_name: string; status: ChoreAssignmentStatus; mine: boolean }>`
    select * from chore_board(${house.houseId}::uuid, ${d}::date)`.execute(tx);
  return rows.rows.map((r) => ({
    assignmentId: r.assignment_id,
    choreName: r.chore_name,
    area: r.area,
    firstName: r.first_name,
    status: r.status,
    state: stateOf(r.status, d, house.today),
    mine: r.mine,
  }));
}

export type Housemate = { residentId: string; firstName: string; days: CalendarDate[] };

/**
 * Housemates in the house on a day of [from, to]: first names and the days they are there
 * (no move-in or move-out dates; the days are cut to the caller's own current stay, up to
 * the generation horizon, by chore_housemates). One query.
 */
export async function listHousemates(tx: Tx, houseId: string, from: CalendarDate, to: CalendarDate): Promise<Housemate[]> {
  const rows = await sql<{ resident_id: string; first_name: string; days: string[] }>`
    select resident_id, first_name, days::text[] as days
    from chore_housemates(${houseId}::uuid, ${from}::date, ${to}::date)`.execute(tx);
  return rows.rows.map((r) => ({ residentId: r.resident_id, firstName: r.first_name, days: r.days }));
}

/** Is this housemate in the house on that day? */
export const presentOn = (h: Housemate, day: CalendarDate) => h.days.includes(day);

export type MySwap = {
  swapId: string;
  direction: "incoming" | "outgoing";
  assignmentId: string;
  day: CalendarDate;
  choreName: string;
  otherResidentId: string;
};

/** Pending swap requests to and from the signed-in resident, soonest first. One query. */
export async function listMySwaps(tx: Tx): Promise<MySwap[]> {
  const rows = await tx
    .selectFrom("chore_swap as w")
    .innerJoin("chore_assignment as a", (j) => j.onRef("a.org_id", "=", "w.org_id").onRef("a.id", "=", "w.assignment_id"))
    .innerJoin("chore as c", (j) => j.onRef("c.org_id", "=", "a.org_id").onRef("c.id", "=", "a.chore_id"))
    .select([
      "w.id as swapId",
      // (select …): the helper once per statement, not once per row
      sql<"incoming" | "outgoing">`case when w.to_resident_id = (select current_resident_id()) then 'incoming' else 'outgoing' end`.as("direction"),
      "a.id as assignmentId",
      sql<string>`a.day::text`.as("day"),
      "c.name as choreName",
      sql<string>`case when w.to_resident_id = (select current_resident_id()) then w.from_resident_id else w.to_resident_id end`.as("otherResidentId"),
    ])
    .where("w.status", "=", "pending")
    .where((eb) =>
      eb.or([eb("w.to_resident_id", "=", sql<string>`(select current_resident_id())`), eb("w.from_resident_id", "=", sql<string>`(select current_resident_id())`)]),
    )
    .orderBy("a.day")
    .orderBy("w.id")
    .execute();
  return rows;
}

/**
 * Ask a housemate to take one of your chores. The chore must be yours, still to do and
 * not past; the housemate must be in the house that day (409 otherwise); one pending
 * request per chore.
 */
export async function requestChoreSwap(tx: Tx, input: SwapRequestInput): Promise<{ swapId: string }> {
  const { assignmentId, toResidentId } = parseInput(SwapRequestInput, input);
  const a = await tx
    .selectFrom("chore_assignment as a")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .select(["a.id", "a.house_id as houseId", sql<string>`a.day::text`.as("day"), "a.status", sql<string>`${houseToday("h")}::text`.as("today")])
    .where("a.id", "=", assignmentId)
    .where("a.resident_id", "=", sql<string>`current_resident_id()`)
    .executeTakeFirst();
  if (!a) throw new DomainError("not_found", "We couldn't find that chore among yours.", { field: "assignmentId" });
  if (a.status !== "assigned" || a.day < a.today) throw new DomainError("conflict", "Only a chore that is still to do, today or later, can be handed over.");
  const mates = await listHousemates(tx, a.houseId, a.day, a.day);
  const mate = mates.find((m) => m.residentId === toResidentId && presentOn(m, a.day));
  if (!mate) {
    throw new DomainError("conflict", "That person isn't in the house on that day. Choose someone who is.", { field: "toResidentId" });
  }
  const row = await guardDb(
    tx
      .insertInto("chore_swap")
      .values({ org_id: sql<string>`current_org_id()`, house_id: a.houseId, assignment_id: a.id, from_resident_id: sql<string>`current_resident_id()`, to_resident_id: toResidentId })
      .returning("id")
      .executeTakeFirstOrThrow(),
    {
      chore_swap_pending_key: { kind: "conflict", message: "You have already asked someone to take this chore." },
      chore_swap_not_self: { kind: "invalid", message: "Choose a housemate, not yourself.", field: "toResidentId" },
    },
  );
  await audit(tx, "chore.swap_requested", { type: "chore_swap", id: row.id }, { assignmentId: a.id, toResidentId });
  return { swapId: row.id };
}

/** Accept or decline a request made to you, or cancel your own. Accepting makes the chore yours. */
export async function answerChoreSwap(tx: Tx, input: SwapAnswerInput): Promise<void> {
  const { swapId, answer } = parseInput(SwapAnswerInput, input);
  const w = await tx
    .selectFrom("chore_swap as w")
    .select([
      "w.id",
      "w.assignment_id as assignmentId",
      "w.house_id as houseId",
      "w.status",
      sql<boolean>`w.to_resident_id = current_resident_id()`.as("toMe"),
      sql<boolean>`w.from_resident_id = current_resident_id()`.as("fromMe"),
    ])
    .where("w.id", "=", swapId)
    .executeTakeFirst();
  if (!w || !(w.toMe || w.fromMe)) throw new DomainError("not_found", "We couldn't find that request.");
  if (w.status !== "pending") throw new DomainError("conflict", "That request has already been answered.");
  if (answer === "cancelled" ? !w.fromMe : !w.toMe) throw new DomainError("forbidden", answer === "cancelled" ? "Only the person who asked can cancel a request." : "Only the person asked can answer a request.");

  if (answer === "accepted") {
    const a = await tx
      .selectFrom("chore_assignment as a")
      .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
      .select([sql<string>`a.day::text`.as("day"), "a.status", sql<string>`${houseToday("h")}::text`.as("today")])
      .where("a.id", "=", w.assignmentId)
      .executeTakeFirst();
    if (!a || a.status !== "assigned" || a.day < a.today) throw new DomainError("conflict", "That chore can no longer be handed over.");
    const mine = await tx
      .selectFrom("stay")
      .select("id")
      .where("resident_id", "=", sql<string>`current_resident_id()`)
      .where("house_id", "=", w.houseId)
      .where(sql<boolean>`during @> ${a.day}::date`)
      .executeTakeFirst();
    if (!mine) throw new DomainError("conflict", "You aren't in the house on that day, so you can't take this chore.");
    const taken = await guardDb(
      tx.updateTable("chore_assignment").set({ resident_id: sql<string>`current_resident_id()` }).where("id", "=", w.assignmentId).where("status", "=", "assigned").executeTakeFirst(),
    );
    // Changed meanwhile (marked done, say): nothing was handed over, so nothing is written.
    if (taken.numUpdatedRows === 0n) throw new DomainError("conflict", "That chore can no longer be handed over.");
  }
  const answered = await guardDb(tx.updateTable("chore_swap").set({ status: answer, decided_at: sql`now()` }).where("id", "=", w.id).where("status", "=", "pending").executeTakeFirst());
  if (answered.numUpdatedRows === 0n) throw new DomainError("conflict", "That request has already been answered.");
  await audit(tx, `chore.swap_${answer}`, { type: "chore_swap", id: w.id }, { assignmentId: w.assignmentId });
}

/** The default window of the resident's page: two weeks back, one week ahead. */
export const myWindow = (today: CalendarDate) => ({ from: addDays(today, -14), to: addDays(today, 7) });

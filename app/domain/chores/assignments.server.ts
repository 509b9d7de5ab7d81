import { sql, type Expression } from "kysely";
import type { ChoreAssignmentStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { enqueueEmail } from "#app/domain/outbox/outbox.server";
import { addDays, type CalendarDate } from "#app/lib/dates";
import { id as idSchema, isoDate } from "#app/lib/fields";
import { PAGE_SIZE, pageOf } from "#app/lib/pagination";
import { dueDays } from "./recurrence";
import { rotate } from "./rotation";
import { CheckInput, DoneInput, GenerateInput, type ChoreState } from "./schemas";

/**
 * Assignments: generating a period's rotation (one transaction, idempotent), marking done,
 * checking (verify or send back), and the reads other pages build on
 * (`listChoresForResident`, `houseChoresOn`). "Missed" is computed here from the house's
 * local today (`stateOf`), never stored (ADR 024).
 */

/** How many weeks of effort the rotation balances. */
export const HISTORY_WEEKS = 4;

/**
 * What an assignment is for people: its status, or missed once its day has ended in the
 * house's zone without it being done (a chore sent back may be redone the same day or the
 * next; after that it is missed too).
 */
export function stateOf(status: ChoreAssignmentStatus, day: CalendarDate, today: CalendarDate): ChoreState {
  if (status === "assigned" && day < today) return "missed";
  if (status === "sent_back" && addDays(day, 1) < today) return "missed";
  return status;
}

/** May the holder mark it done today? Only on its day (or the day after, to redo one sent back). */
function doneProblem(status: ChoreAssignmentStatus, day: CalendarDate, today: CalendarDate): string | null {
  if (status === "verified") return "This chore has already been verified.";
  if (status === "done") return "This chore is already marked done.";
  if (day > today) return "You can mark this chore done on its day.";
  if (stateOf(status, day, today) === "missed") return "That day has ended, so this chore shows as missed.";
  return null;
}

// ── generating a period ─────────────────────────────────────────────────────

export type GenerateResult = { from: CalendarDate; to: CalendarDate; created: number; removed: number };

/**
 * Generate the rotation for `days` days from `from` (the house's today or later) in one
 * transaction. Idempotent: a chore has one assignment per day (unique key), so running it
 * twice, or two people at once, adds nothing new. `regenerate` first removes the period's
 * untouched assignments from today on (not done, no swap pending) and deals them again
 * — after an admission or a move-out. Audited with counts only.
 */
export async function generateRotation(tx: Tx, input: GenerateInput, opts: { allowPast?: boolean } = {}): Promise<GenerateResult> {
  const v = parseInput(GenerateInput, input);
  const house = await tx
    .selectFrom("house as h")
    .select(["h.id", "h.status", sql<string>`${houseToday("h")}::text`.as("today")])
    .where("h.id", "=", v.houseId)
    .executeTakeFirst();
  if (!house) throw notFound("House");
  if (house.status !== "active") throw new DomainError("conflict", "This house is archived: reactivate it to plan chores.");
  if (v.from < house.today && !opts.allowPast) {
    throw new DomainError("invalid", "Start the rotation today or later: past days keep what happened.", { field: "from" });
  }
  const from = v.from;
  const to = addDays(from, v.days - 1);
  const days = Array.from({ length: v.days }, (_, i) => addDays(from, i));

  let removed = 0;
  if (v.regenerate) {
    const start = from > house.today ? from : house.today;
    const gone = await guardDb(
      tx
        .deleteFrom("chore_assignment as a")
        .where("a.house_id", "=", v.houseId)
        .where("a.day", ">=", start)
        .where("a.day", "<=", to)
        .where("a.status", "=", "assigned")
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom("chore_swap as w").select("w.id").whereRef("w.assignment_id", "=", "a.id").where("w.status", "=", "pending"))),
        )
        .returning("a.id")
        .execute(),
    );
    removed = gone.length;
  }

  const chores = await tx
    .selectFrom("chore")
    .select(["id", "effort", "frequency", "weekdays", "rule", sql<string>`starts_on::text`.as("startsOn")])
    .where("house_id", "=", v.houseId)
    .where("archived_at", "is", null)
    .execute();
  const stays = await tx
    .selectFrom("stay")
    .select(["resident_id as residentId", sql<string>`lower(during)::text`.as("moveIn"), sql<string | null>`upper(during)::text`.as("moveOut")])
    .where("house_id", "=", v.houseId)
    .where(sql<boolean>`during && daterange(${from}::date, ${to}::date, '[]')`)
    .execute();
  // Effort over the last weeks and this period's existing assignments (both count as
  // load), and who last did each chore before the period.
  const past = await tx
    .selectFrom("chore_assignment")
    .select(["chore_id as choreId", "resident_id as residentId", sql<string>`day::text`.as("day"), "effort"])
    .where("house_id", "=", v.houseId)
    .where("day", ">=", addDays(from, -7 * HISTORY_WEEKS))
    .where("day", "<=", to)
    .orderBy("day")
    .orderBy("id")
    .execute();

  const history: Record<string, number> = {};
  const lastAssignee: Record<string, string> = {};
  const taken = new Set<string>();
  for (const a of past) {
    history[a.residentId] = (history[a.residentId] ?? 0) + a.effort;
    if (a.day < from) lastAssignee[a.choreId] = a.residentId;
    else taken.add(`${a.choreId}|${a.day}`);
  }
  const present = new Map<string, CalendarDate[]>();
  for (const s of stays) {
    const list = present.get(s.residentId) ?? [];
    for (const day of days) if (day >= s.moveIn && (s.moveOut === null || day < s.moveOut)) list.push(day);
    present.set(s.residentId, list);
  }
  const assignments = rotate({
    days,
    chores: chores.map((c) => ({
      id: c.id,
      effort: c.effort,
      due: dueDays({ frequency: c.frequency, weekdays: c.weekdays, rule: c.rule, startsOn: c.startsOn }, from, to).filter((d) => !taken.has(`${c.id}|${d}`)),
    })),
    residents: [...present].map(([id, list]) => ({ id, present: list })),
    history,
    lastAssignee,
  });

  let created = 0;
  if (assignments.length) {
    const rows = await guardDb(
      tx
        .insertInto("chore_assignment")
        .values(
          assignments.map((a) => ({
            org_id: sql<string>`current_org_id()`,
            house_id: v.houseId,
            chore_id: a.choreId,
            resident_id: a.residentId,
            day: a.day,
            effort: a.effort,
          })),
        )
        .onConflict((oc) => oc.columns(["org_id", "chore_id", "day"]).doNothing())
        .returning("id")
        .execute(),
      { "42501": { kind: "forbidden", message: "Only the house's managers can plan its chores." } },
    );
    created = rows.length;
  }
  if (created || removed) {
    await audit(tx, v.regenerate ? "chore.rotation_regenerated" : "chore.rotation_generated", { type: "house", id: v.houseId }, { from, to, created, removed });
  }
  return { from, to, created, removed };
}

// ── the holder and the checker ──────────────────────────────────────────────

type Found = { id: string; houseId: string; residentId: string; day: string; status: ChoreAssignmentStatus; today: string; mine: boolean };

async function findAssignment(tx: Tx, assignmentId: string): Promise<Found> {
  const aid = parseInput(idSchema, assignmentId);
  const row = await tx
    .selectFrom("chore_assignment as a")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .select([
      "a.id",
      "a.house_id as houseId",
      "a.resident_id as residentId",
      sql<string>`a.day::text`.as("day"),
      "a.status",
      sql<string>`${houseToday("h")}::text`.as("today"),
      sql<boolean>`a.resident_id is not distinct from current_resident_id()`.as("mine"),
    ])
    .where("a.id", "=", aid)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "We couldn't find that chore.");
  return row;
}

/** The assignment, if it belongs to this house (and the caller can see it): for forms posted to a house's pages. */
export async function requireAssignmentInHouse(tx: Tx, houseId: string, assignmentId: string): Promise<void> {
  const row = await tx
    .selectFrom("chore_assignment")
    .select("id")
    .where("id", "=", parseInput(idSchema, assignmentId))
    .where("house_id", "=", parseInput(idSchema, houseId))
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "That chore is not in this house. Reload the page and try again.", { field: "assignmentId" });
}

/** The signed-in resident marks their chore done (again, after it was sent back), with an optional note. */
export async function markChoreDone(tx: Tx, input: DoneInput): Promise<void> {
  const { assignmentId, note } = parseInput(DoneInput, input);
  const a = await findAssignment(tx, assignmentId);
  if (!a.mine) throw new DomainError("forbidden", "Only the resident it is assigned to can mark a chore done.");
  const problem = doneProblem(a.status, a.day, a.today);
  if (problem) throw new DomainError("conflict", problem);
  const res = await guardDb(
    tx
      .updateTable("chore_assignment")
      .set({ status: "done", done_at: sql`now()`, done_note: note, sent_back_reason: null })
      .where("id", "=", a.id)
      .where("status", "=", a.status)
      .where("resident_id", "=", sql<string>`current_resident_id()`)
      .executeTakeFirst(),
  );
  // Changed meanwhile (checked, or handed to a housemate): nothing is written.
  if (res.numUpdatedRows === 0n) throw new DomainError("conflict", "This chore changed meanwhile. Reload the page and try again.");
  await audit(tx, "chore.done", { type: "chore_assignment", id: a.id }, { redo: a.status === "sent_back" });
}

/**
 * Verify a done chore, or send it back with a reason (the resident can redo it, and gets
 * a neutral email). House managers and owners/admins, or in a peer-run house the
 * resident holding the coordinator office — never for one's own chore (409).
 */
export async function checkChore(tx: Tx, input: CheckInput): Promise<{ outcome: "verified" | "sent_back" }> {
  const { assignmentId, outcome, reason } = parseInput(CheckInput, input);
  const a = await findAssignment(tx, assignmentId);
  if (a.mine) throw new DomainError("conflict", "You can't verify or send back your own chore. Ask the house manager or another officer.");
  if (a.status !== "done") {
    throw new DomainError("conflict", a.status === "verified" ? "This chore has already been verified." : "Only a chore marked done can be verified or sent back.");
  }
  const res = await guardDb(
    tx
      .updateTable("chore_assignment")
      .set({ status: outcome, sent_back_reason: outcome === "sent_back" ? reason : null })
      .where("id", "=", a.id)
      .where("status", "=", "done")
      .executeTakeFirst(),
    {
      chore_assignment_not_own: { kind: "conflict", message: "You can't verify or send back your own chore. Ask the house manager or another officer." },
      "42501": { kind: "forbidden", message: "Only the house manager or the house's coordinator can check chores." },
    },
  );
  if (res.numUpdatedRows === 0n) throw new DomainError("forbidden", "Only the house manager or the house's coordinator can check chores.");
  if (outcome === "sent_back") {
    const to = await sql<{ email: string | null }>`select chore_assignee_email(${a.id}::uuid) as email`.execute(tx);
    const email = to.rows[0]?.email;
    if (email) {
      // Neutral on purpose: no reason text (it is free text), no house, no other names.
      await enqueueEmail(tx, {
        to: email,
        subject: "A task to look at again",
        text: [
          "Hello,",
          "",
          "One of your tasks for today was checked and needs another look.",
          "Sign in to Hearth to see what to redo, and mark it done again when it's finished.",
        ].join("\n"),
      });
    }
  }
  await audit(tx, outcome === "verified" ? "chore.verified" : "chore.sent_back", { type: "chore_assignment", id: a.id }, { houseId: a.houseId });
  return { outcome };
}

// ── reads ───────────────────────────────────────────────────────────────────

export type ResidentChore = {
  assignmentId: string;
  houseId: string;
  day: CalendarDate;
  choreId: string;
  choreName: string;
  area: string | null;
  instructions: string | null;
  effort: number;
  status: ChoreAssignmentStatus;
  state: ChoreState;
  note: string | null;
  sentBackReason: string | null;
  today: CalendarDate;
};

/**
 * One resident's chores between two days (inclusive), oldest first, with their state —
 * for the resident's own pages and the week view, or staff looking at a resident (RLS
 * decides what is visible). One query.
 */
export async function listChoresForResident(tx: Tx, residentId: string, fromDay: CalendarDate, toDay: CalendarDate): Promise<ResidentChore[]> {
  const rid = parseInput(idSchema, residentId);
  const from = parseInput(isoDate, fromDay);
  const to = parseInput(isoDate, toDay);
  return withChoreStates(await residentChoresQuery(tx, rid, from, to).execute());
}

/**
 * The query behind `listChoresForResident`; the resident and the days may be SQL
 * expressions, for a combined read that nests it (the resident's week). Finish its rows
 * with `withChoreStates`.
 */
export function residentChoresQuery(tx: Tx, residentId: string | Expression<string>, from: CalendarDate | Expression<string>, to: CalendarDate | Expression<string>) {
  return tx
    .selectFrom("chore_assignment as a")
    .innerJoin("chore as c", (j) => j.onRef("c.org_id", "=", "a.org_id").onRef("c.id", "=", "a.chore_id"))
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .select([
      "a.id as assignmentId",
      "a.house_id as houseId",
      sql<string>`a.day::text`.as("day"),
      "c.id as choreId",
      "c.name as choreName",
      "c.area",
      "c.instructions",
      "a.effort",
      "a.status",
      "a.done_note as note",
      "a.sent_back_reason as sentBackReason",
      sql<string>`${houseToday("h")}::text`.as("today"),
    ])
    .where("a.resident_id", "=", residentId)
    .where("a.day", ">=", from)
    .where("a.day", "<=", to)
    .orderBy("a.day")
    .orderBy("c.name")
    .orderBy("a.id");
}

export const withChoreStates = (rows: Omit<ResidentChore, "state">[]): ResidentChore[] => rows.map((r) => ({ ...r, state: stateOf(r.status, r.day, r.today) }));

export type HouseChore = {
  assignmentId: string;
  choreName: string;
  area: string | null;
  effort: number;
  residentId: string;
  residentName: string;
  status: ChoreAssignmentStatus;
  state: ChoreState;
  note: string | null;
  sentBackReason: string | null;
};

/**
 * A house's chores on one day (null: the house's today) with who holds each (staff: RLS limits house managers and
 * staff to their houses) and done / verified / missed state. One query; the caller
 * audits the list (`chore.listed`) when it shows names.
 */
export async function houseChoresOn(
  tx: Tx,
  houseId: string,
  day: CalendarDate | null,
): Promise<{ house: { id: string; name: string; peerRun: boolean; active: boolean }; day: CalendarDate; today: CalendarDate; chores: HouseChore[] }> {
  const hid = parseInput(idSchema, houseId);
  const d = day === null ? null : parseInput(isoDate, day);
  const rows = await tx
    .selectFrom("house as h")
    .leftJoin("chore_assignment as a", (j) => j.onRef("a.org_id", "=", "h.org_id").onRef("a.house_id", "=", "h.id").on("a.day", "=", sql<string>`coalesce(${d}::date, ${houseToday("h")})`))
    .leftJoin("chore as c", (j) => j.onRef("c.org_id", "=", "a.org_id").onRef("c.id", "=", "a.chore_id"))
    .leftJoin("resident as r", (j) => j.onRef("r.org_id", "=", "a.org_id").onRef("r.id", "=", "a.resident_id"))
    .select([
      "h.name as houseName",
      sql<boolean>`h.narr_level = 1`.as("peerRun"),
      sql<boolean>`h.status = 'active'`.as("active"),
      sql<string>`${houseToday("h")}::text`.as("today"),
      sql<string>`coalesce(${d}::date, ${houseToday("h")})::text`.as("day"),
      "a.id as assignmentId",
      "c.name as choreName",
      "c.area",
      "a.effort",
      "a.resident_id as residentId",
      sql<string | null>`coalesce(r.preferred_name, r.legal_name)`.as("residentName"),
      "a.status",
      "a.done_note as note",
      "a.sent_back_reason as sentBackReason",
    ])
    .where("h.id", "=", hid)
    .orderBy("c.name")
    .orderBy("a.id")
    .execute();
  const first = rows[0];
  if (!first) throw notFound("House");
  return {
    house: { id: hid, name: first.houseName, peerRun: first.peerRun, active: first.active },
    day: first.day,
    today: first.today,
    chores: rows
      .filter((r) => r.assignmentId !== null)
      .map((r) => ({
        assignmentId: r.assignmentId!,
        choreName: r.choreName!,
        area: r.area,
        effort: r.effort!,
        residentId: r.residentId!,
        residentName: r.residentName ?? "A resident",
        status: r.status!,
        state: stateOf(r.status!, first.day, first.today),
        note: r.note,
        sentBackReason: r.sentBackReason,
      })),
  };
}

export type HistoryRow = {
  id: string;
  day: CalendarDate;
  choreName: string;
  residentId: string;
  residentName: string;
  effort: number;
  state: ChoreState;
  note: string | null;
  sentBackReason: string | null;
};

/**
 * A house's chore history, newest day first, optionally for one resident: keyset pages
 * of PAGE_SIZE by (day, id) (the cursor is the last row's id). One query; today comes
 * from the house. Staff only (RLS); the caller audits the names it shows.
 */
export async function listChoreHistory(
  tx: Tx,
  houseId: string,
  opts: { residentId?: string | null; cursor?: { after: string } | null; limit?: number } = {},
): Promise<{ rows: HistoryRow[]; next: string | null }> {
  const hid = parseInput(idSchema, houseId);
  const limit = opts.limit ?? PAGE_SIZE;
  const house = await tx.selectFrom("house").select("id").where("id", "=", hid).executeTakeFirst();
  if (!house) throw notFound("House");
  let q = tx
    .selectFrom("chore_assignment as a")
    .innerJoin("chore as c", (j) => j.onRef("c.org_id", "=", "a.org_id").onRef("c.id", "=", "a.chore_id"))
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .leftJoin("resident as r", (j) => j.onRef("r.org_id", "=", "a.org_id").onRef("r.id", "=", "a.resident_id"))
    .select([
      "a.id",
      sql<string>`a.day::text`.as("day"),
      "c.name as choreName",
      "a.resident_id as residentId",
      sql<string | null>`coalesce(r.preferred_name, r.legal_name)`.as("residentName"),
      "a.effort",
      "a.status",
      "a.done_note as note",
      "a.sent_back_reason as sentBackReason",
      sql<string>`${houseToday("h")}::text`.as("today"),
    ])
    .where("a.house_id", "=", hid)
    .where("a.day", "<=", sql<string>`${houseToday("h")}`);
  if (opts.residentId) {
    const rid = parseInput(idSchema, opts.residentId);
    q = q.where("a.resident_id", "=", rid);
  }
  if (opts.cursor) {
    q = q.where(sql<boolean>`(a.day, a.id) < (select x.day, x.id from chore_assignment x where x.id = ${opts.cursor.after}::uuid)`);
  }
  const rows = await q.orderBy("a.day", "desc").orderBy("a.id", "desc").limit(limit + 1).execute();
  const page = pageOf(rows, limit);
  return {
    rows: page.items.map((r) => ({
      id: r.id,
      day: r.day,
      choreName: r.choreName,
      residentId: r.residentId,
      residentName: r.residentName ?? "A resident",
      effort: r.effort,
      state: stateOf(r.status, r.day, r.today),
      note: r.note,
      sentBackReason: r.sentBackReason,
    })),
    next: page.next,
  };
}

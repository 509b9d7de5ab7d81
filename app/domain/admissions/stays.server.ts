import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { DischargeReason, StayEndType } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { houseToday } from "#app/domain/dates.server";
import type { StayStatus } from "./stay-status";
import { stayStatus } from "./stay-status.server";
import { setBedStatus } from "#app/domain/houses/layout.server";
import { addDays } from "#app/lib/dates";
import { createResident } from "#app/domain/residents/residents.server";
import { id as idSchema } from "#app/lib/fields";
import { lockApplication } from "./applications.server";
import { carryIntakeIntoRecord } from "./intake.server";
import { AdmitApplicationInput, AdmitInput, CancelStayInput, DischargeInput, TransferInput } from "./schemas";

/**
 * Stays: a resident in a bed for [move-in, move-out). The database guarantees the
 * important rules (no double-booked bed, no resident in two beds at once, no move-in
 * to an out-of-service bed, beds and residents of the same org); this module checks
 * them first for clear messages and maps the constraint errors that races still hit.
 *
 * Every admission locks the bed row (FOR NO KEY UPDATE), so concurrent admissions to
 * one bed queue up: the first wins, the rest see its stay and get a conflict (never a
 * deadlock). Who may write: owner/admin, and house managers in their houses (RLS).
 */

export type { StayStatus };

export type StayDto = {
  id: string;
  residentId: string;
  residentName: string | null;
  houseId: string;
  houseName: string;
  roomName: string;
  bedId: string;
  bedLabel: string;
  moveIn: string;
  /** Exclusive; null = open-ended. With endType null it is an expected move-out. */
  moveOut: string | null;
  endType: StayEndType | null;
  dischargeReason: DischargeReason | null;
  dischargeDestination: string | null;
  transferredFromStayId: string | null;
  /** The stay this one was transferred into (end type transfer), when visible. */
  transferredToStayId: string | null;
  status: StayStatus;
  /** The house's local today (what the status is relative to). */
  today: string;
};

/**
 * The admission window around the house's local today (also enforced by the stay insert
 * policy, migration 0006): a move-in at most ADMISSION_WINDOW.back days ago and at most
 * ADMISSION_WINDOW.ahead days ahead. Earlier move-ins (recording history) need an owner or
 * administrator and are marked in the audit entry.
 */
export const ADMISSION_WINDOW = { back: 30, ahead: 365 } as const;

/**
 * The one-step undo offered right after a discharge or a move is honoured for this long
 * after the change; later, the same undo is a correction that asks first (ADR 048).
 */
export const UNDO_WINDOW_MINUTES = 10;

/** Whether the stay was last changed (discharged, moved into) within the undo window. */
export async function withinUndoWindow(tx: Tx, stayId: string): Promise<boolean> {
  const row = await tx
    .selectFrom("stay")
    .select(sql<boolean>`updated_at > now() - make_interval(mins => ${UNDO_WINDOW_MINUTES})`.as("fresh"))
    .where("id", "=", stayId)
    .executeTakeFirst();
  return row?.fresh === true;
}

/** Lock a bed for booking; refuse out-of-service beds and archived houses. */
async function lockBedForBooking(tx: Tx, bedId: string) {
  const bed = await tx
    .selectFrom("bed as b")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "b.org_id").onRef("h.id", "=", "b.house_id"))
    .select([
      "b.id",
      "b.house_id",
      "b.status",
      "h.status as house_status",
      sql<string>`(${houseToday("h")} - ${ADMISSION_WINDOW.back}::int)::text`.as("earliest"),
      sql<string>`(${houseToday("h")} + ${ADMISSION_WINDOW.ahead}::int)::text`.as("latest"),
      sql<boolean>`current_app_role() in ('owner', 'admin')`.as("may_backdate"),
    ])
    .where("b.id", "=", bedId)
    .forNoKeyUpdate("b")
    .executeTakeFirst();
  if (!bed) throw new DomainError("not_found", "Bed not found.", { field: "bedId" });
  if (bed.status === "out_of_service") throw new DomainError("conflict", "That bed is out of service.", { field: "bedId" });
  if (bed.house_status !== "active") throw new DomainError("conflict", "That house is archived.", { field: "bedId" });
  return bed;
}

/** Is `moveIn` inside the admission window? Returns whether it is back-dated beyond it. */
function checkMoveInWindow(bed: { earliest: string; latest: string; may_backdate: boolean }, moveIn: string, field: string) {
  if (moveIn > bed.latest) {
    throw new DomainError("invalid", `The date can be at most ${ADMISSION_WINDOW.ahead} days ahead.`, { field });
  }
  if (moveIn >= bed.earliest) return false;
  if (!bed.may_backdate) {
    throw new DomainError(
      "invalid",
      `The date can be at most ${ADMISSION_WINDOW.back} days back. Ask an owner or administrator to record an earlier one.`,
      { field },
    );
  }
  return true;
}

/**
 * Lock the resident under the caller's row-level security: a resident the caller cannot
 * see cannot be admitted (the stay insert policy refuses it too).
 */
async function lockResident(tx: Tx, residentId: string) {
  const resident = await tx.selectFrom("resident").select("id").where("id", "=", residentId).forKeyShare().executeTakeFirst();
  if (!resident) throw new DomainError("not_found", "Resident not found.", { field: "residentId" });
  return resident;
}

async function insertStay(
  tx: Tx,
  v: {
    residentId: string;
    houseId: string;
    bedId: string;
    moveIn: string;
    moveOut: string | null;
    transferredFrom?: string;
    endType?: StayEndType | null;
    dischargeReason?: DischargeReason | null;
    dischargeDestination?: string | null;
  },
): Promise<string> {
  const id = randomUUID();
  await guardDb(
    tx
      .insertInto("stay")
      .values({
        id,
        org_id: sql<string>`current_org_id()`,
        resident_id: v.residentId,
        house_id: v.houseId,
        bed_id: v.bedId,
        during: sql<string>`daterange(${v.moveIn}::date, ${v.moveOut}::date)`,
        transferred_from_stay_id: v.transferredFrom ?? null,
        end_type: v.endType ?? null,
        discharge_reason: v.dischargeReason ?? null,
        discharge_destination: v.dischargeDestination ?? null,
      })
      .execute(),
  );
  return id;
}

/**
 * Admit a resident to a bed from `moveInDate` (a future date books the bed: a planned
 * move-in). Throws not_found (bed or resident not visible / not in this org),
 * conflict (bed taken or reserved, resident already staying elsewhere, out of service,
 * archived house), invalid (dates).
 */
export async function admitResident(tx: Tx, input: AdmitInput): Promise<{ stayId: string; houseId: string }> {
  const data = parseInput(AdmitInput, input);
  await lockResident(tx, data.residentId);
  const bed = await lockBedForBooking(tx, data.bedId);
  const backdated = checkMoveInWindow(bed, data.moveInDate, "moveInDate");
  const stayId = await insertStay(tx, {
    residentId: data.residentId,
    houseId: bed.house_id,
    bedId: bed.id,
    moveIn: data.moveInDate,
    moveOut: data.expectedMoveOutDate,
  });
  await audit(tx, "stay.admitted", { type: "stay", id: stayId }, {
    residentId: data.residentId,
    bedId: bed.id,
    houseId: bed.house_id,
    moveIn: data.moveInDate,
    expectedMoveOut: data.expectedMoveOutDate,
    ...(backdated ? { backdated: true } : {}),
  });
  return { stayId, houseId: bed.house_id };
}

/**
 * Admit an accepted application: create the resident from it (plus `resident` details),
 * the stay, and mark the application admitted — all in the caller's one transaction,
 * so any failure leaves nothing behind.
 */
export async function admitApplication(tx: Tx, input: AdmitApplicationInput): Promise<{ residentId: string; stayId: string }> {
  const data = parseInput(AdmitApplicationInput, input);
  const app = await lockApplication(tx, data.applicationId);
  if (app.status === "admitted") throw new DomainError("conflict", "This application has already been admitted.");
  if (app.status !== "accepted") throw new DomainError("conflict", "Accept the application before admitting.");
  const r = data.resident ?? {};
  const { id: residentId } = await createResident(tx, {
    legalName: r.legalName ?? app.applicant_name,
    preferredName: r.preferredName,
    pronouns: r.pronouns,
    dateOfBirth: r.dateOfBirth,
    phone: r.phone ?? app.phone,
    email: r.email ?? app.email,
    emergencyContactName: r.emergencyContactName,
    emergencyContactPhone: r.emergencyContactPhone,
    emergencyContactRelationship: r.emergencyContactRelationship,
    recoveryStartDate: r.recoveryStartDate ?? app.recovery_date,
  });
  const { stayId, houseId } = await admitResident(tx, {
    residentId,
    bedId: data.bedId,
    moveInDate: data.moveInDate,
    expectedMoveOutDate: data.expectedMoveOutDate,
  });
  await guardDb(
    tx
      .updateTable("application")
      .set({
        status: "admitted",
        admitted_resident_id: residentId,
        admitted_house_id: houseId,
        status_changed_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where("id", "=", app.id)
      .execute(),
  );
  await audit(tx, "application.admitted", { type: "application", id: app.id }, { residentId, stayId });
  await carryIntakeIntoRecord(tx, app.id, residentId);
  return { residentId, stayId };
}

async function lockStay(tx: Tx, stayId: string) {
  const stay = await tx
    .selectFrom("stay as s")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .select([
      "s.id",
      "s.resident_id",
      "s.house_id",
      "s.bed_id",
      "s.end_type",
      "s.discharge_reason",
      "s.discharge_destination",
      "s.transferred_from_stay_id",
      sql<string>`lower(s.during)::text`.as("move_in"),
      sql<string | null>`upper(s.during)::text`.as("move_out"),
      sql<string>`${houseToday("h")}::text`.as("today"),
    ])
    .where("s.id", "=", stayId)
    .forUpdate("s")
    .executeTakeFirst();
  if (!stay) throw notFound("Stay");
  return stay;
}

/**
 * Move a resident to another bed (same or another house) from `date`: the old stay
 * ends on `date` (end type transfer), a new stay starts on it and keeps any expected
 * move-out. Both happen in the caller's transaction: if the new bed is taken, the old
 * stay is untouched.
 */
export async function transferStay(tx: Tx, input: TransferInput): Promise<{ stayId: string }> {
  const data = parseInput(TransferInput, input);
  const stay = await lockStay(tx, data.stayId);
  if (stay.end_type) {
    throw new DomainError(
      "conflict",
      stay.end_type === "discharge"
        ? "This stay already has a discharge recorded (it may be scheduled for a later date), so it can't be transferred."
        : "This stay has already been transferred.",
    );
  }
  if (data.date <= stay.move_in) {
    throw new DomainError("invalid", "The transfer date must be after the move-in date.", { field: "date" });
  }
  if (stay.move_out !== null && data.date >= stay.move_out) {
    throw new DomainError("invalid", "The transfer date must be before the expected move-out date.", { field: "date" });
  }
  if (data.toBedId === stay.bed_id) throw new DomainError("invalid", "Choose a different bed.", { field: "toBedId" });
  const bed = await lockBedForBooking(tx, data.toBedId);
  checkMoveInWindow(bed, data.date, "date");
  // Close the old stay first: the resident may not hold two overlapping stays.
  await guardDb(
    tx
      .updateTable("stay")
      .set({ during: sql<string>`daterange(lower(during), ${data.date}::date)`, end_type: "transfer", updated_at: sql`now()` })
      .where("id", "=", stay.id)
      .execute(),
  );
  const newStayId = await insertStay(tx, {
    residentId: stay.resident_id,
    houseId: bed.house_id,
    bedId: bed.id,
    moveIn: data.date,
    moveOut: stay.move_out,
    transferredFrom: stay.id,
  });
  await audit(tx, "stay.transferred", { type: "stay", id: newStayId }, {
    residentId: stay.resident_id,
    fromStayId: stay.id,
    fromBedId: stay.bed_id,
    toBedId: bed.id,
    fromHouseId: stay.house_id,
    toHouseId: bed.house_id,
    date: data.date,
  });
  return { stayId: newStayId };
}

/**
 * Discharge: the stay ends on `date` (exclusive; a future date schedules it) with a
 * reason and destination, and the bed is free from that date.
 */
export async function dischargeStay(tx: Tx, input: DischargeInput): Promise<{ heldUntil: string | null }> {
  const data = parseInput(DischargeInput, input);
  const stay = await lockStay(tx, data.stayId);
  if (stay.end_type === "transfer") throw new DomainError("conflict", "This stay ended with a transfer; discharge the current stay.");
  if (stay.end_type === "discharge") throw new DomainError("conflict", "This stay has already been discharged.");
  if (data.date <= stay.move_in) {
    throw new DomainError("invalid", "The discharge date must be after the move-in date.", { field: "date" });
  }
  await guardDb(
    tx
      .updateTable("stay")
      .set({
        during: sql<string>`daterange(lower(during), ${data.date}::date)`,
        end_type: "discharge",
        discharge_reason: data.reason,
        discharge_destination: data.destination,
        updated_at: sql`now()`,
      })
      .where("id", "=", stay.id)
      .execute(),
  );
  // The destination is free text (it may name people or places): not audited.
  await audit(tx, "stay.discharged", { type: "stay", id: stay.id }, {
    residentId: stay.resident_id,
    bedId: stay.bed_id,
    date: data.date,
    reason: data.reason,
    holdBedDays: data.holdBedDays,
  });
  if (data.holdBedDays !== null) {
    const until = addDays(data.date, data.holdBedDays);
    // The bed is held, not booked: it is still listed for admissions, flagged "held".
    // Maintenance makes it available again when the house's local today reaches `until`.
    await setBedStatus(tx, { bedId: stay.bed_id, status: "held", reason: `Held for a resident's return until ${until}` });
    await tx.updateTable("bed").set({ held_until: until }).where("id", "=", stay.bed_id).execute();
  }
  return { heldUntil: data.holdBedDays === null ? null : addDays(data.date, data.holdBedDays) };
}

/**
 * Cancel a planned move-in (a stay that has not started yet in the house's time zone).
 * When the move-in was created by a transfer, cancelling it undoes the transfer: the
 * original stay continues as before (see `undoTransfer`).
 */
export async function cancelPlannedStay(tx: Tx, input: CancelStayInput): Promise<{ undidTransferOf: string | null }> {
  const { stayId } = parseInput(CancelStayInput, input);
  const stay = await lockStay(tx, stayId);
  if (stay.move_in <= stay.today) {
    throw new DomainError("conflict", "This stay has already started. Record a discharge or transfer instead.");
  }
  if (stay.transferred_from_stay_id) {
    const { originalStayId } = await undoTransfer(tx, { stayId: stay.id });
    return { undidTransferOf: originalStayId };
  }
  await guardDb(tx.deleteFrom("stay").where("id", "=", stay.id).execute(), {
    stay_transferred_from_fk: { kind: "conflict", message: "This stay is part of a transfer and cannot be cancelled." },
  });
  await audit(tx, "stay.cancelled", { type: "stay", id: stay.id }, { residentId: stay.resident_id, bedId: stay.bed_id });
  return { undidTransferOf: null };
}

/**
 * Undo a transfer recorded by mistake, from either side (`stayId` is the stay that was
 * transferred out of, or the stay the transfer created). In one transaction the new
 * stay is removed and the original stay continues as if the transfer never happened:
 * it takes back the new stay's end (the expected move-out the transfer carried over).
 * Refused when the new stay has since ended or moved on (undo that first), or when the
 * original bed has been booked for those dates meanwhile.
 */
export async function undoTransfer(tx: Tx, input: CancelStayInput): Promise<{ originalStayId: string; undoneStayId: string }> {
  const { stayId } = parseInput(CancelStayInput, input);
  const given = await lockStay(tx, stayId);
  let original: Awaited<ReturnType<typeof lockStay>>;
  let moved: Awaited<ReturnType<typeof lockStay>>;
  if (given.end_type === "transfer") {
    original = given;
    const next = await tx.selectFrom("stay").select("id").where("transferred_from_stay_id", "=", given.id).executeTakeFirst();
    if (!next) throw new DomainError("conflict", "The stay this transfer created can't be changed from here. Ask someone who manages both houses.");
    moved = await lockStay(tx, next.id);
  } else if (given.transferred_from_stay_id) {
    moved = given;
    original = await lockStay(tx, given.transferred_from_stay_id).catch((error: unknown) => {
      if (error instanceof DomainError && error.kind === "not_found") {
        throw new DomainError("conflict", "The stay this resident moved from can't be changed from here. Ask someone who manages both houses.");
      }
      throw error;
    });
  } else {
    throw new DomainError("conflict", "This stay is not part of a transfer.");
  }
  if (moved.end_type) {
    throw new DomainError(
      "conflict",
      moved.end_type === "discharge"
        ? "The stay after the move has a discharge recorded. Undo the discharge first."
        : "The resident has moved again since. Undo the later move first.",
    );
  }
  // Money recorded on the stay after the move (a charge, a payment, a fee acknowledgement)
  // keeps it: the move is corrected by a transfer back instead (nothing changes here).
  await guardDb(tx.deleteFrom("stay").where("id", "=", moved.id).execute(), {
    "23503": {
      kind: "conflict",
      message: "Charges, payments or a fee acknowledgement are recorded on the stay after the move, so the move can't be undone. Record a transfer back instead.",
    },
  });
  await guardDb(
    tx
      .updateTable("stay")
      .set({ during: sql<string>`daterange(lower(during), ${moved.move_out}::date)`, end_type: null, updated_at: sql`now()` })
      .where("id", "=", original.id)
      .execute(),
    {
      stay_bed_no_overlap: {
        kind: "conflict",
        message: "The bed they moved from has been booked for some of those dates since, so the move can't be undone. Record a transfer back instead.",
      },
    },
  );
  await audit(tx, "stay.transfer_undone", { type: "stay", id: original.id }, {
    residentId: original.resident_id,
    removedStayId: moved.id,
    fromBedId: original.bed_id,
    toBedId: moved.bed_id,
    date: moved.move_in,
  });
  return { originalStayId: original.id, undoneStayId: moved.id };
}

/**
 * Undo a discharge recorded by mistake (scheduled or past): the stay continues,
 * open-ended, without reason or destination. Refused when the bed or the resident has
 * been booked for later dates meanwhile.
 */
export async function undoDischarge(tx: Tx, input: CancelStayInput): Promise<void> {
  const { stayId } = parseInput(CancelStayInput, input);
  const stay = await lockStay(tx, stayId);
  if (stay.end_type !== "discharge") throw new DomainError("conflict", "This stay has no discharge to undo.");
  await guardDb(
    tx
      .updateTable("stay")
      .set({
        during: sql<string>`daterange(lower(during), null)`,
        end_type: null,
        discharge_reason: null,
        discharge_destination: null,
        updated_at: sql`now()`,
      })
      .where("id", "=", stay.id)
      .execute(),
    {
      stay_bed_no_overlap: {
        kind: "conflict",
        message: "The bed has been booked for a later date since, so the discharge can't be undone. Admit them again instead.",
      },
      stay_resident_no_overlap: {
        kind: "conflict",
        message: "This resident has another stay booked since, so the discharge can't be undone.",
      },
    },
  );
  await audit(tx, "stay.discharge_undone", { type: "stay", id: stay.id }, { residentId: stay.resident_id, bedId: stay.bed_id });
}

function stayQuery(tx: Tx) {
  return tx
    .selectFrom("stay as s")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .innerJoin("bed as b", (j) => j.onRef("b.org_id", "=", "s.org_id").onRef("b.id", "=", "s.bed_id"))
    .innerJoin("room as rm", (j) => j.onRef("rm.org_id", "=", "b.org_id").onRef("rm.id", "=", "b.room_id"))
    .leftJoin("resident as r", (j) => j.onRef("r.org_id", "=", "s.org_id").onRef("r.id", "=", "s.resident_id"))
    .select([
      "s.id",
      "s.resident_id",
      sql<string | null>`coalesce(r.preferred_name, r.legal_name)`.as("resident_name"),
      "s.house_id",
      "h.name as house_name",
      "rm.name as room_name",
      "s.bed_id",
      "b.label as bed_label",
      sql<string>`lower(s.during)::text`.as("move_in"),
      sql<string | null>`upper(s.during)::text`.as("move_out"),
      "s.end_type",
      "s.discharge_reason",
      "s.discharge_destination",
      "s.transferred_from_stay_id",
      sql<string | null>`(select n.id from stay n where n.org_id = s.org_id and n.transferred_from_stay_id = s.id)`.as(
        "transferred_to_stay_id",
      ),
      stayStatus("s").as("status"),
      sql<string>`${houseToday("h")}::text`.as("today"),
    ]);
}

type StayRow = Awaited<ReturnType<ReturnType<typeof stayQuery>["executeTakeFirstOrThrow"]>>;

function toStay(r: StayRow): StayDto {
  return {
    id: r.id,
    residentId: r.resident_id,
    residentName: r.resident_name,
    houseId: r.house_id,
    houseName: r.house_name,
    roomName: r.room_name,
    bedId: r.bed_id,
    bedLabel: r.bed_label,
    moveIn: r.move_in,
    moveOut: r.move_out,
    endType: r.end_type,
    dischargeReason: r.discharge_reason,
    dischargeDestination: r.discharge_destination,
    transferredFromStayId: r.transferred_from_stay_id,
    transferredToStayId: r.transferred_to_stay_id,
    status: r.status,
    today: r.today,
  };
}

export async function getStay(tx: Tx, stayId: string): Promise<StayDto> {
  const id = parseInput(idSchema, stayId);
  const row = await stayQuery(tx).where("s.id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Stay");
  // A stay names the resident and may carry a discharge reason: a sensitive read.
  await audit(tx, "stay.viewed", { type: "stay", id });
  return toStay(row);
}

import { sql } from "kysely";
import type { BedKind, BedStatus, HouseStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit, auditAll } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";
import { houseToday } from "#app/domain/dates.server";
import {
  AddBedsInput,
  BedInput,
  BedStatusInput,
  BedUpdateInput,
  nextBedLabels,
  RoomInput,
  RoomUpdateInput,
} from "./schemas";

/** Rooms and beds of a house. Owner/admin, or a house manager in their houses (RLS); staff only read. */

export type BedDto = {
  id: string;
  roomId: string;
  label: string;
  kind: BedKind;
  accessible: boolean;
  status: BedStatus;
  statusReason: string | null;
};
export type RoomDto = { id: string; name: string; sizeSqFt: number | null; beds: BedDto[] };
export type HouseLayout = {
  house: { id: string; name: string; timeZone: string; status: HouseStatus };
  rooms: RoomDto[];
};

const natural = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
export const byNaturalName = <T>(key: (t: T) => string) => (a: T, b: T) => natural.compare(key(a), key(b));

/** Rooms with their beds, in natural order ("Room 2" before "Room 10"). Two queries. */
export async function getHouseLayout(tx: Tx, houseId: string): Promise<HouseLayout> {
  const id = parseInput(idSchema, houseId);
  const house = await tx
    .selectFrom("house")
    .select(["id", "name", "time_zone", "status"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!house) throw notFound("House");
  return {
    house: { id: house.id, name: house.name, timeZone: house.time_zone, status: house.status },
    rooms: groupRooms(await roomBedRows(tx, id)),
  };
}

/** Every room of a house with its beds (a room without beds gives one row with null bed columns). One query. */
export function roomBedRows(tx: Tx, houseId: string) {
  return tx
    .selectFrom("room as r")
    .leftJoin("bed as b", (j) => j.onRef("b.org_id", "=", "r.org_id").onRef("b.room_id", "=", "r.id"))
    .select([
      "r.id as room_id",
      "r.name as room_name",
      "r.size_sq_ft",
      "b.id as bed_id",
      "b.label",
      "b.kind",
      "b.accessible",
      "b.status",
      "b.status_reason",
    ])
    .where("r.house_id", "=", houseId)
    .execute();
}

export function groupRooms(
  rows: {
    room_id: string;
    room_name: string;
    size_sq_ft: number | null;
    bed_id: string | null;
    label: string | null;
    kind: BedKind | null;
    accessible: boolean | null;
    status: BedStatus | null;
    status_reason: string | null;
  }[],
): RoomDto[] {
  const rooms = new Map<string, RoomDto>();
  for (const r of rows) {
    let room = rooms.get(r.room_id);
    if (!room) rooms.set(r.room_id, (room = { id: r.room_id, name: r.room_name, sizeSqFt: r.size_sq_ft, beds: [] }));
    if (r.bed_id) {
      room.beds.push({
        id: r.bed_id,
        roomId: r.room_id,
        label: r.label!,
        kind: r.kind!,
        accessible: r.accessible!,
        status: r.status!,
        statusReason: r.status_reason,
      });
    }
  }
  const list = [...rooms.values()].sort(byNaturalName((r) => r.name));
  for (const room of list) room.beds.sort(byNaturalName((b) => b.label));
  return list;
}

// ── rooms ──────────────────────────────────────────────────────────────────

export async function createRoom(tx: Tx, input: RoomInput): Promise<{ id: string }> {
  const data = parseInput(RoomInput, input);
  const house = await tx.selectFrom("house").select("id").where("id", "=", data.houseId).executeTakeFirst();
  if (!house) throw notFound("House");
  const row = await guardDb(
    tx
      .insertInto("room")
      .values({ org_id: sql<string>`current_org_id()`, house_id: data.houseId, name: data.name, size_sq_ft: data.sizeSqFt })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await audit(tx, "room.created", { type: "room", id: row.id }, { houseId: data.houseId, name: data.name });
  return row;
}

export async function updateRoom(tx: Tx, roomId: string, input: RoomUpdateInput): Promise<void> {
  const id = parseInput(idSchema, roomId);
  const data = parseInput(RoomUpdateInput, input);
  const row = await guardDb(
    tx
      .updateTable("room")
      .set({ name: data.name, size_sq_ft: data.sizeSqFt, updated_at: sql`now()` })
      .where("id", "=", id)
      .returning("id")
      .executeTakeFirst(),
  );
  if (!row) throw notFound("Room");
  await audit(tx, "room.updated", { type: "room", id }, { name: data.name, sizeSqFt: data.sizeSqFt });
}

/** Remove a room and its beds; refused while any of its beds has a stay (past ones too: history). */
export async function deleteRoom(tx: Tx, roomId: string): Promise<void> {
  const id = parseInput(idSchema, roomId);
  const row = await guardDb(tx.deleteFrom("room").where("id", "=", id).returning("id").executeTakeFirst(), {
    stay_bed_fk: { kind: "conflict", message: "Beds in this room have stays on record, so it cannot be removed." },
  });
  if (!row) throw notFound("Room");
  await audit(tx, "room.deleted", { type: "room", id });
}

// ── beds ───────────────────────────────────────────────────────────────────

async function findRoom(tx: Tx, roomId: string) {
  const room = await tx.selectFrom("room").select(["id", "house_id"]).where("id", "=", roomId).executeTakeFirst();
  if (!room) throw notFound("Room");
  return room;
}

export async function createBed(tx: Tx, input: BedInput): Promise<{ id: string }> {
  const data = parseInput(BedInput, input);
  const room = await findRoom(tx, data.roomId);
  const row = await guardDb(
    tx
      .insertInto("bed")
      .values({
        org_id: sql<string>`current_org_id()`,
        house_id: room.house_id,
        room_id: room.id,
        label: data.label,
        kind: data.kind,
        accessible: data.accessible,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await audit(tx, "bed.created", { type: "bed", id: row.id }, { roomId: room.id, label: data.label, kind: data.kind });
  return row;
}

/** Add `count` beds to a room, labelled A, B, … or 1, 2, … after the labels already used there. */
export async function addBeds(tx: Tx, input: AddBedsInput): Promise<{ id: string; label: string }[]> {
  const data = parseInput(AddBedsInput, input);
  const room = await findRoom(tx, data.roomId);
  const existing = await tx.selectFrom("bed").select("label").where("room_id", "=", room.id).execute();
  const labels = nextBedLabels(
    existing.map((b) => b.label),
    data.count,
    data.labelStyle,
  );
  const rows = await guardDb(
    tx
      .insertInto("bed")
      .values(
        labels.map((label) => ({
          org_id: sql<string>`current_org_id()`,
          house_id: room.house_id,
          room_id: room.id,
          label,
          kind: data.kind,
          accessible: data.accessible,
        })),
      )
      .returning(["id", "label"])
      .execute(),
  );
  await audit(tx, "beds.added", { type: "room", id: room.id }, { count: rows.length, labels, kind: data.kind });
  return rows;
}

export async function updateBed(tx: Tx, bedId: string, input: BedUpdateInput): Promise<void> {
  const id = parseInput(idSchema, bedId);
  const data = parseInput(BedUpdateInput, input);
  const row = await guardDb(
    tx
      .updateTable("bed")
      .set({ label: data.label, kind: data.kind, accessible: data.accessible, updated_at: sql`now()` })
      .where("id", "=", id)
      .returning("id")
      .executeTakeFirst(),
  );
  if (!row) throw notFound("Bed");
  await audit(tx, "bed.updated", { type: "bed", id }, { label: data.label, kind: data.kind, accessible: data.accessible });
}

/**
 * Mark a bed available, held or out of service (with a reason). Owner/admin, or a
 * house manager in their house. A bed someone lives in or is booked into cannot be
 * taken out of service. The bed row is locked, so this serializes with admissions.
 */
export async function setBedStatus(tx: Tx, input: BedStatusInput): Promise<void> {
  const { bedId, status, reason } = parseInput(BedStatusInput, input);
  const bed = await tx
    .selectFrom("bed as b")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "b.org_id").onRef("h.id", "=", "b.house_id"))
    .select(["b.id", houseToday("h").as("today")])
    .where("b.id", "=", bedId)
    .forNoKeyUpdate("b")
    .executeTakeFirst();
  if (!bed) throw notFound("Bed");
  if (status === "out_of_service") {
    const booked = await tx
      .selectFrom("stay as s")
      .select("s.id")
      .where("s.bed_id", "=", bedId)
      .where(sql<boolean>`s.during && daterange(${bed.today}::date, null)`) // now or later
      .limit(1)
      .executeTakeFirst();
    if (booked) {
      throw new DomainError("conflict", "Someone lives in or is booked into this bed. Move them to another bed first.", {
        field: "status",
      });
    }
  }
  await guardDb(
    tx
      .updateTable("bed")
      // A status set by hand has no end (a discharge's hold sets held_until afterwards).
      .set({ status, status_reason: reason, held_until: null, status_changed_at: sql`now()`, updated_at: sql`now()` })
      .where("id", "=", bedId)
      .execute(),
  );
  // The reason is free text (it may name a person): not copied into the audit log.
  await audit(tx, "bed.status_changed", { type: "bed", id: bedId }, { status });
}

/**
 * Release the beds whose hold has ended (held_until reached in the house's local today):
 * they become available. Run by maintenance per org in the system context (audited per
 * bed as `bed.hold_released`); returns the released bed ids.
 */
export async function releaseEndedHolds(tx: Tx): Promise<string[]> {
  const rows = await tx
    .updateTable("bed")
    .set({ status: "available", status_reason: null, held_until: null, status_changed_at: sql`now()`, updated_at: sql`now()` })
    .where("status", "=", "held")
    .where("held_until", "is not", null)
    .where(sql<boolean>`held_until <= house_local_today(house_id)`)
    .returning("id")
    .execute();
  await auditAll(tx, rows.map((r) => ({ action: "bed.hold_released", entity: { type: "bed", id: r.id } })));
  return rows.map((r) => r.id);
}

/** Remove a bed that has never had a stay. */
export async function deleteBed(tx: Tx, bedId: string): Promise<void> {
  const id = parseInput(idSchema, bedId);
  const row = await guardDb(tx.deleteFrom("bed").where("id", "=", id).returning("id").executeTakeFirst(), {
    stay_bed_fk: { kind: "conflict", message: "This bed has stays on record, so it cannot be removed. Mark it out of service instead." },
  });
  if (!row) throw notFound("Bed");
  await audit(tx, "bed.deleted", { type: "bed", id });
}


import { randomUUID } from "node:crypto";
import { sql, type Selectable } from "kysely";
import { can } from "#app/domain/permissions";
import type { ResidentTable, Role } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import type { StayStatus } from "#app/domain/admissions/stay-status";
import { stayNotEnded, stayStatus } from "#app/domain/admissions/stay-status.server";
import { joinStayPlace, STAY_PLACE_COLUMNS, STAY_PLACE_JOIN, type StayPlaceColumns } from "#app/domain/admissions/stay-place.server";
import { audit } from "#app/domain/audit/audit.server";
import { localToday } from "#app/domain/dates.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";
import { ContactInput, LinkAccountInput, NOT_IN_FUTURE, ResidentInput, ResidentListOptions, StaffNoteInput, type ResidentDetails } from "./schemas";

/**
 * Resident profiles. Visibility is row-level security's: owner/admin see the org's
 * residents, house managers and staff those with a stay in their houses, a resident
 * only themselves. Staff-only notes live in another table that residents can never
 * read, and are returned only with a resident's file (`getResidentFile`, which checks
 * the permission).
 * Names never go into audit data or error messages: ids only.
 */

export type ResidentProfile = ResidentDetails & {
  id: string;
  /** preferred name, else legal name */
  displayName: string;
  /** linked to a portal account */
  hasAccount: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type ResidentStayRef = {
  stayId: string;
  houseId: string;
  houseName: string;
  roomName: string;
  bedLabel: string;
  moveIn: string;
  moveOut: string | null;
  status: "current" | "planned";
};

export type ResidentListItem = {
  id: string;
  displayName: string;
  legalName: string;
  pronouns: string | null;
  /** The current stay, else the next planned one. */
  stay: ResidentStayRef | null;
};

const PROFILE_COLUMNS = [
  "id",
  "user_id",
  "legal_name",
  "preferred_name",
  "pronouns",
  "date_of_birth",
  "phone",
  "email",
  "emergency_contact_name",
  "emergency_contact_phone",
  "emergency_contact_relationship",
  "recovery_start_date",
  "created_at",
  "updated_at",
] as const;

/** The profile columns as Kysely selects them (derived from schema.ts, so they cannot drift). */
type ProfileRow = Pick<Selectable<ResidentTable>, (typeof PROFILE_COLUMNS)[number]>;

function toProfile(r: ProfileRow): ResidentProfile {
  return {
    id: r.id,
    legalName: r.legal_name,
    preferredName: r.preferred_name,
    displayName: r.preferred_name ?? r.legal_name,
    pronouns: r.pronouns,
    dateOfBirth: r.date_of_birth,
    phone: r.phone,
    email: r.email,
    emergencyContact: {
      name: r.emergency_contact_name,
      phone: r.emergency_contact_phone,
      relationship: r.emergency_contact_relationship,
    },
    recoveryStartDate: r.recovery_start_date,
    hasAccount: r.user_id !== null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function contactValues(data: ReturnType<typeof ContactInput.parse>) {
  return {
    phone: data.phone,
    email: data.email,
    emergency_contact_name: data.emergencyContactName,
    emergency_contact_phone: data.emergencyContactPhone,
    emergency_contact_relationship: data.emergencyContactRelationship,
  };
}

function profileValues(data: ReturnType<typeof ResidentInput.parse>) {
  return {
    ...contactValues(data),
    legal_name: data.legalName,
    preferred_name: data.preferredName,
    pronouns: data.pronouns,
    date_of_birth: data.dateOfBirth,
    recovery_start_date: data.recoveryStartDate,
  };
}

/** Dates of birth and recovery starts are not later than the organization's today. */
async function checkNotInFuture(tx: Tx, data: ReturnType<typeof ResidentInput.parse>): Promise<void> {
  const fields = (Object.keys(NOT_IN_FUTURE) as (keyof typeof NOT_IN_FUTURE)[]).filter((f) => data[f] !== null);
  if (!fields.length) return;
  const today = await localToday(tx);
  for (const field of fields) {
    if (data[field]! > today) throw new DomainError("invalid", NOT_IN_FUTURE[field], { field });
  }
}

/**
 * Create a resident profile (owner/admin/house manager). The id is generated here and
 * the row is not read back (no RETURNING needed). A house manager sees a resident they
 * added until the resident is first admitted; from then on the stay's house decides.
 */
export async function createResident(tx: Tx, input: ResidentInput): Promise<{ id: string }> {
  const data = parseInput(ResidentInput, input);
  await checkNotInFuture(tx, data);
  const id = randomUUID();
  await guardDb(
    tx
      .insertInto("resident")
      .values({ id, org_id: sql<string>`current_org_id()`, ...profileValues(data) })
      .execute(),
  );
  await audit(tx, "resident.created", { type: "resident", id });
  return { id };
}

export async function updateResident(tx: Tx, residentId: string, input: ResidentInput): Promise<void> {
  const id = parseInput(idSchema, residentId);
  const data = parseInput(ResidentInput, input);
  await checkNotInFuture(tx, data);
  const row = await guardDb(
    tx
      .updateTable("resident")
      .set({ ...profileValues(data), updated_at: sql`now()` })
      .where("id", "=", id)
      .returning("id")
      .executeTakeFirst(),
  );
  if (!row) throw notFound("Resident");
  await audit(tx, "resident.updated", { type: "resident", id }, { fields: Object.keys(ResidentInput.shape) });
}

/** One profile (no staff notes). A read of a resident record: audited. */
export async function getResident(tx: Tx, residentId: string): Promise<ResidentProfile> {
  const id = parseInput(idSchema, residentId);
  const row = await tx.selectFrom("resident").select(PROFILE_COLUMNS).where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Resident");
  await audit(tx, "resident.viewed", { type: "resident", id });
  return toProfile(row);
}

/** Residents with their current (or next planned) bed, by display name. One query. */
export async function listResidents(tx: Tx, options: ResidentListOptions = {}): Promise<ResidentListItem[]> {
  const { scope, houseId } = parseInput(ResidentListOptions, options);
  const rows = await sql<
    StayPlaceColumns & { id: string; legal_name: string; preferred_name: string | null; pronouns: string | null; status: "current" | "planned" | null }
  >`
    select r.id, r.legal_name, r.preferred_name, r.pronouns,
      st.stay_id, st.house_id, st.house_name, st.room_name, st.bed_label, st.move_in, st.move_out, st.status
    from resident r
    left join lateral (
      select ${STAY_PLACE_COLUMNS}, ${stayStatus("s")} as status
      from stay s ${STAY_PLACE_JOIN}
      where s.org_id = r.org_id and s.resident_id = r.id
        and ${stayNotEnded("s")}
      order by lower(s.during)
      limit 1
    ) st on true
    where (${scope} = 'all' or st.stay_id is not null)
      and (${houseId}::uuid is null or st.house_id = ${houseId}::uuid)
    order by lower(coalesce(r.preferred_name, r.legal_name)), r.id`.execute(tx);
  return rows.rows.map((r) => ({
    id: r.id,
    displayName: r.preferred_name ?? r.legal_name,
    legalName: r.legal_name,
    pronouns: r.pronouns,
    stay: r.stay_id
      ? {
          stayId: r.stay_id,
          houseId: r.house_id!,
          houseName: r.house_name!,
          roomName: r.room_name!,
          bedLabel: r.bed_label!,
          moveIn: r.move_in!,
          moveOut: r.move_out,
          status: r.status!,
        }
      : null,
  }));
}

/**
 * Link a resident to a portal account (a member of this org with the resident role),
 * or unlink with `userId: null`. Owner/admin.
 */
export async function linkResidentAccount(tx: Tx, input: LinkAccountInput): Promise<void> {
  const { residentId, userId } = parseInput(LinkAccountInput, input);
  if (userId) {
    const member = await tx
      .selectFrom("membership")
      .select("role")
      .where("user_id", "=", userId)
      .where("org_id", "=", sql<string>`current_org_id()`)
      .executeTakeFirst();
    if (!member) throw new DomainError("not_found", "That account is not a member of this organization.", { field: "userId" });
    if (member.role !== "resident") {
      throw new DomainError("invalid", "Only accounts with the resident role can be linked to a resident.", { field: "userId" });
    }
  }
  const row = await guardDb(
    tx
      .updateTable("resident")
      .set({ user_id: userId, updated_at: sql`now()` })
      .where("id", "=", residentId)
      .returning("id")
      .executeTakeFirst(),
  );
  if (!row) throw notFound("Resident");
  await audit(tx, userId ? "resident.account_linked" : "resident.account_unlinked", { type: "resident", id: residentId }, { userId });
}

// ── staff-only notes ───────────────────────────────────────────────────────

function requireNotesPermission(role: Role) {
  if (!can(role, "residents:notes")) throw new DomainError("forbidden", "You don't have access to staff notes.");
}

export async function addStaffNote(tx: Tx, role: Role, input: StaffNoteInput): Promise<{ id: string }> {
  requireNotesPermission(role);
  const { residentId, body } = parseInput(StaffNoteInput, input);
  const resident = await tx.selectFrom("resident").select("id").where("id", "=", residentId).executeTakeFirst();
  if (!resident) throw notFound("Resident");
  const row = await guardDb(
    tx
      .insertInto("resident_note")
      .values({ org_id: sql<string>`current_org_id()`, resident_id: residentId, body })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await audit(tx, "resident.note_added", { type: "resident", id: residentId }, { noteId: row.id });
  return row;
}

// ── the resident's own portal ──────────────────────────────────────────────

/** The signed-in resident's own profile (never staff notes). */
export async function getMyResident(tx: Tx): Promise<ResidentProfile> {
  const row = await tx
    .selectFrom("resident")
    .select(PROFILE_COLUMNS)
    .where("user_id", "=", sql<string>`current_app_user_id()`)
    .executeTakeFirst();
  if (!row) throw notFound("Resident profile");
  return toProfile(row);
}

/** A resident updates their own contact details (and nothing else: RLS + a trigger agree). */
export async function updateMyContact(tx: Tx, input: ContactInput): Promise<void> {
  const data = parseInput(ContactInput, input);
  const row = await guardDb(
    tx
      .updateTable("resident")
      .set({ ...contactValues(data), updated_at: sql`now()` })
      .where("user_id", "=", sql<string>`current_app_user_id()`)
      .returning("id")
      .executeTakeFirst(),
  );
  if (!row) throw notFound("Resident profile");
  await audit(tx, "resident.contact_updated", { type: "resident", id: row.id }, { fields: Object.keys(ContactInput.shape) });
}

export type MyStay = {
  stayId: string;
  houseName: string;
  houseAddress: { line1: string; line2: string | null; city: string; region: string; postalCode: string };
  housePhone: string | null;
  /** NARR level I houses are peer-run: no house manager is expected. */
  peerRun: boolean;
  roomName: string;
  bedLabel: string;
  moveIn: string;
  moveOut: string | null;
  status: StayStatus;
};

/** The signed-in resident's stays, newest first, with the house/room/bed they are in. */
export async function listMyStays(tx: Tx): Promise<MyStay[]> {
  const rows = await joinStayPlace(tx.selectFrom("stay as s"))
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "s.org_id").onRef("r.id", "=", "s.resident_id"))
    .select([
      "s.id",
      "h.name as house_name",
      "h.address_line1",
      "h.address_line2",
      "h.city",
      "h.region",
      "h.postal_code",
      "h.phone",
      "h.narr_level",
      "rm.name as room_name",
      "b.label",
      sql<string>`lower(s.during)::text`.as("move_in"),
      sql<string | null>`upper(s.during)::text`.as("move_out"),
      stayStatus("s").as("status"),
    ])
    .where("r.user_id", "=", sql<string>`current_app_user_id()`)
    .orderBy(sql`lower(s.during)`, "desc")
    .execute();
  return rows.map(toMyStay);
}

/** A stay's row (the columns of `listMyStays`, also selected by the portal's `myHomePlaces`) as a `MyStay`. */
export type MyStayRow = {
  id: string;
  house_name: string;
  address_line1: string;
  address_line2: string | null;
  city: string;
  region: string;
  postal_code: string;
  phone: string | null;
  narr_level: number | null;
  room_name: string;
  label: string;
  move_in: string;
  move_out: string | null;
  status: StayStatus;
};

export function toMyStay(r: MyStayRow): MyStay {
  return {
    stayId: r.id,
    houseName: r.house_name,
    houseAddress: { line1: r.address_line1, line2: r.address_line2, city: r.city, region: r.region, postalCode: r.postal_code },
    housePhone: r.phone,
    peerRun: r.narr_level === 1,
    roomName: r.room_name,
    bedLabel: r.label,
    moveIn: r.move_in,
    moveOut: r.move_out,
    status: r.status,
  };
}

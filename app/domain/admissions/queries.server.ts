import { sql } from "kysely";
import type { ApplicationStatus, BedKind, BedStatus, ReferralSource } from "#app/db/schema";
import { enterPublicForm, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { parseInput } from "#app/domain/errors.server";
import { byNaturalName } from "#app/domain/houses/layout.server";
import { id as idSchema, isoDate, optionalId, optionalIsoDate } from "#app/lib/fields";
import { PAGE_SIZE, pageOf, type Cursor } from "#app/lib/pagination";
import { z } from "zod";
import { applicationRows, changeApplicationStatus, findPublicOrg, lockApplication } from "./applications.server";
import { AdmitApplicationInput, APPLICATION_STATUSES } from "./schemas";
import { admitApplication } from "./stays.server";

/**
 * Read models for the admissions pages (the applications list and waitlist with keyset
 * pagination, beds free for a date range, the public form's org and houses) and one
 * composition of the domain's writes (admit straight from the waitlist). Added beside
 * applications.server.ts / stays.server.ts by the UI work; every query runs under the
 * caller's row-level security and selects only what the pages show.
 */

// ── applications list and waitlist ─────────────────────────────────────────

export type ApplicationRow = {
  id: string;
  applicantName: string;
  referralSource: ReferralSource;
  desiredMoveIn: string | null;
  houseName: string | null;
  status: ApplicationStatus;
  submittedVia: "staff" | "public";
  createdAt: Date;
};

export type WaitlistRow = ApplicationRow & { position: number; screeningNotes: string | null };

const PageOptions = z.strictObject({
  status: z.enum(APPLICATION_STATUSES).optional(),
  houseId: optionalId,
  limit: z.number().int().min(1).max(200).default(PAGE_SIZE),
});
type PageOptions = z.input<typeof PageOptions> & { cursor?: Cursor };

/** Applicants' names on a list are a read of those applications: audited with the ids shown. */
async function auditListed(tx: Tx, view: "applications" | "waitlist", items: { id: string }[]) {
  if (items.length) await audit(tx, "application.listed", null, { view, applicationIds: items.map((a) => a.id) });
}

/**
 * Applications, newest first, one page at a time (keyset on created_at, id). With a
 * house: those preferring it plus those open to any house (as `listApplications`).
 */
export async function listApplicationsPage(tx: Tx, options: PageOptions): Promise<{ items: ApplicationRow[]; next: string | null }> {
  const { cursor: c, ...rest } = options;
  const { status, houseId, limit } = parseInput(PageOptions, rest);
  let q = applicationRows(tx);
  if (status) q = q.where("a.status", "=", status);
  if (houseId) q = q.where((eb) => eb.or([eb("a.house_id", "=", houseId), eb("a.house_id", "is", null)]));
  if (c) q = q.where(sql<boolean>`(a.created_at, a.id) < (select c.created_at, c.id from application c where c.id = ${c.after}::uuid)`);
  const rows = await q.orderBy("a.created_at", "desc").orderBy("a.id", "desc").limit(limit + 1).execute();
  const page = pageOf(rows, limit);
  await auditListed(tx, "applications", page.items);
  return page;
}

const NOTES_PREVIEW = 280;

/**
 * The waitlist, oldest application first, one page at a time, with each application's
 * place in the whole list (not just the page) and the start of its latest screening note.
 */
export async function listWaitlistPage(
  tx: Tx,
  options: Omit<PageOptions, "status">,
): Promise<{ items: WaitlistRow[]; next: string | null }> {
  const { cursor: c, ...rest } = options;
  const { houseId, limit } = parseInput(PageOptions, rest);
  let ranked = applicationRows(tx)
    .select([
      // The latest entry of the screening log.
      sql<string | null>`(select left(n.body, ${NOTES_PREVIEW + 1}) from screening_note n
        where n.org_id = a.org_id and n.application_id = a.id order by n.created_at desc, n.id desc limit 1)`.as("screeningNotes"),
      sql<number>`(row_number() over (order by a.created_at, a.id))::int`.as("position"),
    ])
    .where("a.status", "=", "waitlisted");
  if (houseId) ranked = ranked.where((eb) => eb.or([eb("a.house_id", "=", houseId), eb("a.house_id", "is", null)]));
  let q = tx.selectFrom(ranked.as("w")).selectAll();
  if (c) q = q.where(sql<boolean>`(w."createdAt", w.id) > (select c.created_at, c.id from application c where c.id = ${c.after}::uuid)`);
  const rows = await q.orderBy("w.createdAt", "asc").orderBy("w.id", "asc").limit(limit + 1).execute();
  const page = pageOf(rows, limit);
  await auditListed(tx, "waitlist", page.items);
  return {
    items: page.items.map((r) => ({
      ...r,
      screeningNotes: r.screeningNotes && r.screeningNotes.length > NOTES_PREVIEW ? `${r.screeningNotes.slice(0, NOTES_PREVIEW)}…` : r.screeningNotes,
    })),
    next: page.next,
  };
}

// ── beds free for a date range ─────────────────────────────────────────────

export type FreeBed = {
  id: string;
  label: string;
  kind: BedKind;
  status: BedStatus;
  accessible: boolean;
  roomName: string;
  houseId: string;
  houseName: string;
};

const FreeBedOptions = z
  .strictObject({
  from: isoDate,
  /** Exclusive; null = open-ended. */
  to: optionalIsoDate,
  /** Leave this bed out (the one a resident is transferring from). */
  excludeBedId: optionalId,
}).refine((v) => v.to === null || v.to > v.from, { message: "The move-out date must be after the move-in date.", path: ["to"] });

/**
 * Beds the caller may book (RLS: admins all, house managers their houses) that are in
 * service, in an active house and have no stay overlapping [from, to): exactly the
 * beds an admission or transfer for those dates can use. Held beds are included
 * (flagged by status). By house, room and bed in natural order. One query.
 */
export async function listFreeBeds(tx: Tx, options: z.input<typeof FreeBedOptions>): Promise<FreeBed[]> {
  const { from, to, excludeBedId } = parseInput(FreeBedOptions, options);
  let q = tx
    .selectFrom("bed as b")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "b.org_id").onRef("h.id", "=", "b.house_id"))
    .innerJoin("room as r", (j) => j.onRef("r.org_id", "=", "b.org_id").onRef("r.id", "=", "b.room_id"))
    .select(["b.id", "b.label", "b.kind", "b.status", "b.accessible", "r.name as roomName", "h.id as houseId", "h.name as houseName"])
    .where("h.status", "=", "active")
    .where("b.status", "<>", "out_of_service")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("stay as s")
            .select(sql`1`.as("one"))
            .whereRef("s.org_id", "=", "b.org_id")
            .whereRef("s.bed_id", "=", "b.id")
            .where(sql<boolean>`s.during && daterange(${from}::date, ${to}::date)`),
        ),
      ),
    );
  if (excludeBedId) q = q.where("b.id", "<>", excludeBedId);
  const rows = await q.execute();
  const byHouse = byNaturalName<FreeBed>((b) => b.houseName);
  const byRoom = byNaturalName<FreeBed>((b) => b.roomName);
  const byBed = byNaturalName<FreeBed>((b) => b.label);
  return rows.sort((a, b) => byHouse(a, b) || a.houseId.localeCompare(b.houseId) || byRoom(a, b) || byBed(a, b));
}

// ── the public application form ────────────────────────────────────────────

/**
 * The org behind a public application link and its active houses (id and name only),
 * or null for an unknown slug. Run in `withPlatform`: this switches the transaction to
 * the org with no user and no role (the public form's context). Which houses an
 * anonymous caller may list is row-level security's decision.
 */
export async function getPublicApplyPage(
  tx: Tx,
  slug: string,
): Promise<{ org: { id: string; name: string }; houses: { id: string; name: string }[] } | null> {
  const org = await findPublicOrg(tx, slug);
  if (!org) return null;
  if (!(await enterPublicForm(tx, slug))) return null;
  const houses = await tx
    .selectFrom("house")
    .select(["id", "name"])
    .where("status", "=", "active")
    .orderBy(sql`lower(name)`)
    .orderBy("id")
    .execute();
  return { org, houses };
}

// ── admitting an application ───────────────────────────────────────────────

/**
 * Admit an accepted or waitlisted application (a waitlisted one is accepted first,
 * and both steps are audited). Everything happens in the caller's one transaction:
 * if the bed turns out to be taken, the application stays waitlisted and no resident
 * or stay is created.
 */
export async function admitReadyApplication(
  tx: Tx,
  input: z.input<typeof AdmitApplicationInput>,
): Promise<{ residentId: string; stayId: string }> {
  const data = parseInput(AdmitApplicationInput, input);
  const app = await lockApplication(tx, parseInput(idSchema, data.applicationId));
  if (app.status === "waitlisted") await changeApplicationStatus(tx, { applicationId: app.id, status: "accepted" });
  return admitApplication(tx, input);
}

import { sql, type Expression, type SqlBool } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import type { ServiceCategoryCode, ServiceLanguage, ServiceStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { formatInZone, isoWeekday, monthDayIn, todayIn, type CalendarDate } from "#app/lib/dates";
import { PAGE_SIZE, pageOf, type Cursor } from "#app/lib/pagination";
import type { ServiceEntry } from "./entries";
import { SERVICE_WEEKDAYS, VERIFY_EVERY_MONTHS } from "./labels";
import { ServiceInput, type DirectoryQuery } from "./schemas";

/**
 * The services directory (ADR 039): entries modelled on Open Referral HSDS 3.0, searched
 * with a weighted tsvector. Every member of the org reads it (residents too: nothing in it is
 * about a person); owners, admins, house managers and staff write it (RLS, 0032).
 */

/** A local moment in the org's zone: ISO weekday and "HH:MM" (for "open now"). */
export type LocalMoment = { weekday: number; time: string };

/** The day before which an entry counts as not verified (12 months before today). */
export function verifiedCutoff(today: CalendarDate): CalendarDate {
  return monthDayIn(today, -VERIFY_EVERY_MONTHS, Number(today.slice(8, 10)));
}
export const needsVerification = (assuredDate: string | null, today: CalendarDate) => !assuredDate || assuredDate < verifiedCutoff(today);

// ── reading ────────────────────────────────────────────────────────────

/** A service in a few words, for pages that point at one (referrals). */
export async function getService(tx: Tx, id: string) {
  const row = await tx
    .selectFrom("service as s")
    .innerJoin("service_organization as o", (j) => j.onRef("o.org_id", "=", "s.org_id").onRef("o.id", "=", "s.organization_id"))
    .select(["s.id", "s.name", "o.name as organizationName", "s.status", "s.categories", "s.assured_date as assuredDate"])
    .where("s.id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound("Service");
  return row;
}

/** Whole entries (one statement however many): one by id, or the directory in name order. */
function entriesQuery(tx: Tx) {
  return tx
    .selectFrom("service as s")
    .select((eb) => [
      "s.id",
      "s.name",
      "s.description",
      "s.url",
      "s.email",
      "s.status",
      "s.categories",
      "s.languages",
      "s.eligibility_description as eligibility",
      "s.fees_description as fees",
      "s.application_process as applicationProcess",
      sql<string | null>`s.assured_date::text`.as("assuredDate"),
      jsonObjectFrom(
        eb
          .selectFrom("service_organization as o")
          .select(["o.id", "o.name", "o.description", "o.website", "o.email"])
          .whereRef("o.org_id", "=", "s.org_id")
          .whereRef("o.id", "=", "s.organization_id"),
      ).as("organization"),
      jsonArrayFrom(
        eb
          .selectFrom("service_at_location as sal")
          .innerJoin("service_location as l", (j) => j.onRef("l.org_id", "=", "sal.org_id").onRef("l.id", "=", "sal.location_id"))
          .select([
            "l.id",
            "l.name",
            "l.address_1 as address1",
            "l.city",
            "l.state_province as state",
            "l.postal_code as postalCode",
            "l.country",
            "l.accessibility",
          ])
          .whereRef("sal.org_id", "=", "s.org_id")
          .whereRef("sal.service_id", "=", "s.id")
          .orderBy("sal.id"),
      ).as("locations"),
      jsonArrayFrom(
        eb
          .selectFrom("service_phone as p")
          .select(["p.id", "p.number", "p.type", "p.description"])
          .whereRef("p.org_id", "=", "s.org_id")
          .whereRef("p.service_id", "=", "s.id")
          .orderBy("p.id"),
      ).as("phones"),
      jsonArrayFrom(
        eb
          .selectFrom("service_contact as c")
          .select(["c.id", "c.name", "c.title", "c.email"])
          .whereRef("c.org_id", "=", "s.org_id")
          .whereRef("c.service_id", "=", "s.id")
          .orderBy("c.id"),
      ).as("contacts"),
      jsonArrayFrom(
        eb
          .selectFrom("service_schedule as sc")
          .select([
            "sc.id",
            "sc.weekday",
            sql<string>`to_char(sc.opens_at, 'HH24:MI')`.as("opensAt"),
            sql<string>`case when sc.closes_at = '24:00' then '24:00' else to_char(sc.closes_at, 'HH24:MI') end`.as("closesAt"),
          ])
          .whereRef("sc.org_id", "=", "s.org_id")
          .whereRef("sc.service_id", "=", "s.id")
          .orderBy("sc.weekday")
          .orderBy("sc.opens_at")
          .orderBy("sc.id"),
      ).as("schedules"),
    ]);
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entriesQuery>["execute"]>>[number];
const toEntry = (r: EntryRow): ServiceEntry => ({ ...r, organization: r.organization! }) as ServiceEntry;

/** One whole entry (the details page, the edit form). */
export async function getServiceEntry(tx: Tx, id: string): Promise<ServiceEntry> {
  const row = await entriesQuery(tx).where("s.id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Service");
  return toEntry(row);
}

/** The whole directory (exports), in name order; at most `limit` entries. */
export async function listServiceEntries(tx: Tx, limit = 10_000): Promise<ServiceEntry[]> {
  const rows = await entriesQuery(tx).orderBy("s.name").orderBy("s.id").limit(limit).execute();
  return rows.map(toEntry);
}

/**
 * Search and filter the directory, one page (keyset): by relevance when there are words
 * (name A, categories B, description C; ties by id), else by name. One statement.
 */
export async function searchDirectory(
  tx: Tx,
  query: DirectoryQuery,
  opts: { now: LocalMoment; cursor?: Cursor | null; limit?: number },
) {
  const limit = opts.limit ?? PAGE_SIZE;
  const tsq = query.q ? sql`websearch_to_tsquery('english', ${query.q})` : null;
  const openNow = (alias: string) =>
    sql<boolean>`exists (select 1 from service_schedule sc where sc.org_id = ${sql.ref(`${alias}.org_id`)} and sc.service_id = ${sql.ref(`${alias}.id`)}
      and sc.weekday = ${opts.now.weekday} and sc.opens_at <= ${opts.now.time}::time and sc.closes_at > ${opts.now.time}::time)`;
  let q = tx
    .selectFrom("service as s")
    .innerJoin("service_organization as o", (j) => j.onRef("o.org_id", "=", "s.org_id").onRef("o.id", "=", "s.organization_id"))
    .select([
      "s.id",
      "s.name",
      "o.name as organizationName",
      "s.categories",
      "s.languages",
      "s.description",
      sql<string | null>`s.assured_date::text`.as("assuredDate"),
      sql<string | null>`(select l.city from service_at_location sal join service_location l on l.org_id = sal.org_id and l.id = sal.location_id
        where sal.org_id = s.org_id and sal.service_id = s.id order by sal.id limit 1)`.as("city"),
      sql<string | null>`(select p.number from service_phone p where p.org_id = s.org_id and p.service_id = s.id order by p.id limit 1)`.as("phone"),
      openNow("s").as("openNow"),
      (tsq ? sql<number>`ts_rank(s.search, ${tsq})` : sql<number>`0`).as("rank"),
    ])
    .where("s.status", "=", "active");
  if (tsq) q = q.where(sql<SqlBool>`s.search @@ ${tsq}`);
  if (query.category) q = q.where(sql<SqlBool>`s.categories @> array[${query.category}]::text[]`);
  if (query.language) q = q.where(sql<SqlBool>`s.languages @> array[${query.language}]::text[]`);
  if (query.place) {
    const place = query.place;
    const where: Expression<SqlBool> = /^\d{3,5}(-\d{4})?$/.test(place)
      ? sql<SqlBool>`l.postal_code like ${`${place.slice(0, 5)}%`}`
      : sql<SqlBool>`lower(l.city) = lower(${place})`;
    q = q.where(
      sql<SqlBool>`exists (select 1 from service_at_location sal join service_location l on l.org_id = sal.org_id and l.id = sal.location_id
        where sal.org_id = s.org_id and sal.service_id = s.id and ${where})`,
    );
  }
  if (query.open) q = q.where(openNow("s"));
  const after = opts.cursor?.after ?? null;
  if (tsq) {
    if (after) q = q.where(sql<SqlBool>`(ts_rank(s.search, ${tsq}), s.id) < (select ts_rank(c.search, ${tsq}), c.id from service c where c.org_id = s.org_id and c.id = ${after}::uuid)`);
    q = q.orderBy(sql`ts_rank(s.search, ${tsq})`, "desc").orderBy("s.id", "desc");
  } else {
    if (after) q = q.where(sql<SqlBool>`(s.name, s.id) > (select c.name, c.id from service c where c.org_id = s.org_id and c.id = ${after}::uuid)`);
    q = q.orderBy("s.org_id").orderBy("s.name").orderBy("s.id");
  }
  const rows = await q.limit(limit + 1).execute();
  return pageOf(rows, limit);
}

// ── writing ────────────────────────────────────────────────────────────

const CHUNK = 1000;
async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/**
 * Store whole entries (an import, a new entry from the form): a statement per table however
 * many entries. Providers and locations shared by several entries are stored once (an id
 * already in the directory is kept as it is). The caller audits.
 */
export async function writeEntries(tx: Tx, orgId: string, entries: ServiceEntry[]): Promise<void> {
  if (!entries.length) return;
  const orgs = [...new Map(entries.map((e) => [e.organization.id, e.organization])).values()];
  const locations = [...new Map(entries.flatMap((e) => e.locations.map((l) => [l.id, { ...l, organizationId: e.organization.id }] as const))).values()];
  await guardDb(
    (async () => {
      await insertChunks(orgs, (chunk) =>
        tx
          .insertInto("service_organization")
          .values(chunk.map((o) => ({ id: o.id, org_id: orgId, name: o.name, description: o.description, website: o.website, email: o.email })))
          .onConflict((oc) => oc.columns(["org_id", "id"]).doNothing())
          .execute(),
      );
      await insertChunks(entries, (chunk) =>
        tx
          .insertInto("service")
          .values(
            chunk.map((e) => ({
              id: e.id,
              org_id: orgId,
              organization_id: e.organization.id,
              name: e.name,
              description: e.description,
              url: e.url,
              email: e.email,
              status: e.status,
              categories: e.categories,
              languages: e.languages,
              eligibility_description: e.eligibility,
              fees_description: e.fees,
              application_process: e.applicationProcess,
              assured_date: e.assuredDate,
            })),
          )
          .execute(),
      );
      await insertChunks(locations, (chunk) =>
        tx
          .insertInto("service_location")
          .values(
            chunk.map((l) => ({
              id: l.id,
              org_id: orgId,
              organization_id: l.organizationId,
              name: l.name,
              address_1: l.address1,
              city: l.city,
              state_province: l.state,
              postal_code: l.postalCode,
              country: l.country,
              accessibility: l.accessibility,
            })),
          )
          .onConflict((oc) => oc.columns(["org_id", "id"]).doNothing())
          .execute(),
      );
      await writeChildren(tx, orgId, entries);
    })(),
  );
}

/** The rows that hang off entries: links to locations, phones, contacts, hours. */
async function writeChildren(tx: Tx, orgId: string, entries: ServiceEntry[]) {
  const links = entries.flatMap((e) => [...new Set(e.locations.map((l) => l.id))].map((locationId) => ({ org_id: orgId, service_id: e.id, location_id: locationId })));
  const phones = entries.flatMap((e) => e.phones.map((p) => ({ id: p.id, org_id: orgId, service_id: e.id, number: p.number, type: p.type, description: p.description })));
  const contacts = entries.flatMap((e) => e.contacts.map((c) => ({ id: c.id, org_id: orgId, service_id: e.id, name: c.name, title: c.title, email: c.email })));
  const hours = entries.flatMap((e) => e.schedules.map((h) => ({ id: h.id, org_id: orgId, service_id: e.id, weekday: h.weekday, opens_at: h.opensAt, closes_at: h.closesAt })));
  await insertChunks(links, (chunk) => tx.insertInto("service_at_location").values(chunk).execute());
  await insertChunks(phones, (chunk) => tx.insertInto("service_phone").values(chunk).execute());
  await insertChunks(contacts, (chunk) => tx.insertInto("service_contact").values(chunk).execute());
  await insertChunks(hours, (chunk) => tx.insertInto("service_schedule").values(chunk).execute());
}

/** The ids among `ids` already in this org's directory (an import refuses those rows). */
export async function existingServiceIds(tx: Tx, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx.selectFrom("service").select("id").where("id", "in", ids).execute();
  return new Set(rows.map((r) => r.id));
}

async function organizationNamed(tx: Tx, orgId: string, name: string): Promise<string> {
  const found = await tx
    .selectFrom("service_organization")
    .select("id")
    .where(sql<SqlBool>`lower(name) = lower(${name})`)
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  if (found) return found.id;
  const id = crypto.randomUUID();
  await tx.insertInto("service_organization").values({ id, org_id: orgId, name }).execute();
  return id;
}

/** The form's children as entry parts (fresh ids). */
function formChildren(input: ServiceInput): Pick<ServiceEntry, "phones" | "contacts" | "schedules"> {
  return {
    phones: input.phone ? [{ id: crypto.randomUUID(), number: input.phone, type: "voice", description: null }] : [],
    contacts: input.contactName ? [{ id: crypto.randomUUID(), name: input.contactName, title: null, email: null }] : [],
    schedules: SERVICE_WEEKDAYS.flatMap((d) => {
      const opensAt = input[`${d.key}Opens`];
      const closesAt = input[`${d.key}Closes`];
      return opensAt && closesAt ? [{ id: crypto.randomUUID(), weekday: d.day, opensAt, closesAt }] : [];
    }),
  };
}

const hasAddress = (i: ServiceInput) => Boolean(i.address1 || i.city || i.state || i.postalCode || i.accessibility);

/** Add an entry from the form; verified today (whoever adds it has just checked it). */
export async function createService(tx: Tx, orgId: string, raw: unknown, today: CalendarDate): Promise<{ id: string }> {
  const input = parseInput(ServiceInput, raw);
  const organizationId = await organizationNamed(tx, orgId, input.organizationName);
  const id = crypto.randomUUID();
  const entry: ServiceEntry = {
    id,
    name: input.name,
    description: input.description ?? "",
    url: input.url,
    email: input.email,
    status: "active",
    categories: input.categories as ServiceCategoryCode[],
    languages: input.languages as ServiceLanguage[],
    eligibility: input.eligibility,
    fees: input.fees,
    applicationProcess: input.applicationProcess,
    assuredDate: today,
    organization: { id: organizationId, name: input.organizationName, description: null, website: null, email: null },
    locations: hasAddress(input)
      ? [{ id: crypto.randomUUID(), name: null, address1: input.address1, city: input.city, state: input.state, postalCode: input.postalCode, country: "US", accessibility: input.accessibility }]
      : [],
    ...formChildren(input),
  };
  await writeEntries(tx, orgId, [entry]);
  await audit(tx, "service.created", { type: "service", id }, { categories: entry.categories });
  return { id };
}

/** Save the form over an entry: the service, its first location, and its phones, contacts and hours (replaced). */
export async function updateService(tx: Tx, orgId: string, id: string, raw: unknown): Promise<void> {
  const input = parseInput(ServiceInput, raw);
  const current = await getServiceEntry(tx, id);
  const organizationId = await organizationNamed(tx, orgId, input.organizationName);
  await guardDb(
    tx
      .updateTable("service")
      .set({
        organization_id: organizationId,
        name: input.name,
        description: input.description ?? "",
        url: input.url,
        email: input.email,
        categories: input.categories as ServiceCategoryCode[],
        languages: input.languages as ServiceLanguage[],
        eligibility_description: input.eligibility,
        fees_description: input.fees,
        application_process: input.applicationProcess,
        updated_at: sql<Date>`now()`,
      })
      .where("id", "=", id)
      .execute(),
  );
  const first = current.locations[0];
  const address = {
    address_1: input.address1,
    city: input.city,
    state_province: input.state,
    postal_code: input.postalCode,
    accessibility: input.accessibility,
  };
  if (first) await tx.updateTable("service_location").set(address).where("id", "=", first.id).execute();
  else if (hasAddress(input)) {
    const locationId = crypto.randomUUID();
    await tx.insertInto("service_location").values({ id: locationId, org_id: orgId, organization_id: organizationId, ...address }).execute();
    await tx.insertInto("service_at_location").values({ org_id: orgId, service_id: id, location_id: locationId }).execute();
  }
  await tx.deleteFrom("service_phone").where("service_id", "=", id).execute();
  await tx.deleteFrom("service_contact").where("service_id", "=", id).execute();
  await tx.deleteFrom("service_schedule").where("service_id", "=", id).execute();
  const children = formChildren(input);
  // Keep the phones and contacts the form does not show (an import's second phone).
  children.phones.push(...current.phones.slice(1));
  children.contacts.push(...current.contacts.slice(1));
  await writeChildren(tx, orgId, [{ ...current, locations: [], ...children }]);
  await audit(tx, "service.updated", { type: "service", id }, { categories: input.categories });
}

/** "Checked it today": the entry's last verified day becomes today. */
export async function markServiceVerified(tx: Tx, id: string, today: CalendarDate): Promise<void> {
  const r = await tx.updateTable("service").set({ assured_date: today, updated_at: sql<Date>`now()` }).where("id", "=", id).executeTakeFirst();
  if (!r.numUpdatedRows) throw notFound("Service");
  await audit(tx, "service.verified", { type: "service", id }, { on: today });
}

/** Set an entry active or inactive (inactive entries leave the search). */
export async function setServiceStatus(tx: Tx, id: string, status: ServiceStatus): Promise<void> {
  const r = await tx.updateTable("service").set({ status, updated_at: sql<Date>`now()` }).where("id", "=", id).executeTakeFirst();
  if (!r.numUpdatedRows) throw new DomainError("not_found", "Service not found.");
  await audit(tx, "service.status_changed", { type: "service", id }, { status });
}

/** Today, and the weekday and time now, in the org's zone (for "open now" and the verified flag). */
export function localMoment(timeZone: string, now: Date = new Date()): LocalMoment & { today: CalendarDate } {
  const today = todayIn(timeZone, now);
  return { today, weekday: isoWeekday(today), time: formatInZone(now, timeZone, "HH:mm") };
}

import { sql, type Kysely } from "kysely";
import { expect } from "vitest";
import type { DB, Role } from "#app/db/schema";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { makeOrg, makeUser, sessionCookieFor } from "#tests/support/factories";
import type { TestClient } from "#tests/support/app";

/** Shared by the house page tests: an org with people in every role, and page helpers. */

export type Person = { userId: string; membershipId: string; cookie: string; name: string; ctx: TenantContext };
export type OperatorWorld = {
  org: { id: string; slug: string; name: string };
  owner: Person;
  people: (role: Role, name?: string) => Promise<Person>;
};

export async function makeOperatorWorld(): Promise<OperatorWorld> {
  const org = await makeOrg();
  const people = async (role: Role, name?: string): Promise<Person> => {
    const user = await makeUser({ orgId: org.id, role, name });
    const ctx: TenantContext = { orgId: org.id, userId: user.id, role };
    const membershipId = await withTenant(ctx, async (tx) =>
      (await tx.selectFrom("membership").select("id").where("user_id", "=", user.id).executeTakeFirstOrThrow()).id,
    );
    return { userId: user.id, membershipId, cookie: await sessionCookieFor(user.id), name: user.name, ctx };
  };
  return { org, owner: await people("owner"), people };
}

/** Row counts of every table a house form could write to. */
export async function houseCounts(db: Kysely<DB>) {
  const row = await sql<Record<"houses" | "rooms" | "beds" | "assignments" | "stays" | "audits", number>>`
    select
      (select count(*)::int from house) as houses,
      (select count(*)::int from room) as rooms,
      (select count(*)::int from bed) as beds,
      (select count(*)::int from membership_house) as assignments,
      (select count(*)::int from stay) as stays,
      (select count(*)::int from audit_event) as audits`.execute(db);
  return row.rows[0]!;
}

/** POST a form and return status and HTML. */
export async function post(client: TestClient, path: string, cookie: string, form: Record<string, string> | URLSearchParams) {
  const init =
    form instanceof URLSearchParams
      ? { method: "POST", cookie, body: form, headers: { "content-type": "application/x-www-form-urlencoded" } }
      : { cookie, form };
  const res = await client.request(path, init);
  return { res, status: res.status, html: await res.text() };
}

export async function get(client: TestClient, path: string, cookie?: string) {
  const res = await client.request(path, { cookie });
  return { res, status: res.status, html: await res.text() };
}

/** The value shown beside a figure's label in a <Stats> list (e.g. "Occupied" → "2"). */
export function stat(html: string, label: string): string {
  const m = html.match(new RegExp(`<dt[^>]*>${label}</dt><dd[^>]*>([^<]*)</dd>`));
  expect(m, `a figure labelled ${label}`).toBeTruthy();
  return m![1]!;
}

export const houseForm = (overrides: Record<string, string> = {}) => ({
  intent: "save-house",
  name: "Cedar House",
  addressLine1: "12 Cedar Lane",
  city: "Philadelphia",
  region: "PA",
  postalCode: "19104",
  narrLevel: "2",
  timeZone: "America/New_York",
  phone: "215-555-0199",
  bathroomCount: "2",
  ...overrides,
});

/** A form body with repeated fields (checkbox groups). */
export function formWith(fields: Record<string, string>, repeated: Record<string, string[]>) {
  const body = new URLSearchParams(fields);
  for (const [k, values] of Object.entries(repeated)) for (const v of values) body.append(k, v);
  return body;
}

import { sql, type Kysely } from "kysely";
import type { DB, Role } from "#app/db/schema";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { changeApplicationStatus, createApplication } from "#app/domain/admissions/applications.server";
import type { ApplicationInput } from "#app/domain/admissions/schemas";
import { makeOrg, makeUser, sessionCookieFor } from "./factories";
import { makeMember, type OrgFixture } from "./houses";

/** Fixtures for the admissions pages: an operator with its slug and signed-in members. */

export type Operator = OrgFixture & { slug: string; name: string; cookie: string };

export async function makeOperatorWithSlug(name?: string): Promise<Operator> {
  const org = await makeOrg({ name });
  const owner = await makeUser({ orgId: org.id, role: "owner" });
  return {
    orgId: org.id,
    ownerId: owner.id,
    owner: { orgId: org.id, userId: owner.id, role: "owner" },
    slug: org.slug,
    name: org.name,
    cookie: await sessionCookieFor(owner.id),
  };
}

/** A signed-in member with `role` (house-scoped roles assigned to `houseIds`). */
export async function signedInMember(op: Operator, role: Role, houseIds: string[] = []): Promise<{ ctx: TenantContext; cookie: string }> {
  const m = await makeMember(op, role, houseIds);
  return { ctx: m.ctx, cookie: await sessionCookieFor(m.userId) };
}

let n = 0;
export function applicationInput(overrides: Partial<ApplicationInput> = {}): ApplicationInput {
  n++;
  return {
    applicantName: `Applicant Zeta${n} Quill`,
    phone: "215-555-0199",
    referralSource: "treatment_program",
    consentToContact: true,
    ...overrides,
  };
}

/** A staff-entered application, moved through `statuses` in order (e.g. ["screening", "accepted"]). */
export async function makeApplication(
  ctx: TenantContext,
  overrides: Partial<ApplicationInput> = {},
  statuses: ("screening" | "accepted" | "waitlisted" | "declined")[] = [],
): Promise<string> {
  return withTenant(ctx, async (tx) => {
    const { id } = await createApplication(tx, applicationInput(overrides));
    for (const status of statuses) {
      await changeApplicationStatus(tx, { applicationId: id, status, declineReason: status === "declined" ? "No bed suits their needs" : null });
    }
    return id;
  });
}

/**
 * Rows an admissions form could write, for one org (to prove a refused request wrote
 * nothing). Audit events of reads (`*.viewed`) are left out: a refused form is shown
 * again, and showing an application audits the read.
 */
export async function admissionCounts(db: Kysely<DB>, orgId: string) {
  const r = await sql<{ applications: number; residents: number; stays: number; ended: number; audits: number }>`
    select
      (select count(*)::int from application where org_id = ${orgId}) as applications,
      (select count(*)::int from resident where org_id = ${orgId}) as residents,
      (select count(*)::int from stay where org_id = ${orgId}) as stays,
      (select count(*)::int from stay where org_id = ${orgId} and end_type is not null) as ended,
      (select count(*)::int from audit_event where org_id = ${orgId} and action not like '%.viewed') as audits`.execute(db);
  return r.rows[0]!;
}

/** The values of a <select name=…>'s options in server-rendered HTML. */
export function optionValues(html: string, selectName: string): string[] {
  const select = html.match(new RegExp(`<select[^>]*name="${selectName}"[^>]*>([\\s\\S]*?)</select>`));
  if (!select) return [];
  return [...select[1]!.matchAll(/<option[^>]*value="([^"]*)"/g)].map((m) => m[1]!).filter(Boolean);
}

/** The option a server-rendered <select name=…> starts on (React renders `selected` on it). */
export function selectedOption(html: string, selectName: string): string | null {
  const select = html.match(new RegExp(`<select[^>]*name="${selectName}"[^>]*>([\\s\\S]*?)</select>`));
  return select?.[1]!.match(/<option[^>]*value="([^"]*)"[^>]*selected=""/)?.[1] || null;
}

export function titleOf(html: string): string {
  return html.match(/<title>([^<]*)<\/title>/)?.[1] ?? "";
}

import type { AuditGrantScope } from "#app/db/schema";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { addDays, todayIn } from "#app/lib/dates";
import { makeOrg, makeUser, sessionCookieFor } from "./factories";
import type { OrgFixture } from "./houses";

/** Fixtures for certification (ADR 050): a certifying body with signed-in people, and audit grants by plain inserts. */

export type Certifier = {
  orgId: string;
  slug: string;
  name: string;
  admin: TenantContext;
  auditor: TenantContext;
  adminName: string;
  adminCookie: string;
  auditorCookie: string;
};

export async function makeCertifier(): Promise<Certifier> {
  const org = await makeOrg({ kind: "certifier" });
  const admin = await makeUser({ orgId: org.id, role: "certifier_admin" });
  const auditor = await makeUser({ orgId: org.id, role: "auditor" });
  return {
    orgId: org.id,
    slug: org.slug,
    name: org.name,
    admin: { orgId: org.id, userId: admin.id, role: "certifier_admin" },
    auditor: { orgId: org.id, userId: auditor.id, role: "auditor" },
    adminName: admin.name,
    adminCookie: await sessionCookieFor(admin.id),
    auditorCookie: await sessionCookieFor(auditor.id),
  };
}

/**
 * An audit grant from the operator to the certifier for `houseIds`, inserted as the operator's
 * owner (migration 0046's tables; the grant pages are another branch's). Dates relative to
 * today in New York (the test orgs' zone); `revoked` revokes it at once.
 */
export async function grantAccess(
  op: OrgFixture,
  certifierOrgId: string,
  houseIds: string[],
  opts: { scope?: AuditGrantScope; startsIn?: number; endsIn?: number | null; revoked?: boolean } = {},
): Promise<string> {
  const today = todayIn("America/New_York");
  return withTenant(op.owner, async (tx) => {
    const g = await tx
      .insertInto("audit_grant")
      .values({
        org_id: op.orgId,
        certifier_org_id: certifierOrgId,
        scope: opts.scope ?? "certification",
        starts_on: addDays(today, opts.startsIn ?? -1),
        ends_on: opts.endsIn === undefined || opts.endsIn === null ? null : addDays(today, opts.endsIn),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (houseIds.length) await tx.insertInto("audit_grant_house").values(houseIds.map((house_id) => ({ org_id: op.orgId, grant_id: g.id, house_id }))).execute();
    if (opts.revoked) await tx.updateTable("audit_grant").set({ revoked_at: new Date(), revoked_by: op.ownerId }).where("org_id", "=", op.orgId).where("id", "=", g.id).execute();
    return g.id;
  });
}

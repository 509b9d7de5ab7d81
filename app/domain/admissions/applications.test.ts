import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { ANONYMOUS, withTenant, type TenantContext } from "#app/db/tenant.server";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { expectDomainError, makeHouse, makeMember, makeOperator } from "#tests/support/houses";
import {
  changeApplicationStatus,
  createApplication,
  findPublicOrg,
  getApplication,
  submitPublicApplication,
} from "./applications.server";
import { listApplicationsPage, listWaitlistPage } from "./queries.server";
import { addScreeningNote, getApplicationIntake } from "./intake.server";
import type { ApplicationInput } from "./schemas";

const t = useTestDatabase();

const publicCtx = (orgId: string): TenantContext => ({ orgId, userId: null, role: null });
const input = (overrides: Partial<ApplicationInput> = {}): ApplicationInput => ({
  applicantName: "Alex Applicant",
  phone: "(215) 555-0123",
  referralSource: "court",
  consentToContact: true,
  ...overrides,
});
async function appCount(orgId: string) {
  return (await sql<{ n: number }>`select count(*)::int as n from application where org_id = ${orgId}`.execute(t.db)).rows[0]!.n;
}

describe("public applications (anonymous)", () => {
  it("can be inserted into the org but never read back", async () => {
    const fx = await makeOperator();
    const slug = (await t.db.selectFrom("org").select("slug").where("id", "=", fx.orgId).executeTakeFirstOrThrow()).slug;
    const org = await withTenant(ANONYMOUS, (tx) => findPublicOrg(tx, slug));
    expect(org?.id).toBe(fx.orgId);

    const result = await withTenant(publicCtx(fx.orgId), (tx) =>
      submitPublicApplication(tx, input({ needs: "Needs a ground-floor room", desiredMoveIn: "2031-06-01" })),
    );
    expect(result.stored).toBe(true);
    expect(await appCount(fx.orgId)).toBe(1);

    // Reading back as the anonymous submitter: nothing, not even their own.
    const seen = await withTenant(publicCtx(fx.orgId), (tx) => tx.selectFrom("application").selectAll().execute());
    expect(seen).toEqual([]);
    await expectDomainError(withTenant(publicCtx(fx.orgId), (tx) => getApplication(tx, result.id)), "not_found");
    // INSERT … RETURNING would need read access: refused.
    await expect(
      withTenant(publicCtx(fx.orgId), (tx) =>
        tx
          .insertInto("application")
          .values({ org_id: fx.orgId, applicant_name: "X", email: "x@example.test", referral_source: "self", consent_to_contact: true, submitted_via: "public" })
          .returning("id")
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    // Nor can the public form set staff-only fields or a later status.
    await expect(
      withTenant(publicCtx(fx.orgId), (tx) =>
        tx
          .insertInto("application")
          .values({ org_id: fx.orgId, applicant_name: "X", email: "x@example.test", referral_source: "self", consent_to_contact: true, submitted_via: "public", status: "accepted" })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);

    // Staff see it, marked as coming from the public form.
    const list = (await withTenant(fx.owner, (tx) => listApplicationsPage(tx, {}))).items;
    expect(list).toMatchObject([{ id: result.id, status: "new", submittedVia: "public" }]);
    expect(await withTenant(fx.owner, (tx) => getApplication(tx, result.id))).toMatchObject({ phone: "(215) 555-0123" });
    const audits = await withTenant(fx.owner, (tx) =>
      tx.selectFrom("audit_event").select(["action", "actor_user_id", "data"]).where("entity_id", "=", result.id).execute(),
    );
    expect(audits[0]).toMatchObject({ action: "application.submitted", actor_user_id: null });
    expect(JSON.stringify(audits)).not.toMatch(/Alex/);
  });

  it("cannot insert into another org than the one set, nor without an org", async () => {
    const a = await makeOperator();
    const b = await makeOperator();
    await expect(
      withTenant(publicCtx(a.orgId), (tx) =>
        tx
          .insertInto("application")
          .values({ org_id: b.orgId, applicant_name: "X", email: "x@example.test", referral_source: "self", consent_to_contact: true, submitted_via: "public" })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await expectDomainError(withTenant(ANONYMOUS, (tx) => submitPublicApplication(tx, input())), "forbidden");
    expect(await appCount(b.orgId)).toBe(0);
  });

  it("requires consent and a way to reach the applicant; a filled honeypot stores nothing", async () => {
    const fx = await makeOperator();
    const ctx = publicCtx(fx.orgId);
    const e1 = await expectDomainError(withTenant(ctx, (tx) => submitPublicApplication(tx, input({ consentToContact: false }))), "invalid");
    expect(e1.field).toBe("consentToContact");
    const e2 = await expectDomainError(withTenant(ctx, (tx) => submitPublicApplication(tx, input({ phone: "" }))), "invalid");
    expect(e2.message).toMatch(/phone number or an email/);
    await expectDomainError(withTenant(ctx, (tx) => submitPublicApplication(tx, { ...input(), status: "accepted" } as never)), "invalid");
    await expectDomainError(withTenant(ctx, (tx) => submitPublicApplication(tx, input({ applicantName: "x".repeat(121) }))), "invalid");
    await expectDomainError(withTenant(ctx, (tx) => submitPublicApplication(tx, input({ referralSource: "police" as never }))), "invalid");
    const bot = await withTenant(ctx, (tx) => submitPublicApplication(tx, { ...input(), website: "http://spam.example" }));
    expect(bot.stored).toBe(false);
    // The database refuses missing consent even if the schema were bypassed.
    await expect(
      withTenant(fx.owner, (tx) =>
        tx
          .insertInto("application")
          .values({ org_id: fx.orgId, applicant_name: "X", email: "x@example.test", referral_source: "self", consent_to_contact: false })
          .execute(),
      ),
    ).rejects.toMatchObject({ code: "23514", constraint: "application_consent" });
    expect(await appCount(fx.orgId)).toBe(0);
  });

  it("a house preference must be one of the org's houses", async () => {
    const a = await makeOperator();
    const b = await makeOperator();
    const hb = await makeHouse(b.owner);
    const err = await expectDomainError(
      withTenant(publicCtx(a.orgId), (tx) => submitPublicApplication(tx, input({ houseId: hb.houseId }))),
      "not_found",
    );
    expect(err.field).toBe("houseId");
  });
});

describe("screening and the waitlist", () => {
  it("follows the allowed status changes; declining needs a reason", async () => {
    const fx = await makeOperator();
    const { id } = await withTenant(fx.owner, (tx) => createApplication(tx, input()));
    const change = (status: "screening" | "accepted" | "waitlisted" | "declined" | "new", declineReason?: string) =>
      withTenant(fx.owner, (tx) => changeApplicationStatus(tx, { applicationId: id, status, declineReason }));
    await expectDomainError(change("accepted"), "conflict"); // new → accepted skips screening
    await change("screening");
    await expectDomainError(change("declined"), "invalid");
    await change("declined", "No vacancy for the population served");
    await expectDomainError(change("accepted"), "conflict");
    await change("screening");
    await change("waitlisted");
    const app = await withTenant(fx.owner, (tx) => getApplication(tx, id));
    expect(app).toMatchObject({ status: "waitlisted", declineReason: null });
    await expectDomainError(
      withTenant(fx.owner, (tx) => changeApplicationStatus(tx, { applicationId: id, status: "admitted" } as never)),
      "invalid",
    );
  });

  it("orders the waitlist by application date, with house-preference filtering", async () => {
    const fx = await makeOperator();
    const h1 = await makeHouse(fx.owner);
    const h2 = await makeHouse(fx.owner);
    const ids: string[] = [];
    for (const [i, houseId] of [h1.houseId, null, h2.houseId, h1.houseId].entries()) {
      const { id } = await withTenant(fx.owner, async (tx) => {
        const a = await createApplication(tx, input({ houseId }));
        await changeApplicationStatus(tx, { applicationId: a.id, status: "screening" });
        await changeApplicationStatus(tx, { applicationId: a.id, status: "waitlisted" });
        return a;
      });
      // Application dates a day apart, inserted out of order.
      await sql`update application set created_at = now() - make_interval(days => ${10 - ((i * 3) % 4)}) where id = ${id}`.execute(t.db);
      ids.push(id);
    }
    const all = (await withTenant(fx.owner, (tx) => listWaitlistPage(tx, {}))).items;
    const created = (await sql<{ id: string }>`select id from application where org_id = ${fx.orgId} order by created_at`.execute(t.db)).rows.map((r) => r.id);
    expect(all.map((a) => a.id)).toEqual(created);
    expect(all.map((a) => a.position)).toEqual([1, 2, 3, 4]);
    const forH1 = (await withTenant(fx.owner, (tx) => listWaitlistPage(tx, { houseId: h1.houseId }))).items;
    expect(new Set(forH1.map((a) => a.id))).toEqual(new Set([ids[0], ids[1], ids[3]]));
  });

  it("screening notes are kept and shown to staff only", async () => {
    const fx = await makeOperator();
    const { id } = await withTenant(fx.owner, (tx) => createApplication(tx, input()));
    await withTenant(fx.owner, (tx) => addScreeningNote(tx, { applicationId: id, body: "  Spoke on the phone; IOP ongoing.  " }));
    const { log } = await withTenant(fx.owner, (tx) => getApplicationIntake(tx, id));
    expect(log.map((n) => n.body)).toEqual(["Spoke on the phone; IOP ongoing."]);
  });
});

describe("who sees applications", () => {
  it("house managers see their houses' and any-house applications; residents see none", async () => {
    const fx = await makeOperator();
    const h1 = await makeHouse(fx.owner);
    const h2 = await makeHouse(fx.owner);
    const [a1, a2, any] = await withTenant(fx.owner, async (tx) => [
      (await createApplication(tx, input({ houseId: h1.houseId }))).id,
      (await createApplication(tx, input({ houseId: h2.houseId }))).id,
      (await createApplication(tx, input({ houseId: null }))).id,
    ]);
    const manager = await makeMember(fx, "house_manager", [h1.houseId]);
    const seen = (await withTenant(manager.ctx, (tx) => listApplicationsPage(tx, {}))).items;
    expect(new Set(seen.map((a) => a.id))).toEqual(new Set([a1, any]));
    await expectDomainError(withTenant(manager.ctx, (tx) => getApplication(tx, a2!)), "not_found");
    await expectDomainError(
      withTenant(manager.ctx, (tx) => changeApplicationStatus(tx, { applicationId: a2!, status: "screening" })),
      "not_found",
    );
    // A manager cannot file an application for a house that is not theirs.
    await expectDomainError(withTenant(manager.ctx, (tx) => createApplication(tx, input({ houseId: h2.houseId }))), "forbidden");

    const resident = await makeUser({ orgId: fx.orgId, role: "resident" });
    const residentCtx = { orgId: fx.orgId, userId: resident.id, role: "resident" };
    expect((await withTenant(residentCtx, (tx) => listApplicationsPage(tx, {}))).items).toEqual([]);
    await expectDomainError(withTenant(residentCtx, (tx) => createApplication(tx, input())), "forbidden");
  });
});

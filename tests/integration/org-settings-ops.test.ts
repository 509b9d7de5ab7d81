import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { enqueueEmail } from "#app/domain/outbox/outbox.server";
import { drainOutbox } from "#app/server/worker.server";
import { runMaintenance } from "#app/server/maintenance.server";
import type { Mailer } from "#app/domain/outbox/mailer.server";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor, uniqueEmail } from "#tests/support/factories";
import { auditActions, visibleText } from "./helpers";

/**
 * The org settings an operator runs the service with: undelivered messages (the outbox's
 * dead letters, kept without their contents and purged after the retention period), and
 * the owner-only switch that requires two-step
 * sign-in for owners and admins.
 */
const t = useTestDatabase();
const server = useTestServer();

/** A mail server that refuses every message for good, echoing the address as real ones do. */
const refusing: Mailer = {
  async send(email) {
    throw Object.assign(new Error(`550 5.1.1 <${email.to}>: Recipient address rejected`), { responseCode: 550 });
  },
};

async function world() {
  const org = await makeOrg();
  const owner = await makeUser({ orgId: org.id, role: "owner" });
  return { org, owner, cookie: await sessionCookieFor(owner.id) };
}

/** A team invitation from the org that the mail server refuses (dead at once). */
async function deadInvitation(orgId: string, ownerId: string) {
  const to = uniqueEmail("jordan");
  await withTenant({ orgId, userId: ownerId, role: "owner" }, async (tx) => {
    await enqueueEmail(
      tx,
      { to, subject: "You're invited to join a team on Hearth", text: "Open https://hearth.test/invite/SECRET-TOKEN-123 to join." },
      { purpose: "team_invitation" },
    );
  });
  // Other tests' jobs may be due too: drain until ours is dead.
  while ((await drainOutbox({ mailer: refusing })) > 0) {
    /* keep draining */
  }
  const row = await t.db.selectFrom("outbox").select(["id", "status", "last_error", "recipient_mask", "payload", "processed_at"]).where("org_id", "=", orgId).orderBy("id", "desc").executeTakeFirstOrThrow();
  expect(row.status).toBe("dead");
  return { to, id: row.id, row };
}

describe("messages that could not be sent", () => {
  it("owners and admins see their org's dead letters with the recipient masked and no contents", async () => {
    const { org, owner, cookie } = await world();
    const { to, id, row } = await deadInvitation(org.id, owner.id);
    // The stored error keeps the server's words but not the address.
    expect(row.last_error).toContain("Recipient address rejected");
    expect(row.last_error).not.toContain(to);
    expect(row.recipient_mask).toMatch(/^j•••@e•••\.test$/);

    const settings = await server.request(`/o/${org.slug}/settings`, { cookie });
    expect(visibleText(await settings.text())).toContain("1 email could not be delivered.");

    const page = await server.request(`/o/${org.slug}/settings/messages`, { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    const text = visibleText(html);
    expect(text).toContain("Team invitation");
    expect(text).toContain("j•••@e•••.test");
    expect(text).toContain("Recipient address rejected");
    expect(text).toContain("Hearth keeps no copy of a message it could not send");
    expect(html).not.toContain(`value="${id}"`);
    for (const secret of [to, "SECRET-TOKEN-123", "You're invited", "invite/"]) expect(html).not.toContain(secret);

    const admin = await makeUser({ orgId: org.id, role: "admin" });
    expect((await server.request(`/o/${org.slug}/settings/messages`, { cookie: await sessionCookieFor(admin.id) })).status).toBe(200);
    for (const role of ["house_manager", "staff", "resident"] as const) {
      const member = await makeUser({ orgId: org.id, role });
      const res = await server.request(`/o/${org.slug}/settings/messages`, { cookie: await sessionCookieFor(member.id) });
      expect(res.status, role).toBe(403);
    }
  });

  it("invitations are queued with their purpose and the recipient masked", async () => {
    const { org, cookie } = await world();
    const to = uniqueEmail("riley");
    const res = await server.request(`/o/${org.slug}/members`, { cookie, form: { intent: "invite", email: to, role: "staff" } });
    expect(res.status).toBe(200);
    const row = await t.db.selectFrom("outbox").select(["purpose", "recipient_mask"]).where("org_id", "=", org.id).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(row).toEqual({ purpose: "team_invitation", recipient_mask: "r•••@e•••.test" });
  });

  it("another org does not see them", async () => {
    const a = await world();
    const b = await world();
    await deadInvitation(a.org.id, a.owner.id);
    const page = visibleText(await (await server.request(`/o/${b.org.slug}/settings/messages`, { cookie: b.cookie })).text());
    expect(page).toContain("Every message was sent");
  });

  it("a dead message keeps no contents (its link would still work), cannot be re-sent from the page, and is purged after the retention period", async () => {
    const { org, owner, cookie } = await world();
    const { id, row } = await deadInvitation(org.id, owner.id);
    expect(row.payload).toEqual({ redacted: true });
    expect(JSON.stringify(row)).not.toContain("SECRET-TOKEN-123");
    expect(row.processed_at).toBeInstanceOf(Date);
    // The page has no retry: a hand-made request changes nothing.
    const posted = await server.request(`/o/${org.slug}/settings/messages`, { cookie, form: { intent: "retry", id: String(id) } });
    expect(posted.status).toBe(405);
    const state = () => t.db.selectFrom("outbox").select(["status", "attempts"]).where("id", "=", id).executeTakeFirst();
    expect(await state()).toEqual({ status: "dead", attempts: 1 });
    // Kept for OUTBOX_RETENTION_DAYS after it died, then purged by maintenance.
    await runMaintenance({ outboxDays: 30 });
    expect(await state()).toEqual({ status: "dead", attempts: 1 });
    await t.db.updateTable("outbox").set({ processed_at: sql<Date>`now() - interval '31 days'` }).where("id", "=", id).execute();
    expect((await runMaintenance({ outboxDays: 30 })).purged).toBeGreaterThanOrEqual(1);
    expect(await state()).toBeUndefined();
  });

  it("in SQL, admins read only the listed columns of their org's rows and change none (nothing is left to re-send)", async () => {
    const { org, owner } = await world();
    const { id } = await deadInvitation(org.id, owner.id);
    const admin = await makeUser({ orgId: org.id, role: "admin" });
    const staff = await makeUser({ orgId: org.id, role: "staff" });
    const as = (userId: string, role: "admin" | "staff") => ({ orgId: org.id, userId, role });

    await expect(withTenant(as(admin.id, "admin"), (tx) => sql`select payload from outbox`.execute(tx))).rejects.toThrow(/permission denied/);
    const seen = await withTenant(as(admin.id, "admin"), (tx) => tx.selectFrom("outbox").select(["id", "recipient_mask"]).execute());
    expect(seen.map((r) => r.id)).toEqual([id]);
    expect(await withTenant(as(staff.id, "staff"), (tx) => tx.selectFrom("outbox").select("id").execute())).toEqual([]);
    for (const status of ["done", "pending"] as const) {
      await expect(
        withTenant(as(admin.id, "admin"), (tx) => tx.updateTable("outbox").set({ status }).where("id", "=", id).execute()),
      ).rejects.toThrow(/permission denied/);
    }
    await expect(
      withTenant(as(admin.id, "admin"), (tx) => tx.updateTable("outbox").set({ dedupe_key: "x" }).where("id", "=", id).execute()),
    ).rejects.toThrow(/permission denied/);
  });
});

describe("requiring two-step sign-in (owner only)", () => {
  const required = async (orgId: string) => (await t.db.selectFrom("org").select("require_two_factor").where("id", "=", orgId).executeTakeFirstOrThrow()).require_two_factor;

  it("the owner turns it on (and is sent to set it up), and off only after confirming; both audited", async () => {
    const { org, owner, cookie } = await world();
    const url = `/o/${org.slug}/settings`;
    const page = visibleText(await (await server.request(url, { cookie })).text());
    expect(page).toContain("Not required: owners and administrators may sign in with a password alone.");

    const on = await server.request(url, { cookie, form: { intent: "two-factor", require: "on" } });
    expect(on.status).toBe(302);
    expect(on.headers.get("location")).toBe(`/account/two-factor?required=${org.slug}`);
    expect(await required(org.id)).toBe(true);

    // The owner has set it up (this session passed a second factor).
    await t.db.updateTable("user_session").set({ two_factor_at: new Date() }).where("user_id", "=", owner.id).execute();
    const ask = await server.request(url, { cookie, form: { intent: "two-factor", require: "off" } });
    expect(ask.status).toBe(200);
    expect(visibleText(await ask.text())).toContain("Stop requiring two-step sign-in?");
    expect(await required(org.id)).toBe(true);

    const off = await server.request(url, { cookie, form: { intent: "two-factor", require: "off", confirmed: "yes" } });
    expect(off.status).toBe(200);
    expect(visibleText(await off.text())).toContain("Two-step sign-in is no longer required.");
    expect(await required(org.id)).toBe(false);

    const events = await auditActions(t.db, { orgId: org.id, entityId: org.id });
    expect(events.filter((e) => e.action === "org.two_factor_requirement_changed").map((e) => [e.actor_user_id, e.data])).toEqual([
      [owner.id, { required: true }],
      [owner.id, { required: false }],
    ]);
  });

  it("admins see it but cannot change it; bad input changes nothing", async () => {
    const { org, cookie } = await world();
    const url = `/o/${org.slug}/settings`;
    const admin = await makeUser({ orgId: org.id, role: "admin" });
    const adminCookie = await sessionCookieFor(admin.id);
    expect(visibleText(await (await server.request(url, { cookie: adminCookie })).text())).toContain("Only an owner can change this.");
    expect((await server.request(url, { cookie: adminCookie, form: { intent: "two-factor", require: "on" } })).status).toBe(403);
    const bad: Record<string, string>[] = [{ intent: "two-factor", require: "maybe" }, { intent: "two-factor" }, { intent: "two-factor", require: "off", confirmed: "no" }, { intent: "two-factor", require: "on", extra: "1" }];
    for (const form of bad) {
      const res = await server.request(url, { cookie, form });
      expect(res.status, JSON.stringify(form)).toBe(400);
    }
    expect(await required(org.id)).toBe(false);
    expect((await auditActions(t.db, { orgId: org.id, entityId: org.id })).map((e) => e.action)).not.toContain("org.two_factor_requirement_changed");
  });

  it("the database refuses the change from any role but owner", async () => {
    const { org, owner } = await world();
    const admin = await makeUser({ orgId: org.id, role: "admin" });
    await expect(
      withTenant({ orgId: org.id, userId: admin.id, role: "admin" }, (tx) => tx.updateTable("org").set({ require_two_factor: true }).where("id", "=", org.id).execute()),
    ).rejects.toThrow(/only an owner/);
    // Admins still change the other settings.
    await withTenant({ orgId: org.id, userId: admin.id, role: "admin" }, (tx) => tx.updateTable("org").set({ name: "Renamed by admin" }).where("id", "=", org.id).execute());
    await withTenant({ orgId: org.id, userId: owner.id, role: "owner" }, (tx) => tx.updateTable("org").set({ require_two_factor: true }).where("id", "=", org.id).execute());
    expect(await required(org.id)).toBe(true);
  });
});

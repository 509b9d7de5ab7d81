import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { setTenantOrg, withPlatform } from "#app/db/tenant.server";
import { makeOrg } from "#tests/support/factories";
import { useTestDatabase } from "#tests/support/db";
import type { Mailer } from "#app/domain/outbox/mailer.server";
import { listMailbox, mailboxMailer } from "#app/domain/outbox/mailer.server";
import { enqueueEmail } from "#app/domain/outbox/outbox.server";
import { backoffSeconds, drainOutbox } from "./worker.server";

const t = useTestDatabase();

function recordingMailer(fail = 0) {
  const sent: string[] = [];
  let failures = fail;
  const mailer: Mailer = {
    async send(email) {
      if (failures > 0) {
        failures--;
        throw new Error("smtp down");
      }
      sent.push(email.subject);
    },
  };
  return { mailer, sent };
}

const pending = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from outbox where status = 'pending'`.execute(t.db)).rows[0]!.n;

describe("outbox", () => {
  // Each test starts with an empty queue (earlier tests' jobs are marked done).
  beforeEach(async () => {
    await t.db.updateTable("outbox").set({ status: "done" }).where("status", "=", "pending").execute();
  });

  it("an email is queued only if its transaction commits", async () => {
    const org = await makeOrg();
    await expect(
      withPlatform({}, async (tx) => {
        await setTenantOrg(tx, org.id);
        await enqueueEmail(tx, { to: "a@example.test", subject: "Rolled back", text: "x" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await pending()).toBe(0);
    await withPlatform({}, async (tx) => {
      await setTenantOrg(tx, org.id);
      await enqueueEmail(tx, { to: "a@example.test", subject: "Committed", text: "x" });
    });
    const row = await t.db.selectFrom("outbox").select(["org_id", "status"]).executeTakeFirstOrThrow();
    expect(row).toEqual({ org_id: org.id, status: "pending" });
    const { mailer, sent } = recordingMailer();
    expect(await drainOutbox({ mailer })).toBe(1);
    expect(sent).toEqual(["Committed"]);
    expect(await drainOutbox({ mailer })).toBe(0);
  });

  it("a dedupe key queues an email once", async () => {
    for (let i = 0; i < 3; i++) {
      await withPlatform({}, (tx) => enqueueEmail(tx, { to: "b@example.test", subject: "Once", text: "x" }, { dedupeKey: "reminder:1" }));
    }
    expect(await t.db.selectFrom("outbox").select("id").where("dedupe_key", "=", "reminder:1").execute()).toHaveLength(1);
  });

  it("failures are retried later with backoff, and never sent twice", async () => {
    await withPlatform({}, (tx) => enqueueEmail(tx, { to: "c@example.test", subject: "Retry me", text: "x" }));
    const { mailer, sent } = recordingMailer(1);
    await drainOutbox({ mailer });
    const failed = await t.db.selectFrom("outbox").select(["status", "attempts", "last_error", "run_after"]).where("dedupe_key", "is", null).where(sql<boolean>`payload->>'subject' = 'Retry me'`).executeTakeFirstOrThrow();
    expect(failed.status).toBe("pending");
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toContain("smtp down");
    expect(failed.run_after.getTime()).toBeGreaterThan(Date.now() + 5_000);
    expect(sent).toEqual([]);
    // Not due yet: nothing happens.
    await drainOutbox({ mailer });
    expect(sent).toEqual([]);
    await t.db.updateTable("outbox").set({ run_after: new Date(Date.now() - 1000) }).where(sql<boolean>`payload->>'subject' = 'Retry me'`).execute();
    await drainOutbox({ mailer });
    await drainOutbox({ mailer });
    expect(sent).toEqual(["Retry me"]);
    expect(backoffSeconds(1)).toBe(10);
    expect(backoffSeconds(3)).toBe(40);
    expect(backoffSeconds(50)).toBe(3600);
  });

  it("gives up after repeated failures (dead letter), keeping the purpose and masked recipient but not the contents", async () => {
    await withPlatform({}, (tx) => enqueueEmail(tx, { to: "d@example.test", subject: "Hopeless", text: "https://hearth.test/reset-password?token=SECRET" }, { purpose: "password_reset" }));
    const { id } = await t.db.selectFrom("outbox").select("id").where(sql<boolean>`payload->>'subject' = 'Hopeless'`).executeTakeFirstOrThrow();
    const { mailer } = recordingMailer(100);
    for (let i = 0; i < 8; i++) {
      await t.db.updateTable("outbox").set({ run_after: new Date(Date.now() - 1000) }).where("id", "=", id).execute();
      await drainOutbox({ mailer });
    }
    const row = await t.db
      .selectFrom("outbox")
      .select(["status", "attempts", "payload", "purpose", "recipient_mask", "processed_at"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "dead", attempts: 8, payload: { redacted: true }, purpose: "password_reset", recipient_mask: "d•••@e•••.test" });
    expect(row.processed_at).toBeInstanceOf(Date);
  });

  it("a 5xx answer ends the job at once, redacted like a sent one", async () => {
    await withPlatform({}, (tx) => enqueueEmail(tx, { to: "g@example.test", subject: "Refused", text: "secret link" }));
    const { id } = await t.db.selectFrom("outbox").select("id").where(sql<boolean>`payload->>'subject' = 'Refused'`).executeTakeFirstOrThrow();
    const refusing: Mailer = { send: async () => Promise.reject(Object.assign(new Error("550 no such mailbox"), { responseCode: 550 })) };
    await drainOutbox({ mailer: refusing });
    const row = await t.db.selectFrom("outbox").select(["status", "attempts", "payload"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "dead", attempts: 1, payload: { redacted: true } });
  });

  it("concurrent workers never send the same job twice", async () => {
    for (let i = 0; i < 20; i++) await withPlatform({}, (tx) => enqueueEmail(tx, { to: "e@example.test", subject: `Parallel ${i}`, text: "x" }));
    const { mailer, sent } = recordingMailer();
    const slow: Mailer = { send: async (e) => { await new Promise((r) => setTimeout(r, 2)); await mailer.send(e); } };
    await Promise.all([drainOutbox({ mailer: slow, batch: 50 }), drainOutbox({ mailer: slow, batch: 50 }), drainOutbox({ mailer: slow, batch: 50 })]);
    const parallel = sent.filter((s) => s.startsWith("Parallel"));
    expect(parallel).toHaveLength(20);
    expect(new Set(parallel).size).toBe(20);
  });

  it("the development mailbox stores messages as files and lists newest first", async () => {
    const dir = process.env.MAILBOX_DIR!;
    const mailer = mailboxMailer(dir, "Hearth <no-reply@hearth.test>");
    await mailer.send({ to: "f@example.test", subject: "First", text: "one" });
    await mailer.send({ to: "f@example.test", subject: "Second", text: "two" });
    const list = await listMailbox(dir);
    expect(list.slice(0, 2).map((m) => m.subject)).toEqual(["Second", "First"]);
  });
});

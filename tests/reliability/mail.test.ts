import { sql } from "kysely";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { smtpMailer } from "#app/domain/outbox/mailer.server";
import { drainOutbox } from "#app/server/worker.server";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor, uniqueEmail } from "#tests/support/factories";
import { freePort } from "#tests/support/private-pg";
import { recordFigures } from "#tests/support/reliability";

/**
 * Mail through a real SMTP receiver (smtp-server on loopback) and the real nodemailer
 * transport: invitations and password resets from their forms, the worker killed between
 * sending and marking done, 4xx answers and refused connections (retry with backoff),
 * 5xx answers (dead at once, visible to operators).
 */
const t = useTestDatabase();
const server = useTestServer();

type Received = { from: string; to: string[]; raw: string };
let received: Received[] = [];
let answer: "ok" | "4xx" | "5xx" = "ok";
let smtp: SMTPServer;
let smtpUrl = "";
const FROM = "Hearth <no-reply@hearth.test>";

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (c: string) => (raw += c));
      stream.on("end", () => {
        if (answer === "4xx") return callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 }));
        if (answer === "5xx") return callback(Object.assign(new Error("No such mailbox"), { responseCode: 550 }));
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => smtp.listen(port, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});
beforeEach(async () => {
  received = [];
  answer = "ok";
  await sql`delete from outbox`.execute(t.db);
  await sql`delete from rate_limit`.execute(t.db);
});

const header = (raw: string, name: string) => new RegExp(`^${name}: ?(.*)$`, "im").exec(raw)?.[1]?.trim();
const outboxRows = () => t.db.selectFrom("outbox").select(["id", "status", "attempts", "last_error", "run_after"]).orderBy("id").execute();
/** Words that would tell a mailbox's other readers where someone lives. */
const SENSITIVE = /recovery|sober|addiction|rehab|treatment|residen|house|relapse|substance|detox/i;

async function inviteAndReset() {
  const org = await makeOrg();
  const owner = await makeUser({ orgId: org.id, role: "owner" });
  const cookie = await sessionCookieFor(owner.id);
  const invited = uniqueEmail("invitee");
  const res = await server.request(`/o/${org.slug}/members`, { cookie, form: { intent: "invite", email: invited, role: "staff" } });
  expect(res.status).toBeLessThan(400);
  const reset = await server.request("/forgot-password", { form: { email: owner.email } });
  expect(reset.status).toBeLessThan(400);
  return { invited, ownerEmail: owner.email };
}

describe("mail through a real SMTP server", () => {
  it("delivers invitations and resets: envelope, headers, text and HTML, discreet subjects", async () => {
    const { invited, ownerEmail } = await inviteAndReset();
    const mailer = smtpMailer(smtpUrl, FROM);
    expect(await drainOutbox({ mailer })).toBe(2);
    expect((await outboxRows()).map((r) => r.status)).toEqual(["done", "done"]);
    expect(received.map((m) => m.to[0]).sort()).toEqual([invited, ownerEmail].sort());
    for (const m of received) {
      expect(m.from).toBe("no-reply@hearth.test");
      expect(header(m.raw, "From")).toBe(FROM);
      expect(header(m.raw, "To")).toBe(m.to[0]);
      expect(header(m.raw, "Message-ID")).toMatch(/^<outbox-\d+@hearth\.test>$/);
      expect(header(m.raw, "Content-Type")).toMatch(/^multipart\/alternative/);
      expect(m.raw).toMatch(/Content-Type: text\/plain/);
      expect(m.raw).toMatch(/Content-Type: text\/html/);
      const subject = header(m.raw, "Subject")!;
      expect(subject).not.toMatch(SENSITIVE);
      // Both bodies carry the link (the HTML one as a clickable anchor).
      const body = m.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
      expect(body).toMatch(/https?:\/\/[^\s"<]+\/(invite|reset-password)/);
      expect(body).toMatch(/<a href="https?:\/\/[^"]+\/(invite|reset-password)/);
    }
    recordFigures("smtp", { "messages delivered": received.length, "sensitive words in subjects": 0 });
  });

  it("worker killed between sending and marking done: retried once, same Message-ID, nothing else re-sent", async () => {
    await inviteAndReset();
    const real = smtpMailer(smtpUrl, FROM);
    // The worker process "dies" right after the receiver accepted the message: the job
    // stays leased (pending, attempts 1) exactly as a killed process leaves it.
    class Killed extends Error {}
    let sends = 0;
    const dying = {
      async send(...args: Parameters<typeof real.send>) {
        await real.send(...args);
        if (++sends === 1) throw new Killed("process killed");
      },
    };
    await expect(
      (async () => {
        // Simulate the kill: claim and send, but never run the bookkeeping that follows.
        const { withWorker } = await import("#app/db/tenant.server");
        const job = await withWorker(async (tx) =>
          (
            await sql<{ id: number; payload: { to: string; subject: string; text: string } }>`
              update outbox set attempts = attempts + 1, run_after = now() + interval '300 seconds'
              where id = (select id from outbox where status = 'pending' order by id limit 1 for update skip locked)
              returning id, payload`.execute(tx)
          ).rows[0]!,
        );
        await dying.send(job.payload, { idempotencyKey: `outbox-${job.id}` });
      })(),
    ).rejects.toBeInstanceOf(Killed);
    const [crashed] = await outboxRows();
    expect(crashed).toMatchObject({ status: "pending", attempts: 1 });
    // The other job runs now; the crashed one only after its lease.
    expect(await drainOutbox({ mailer: real })).toBe(1);
    expect(received).toHaveLength(2);
    // Lease over (a restarted worker, five minutes later):
    await sql`update outbox set run_after = now() where id = ${crashed!.id}`.execute(t.db);
    expect(await drainOutbox({ mailer: real })).toBe(1);
    expect(await drainOutbox({ mailer: real })).toBe(0);
    const rows = await outboxRows();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ["done", 2],
      ["done", 1],
    ]);
    const ids = received.map((m) => header(m.raw, "Message-ID"));
    expect(ids).toHaveLength(3);
    const unique = new Set(ids);
    expect(unique.size, "the re-send carries the same Message-ID, so the receiver can drop it").toBe(2);
    recordFigures("worker", {
      "workers killed mid-job": 1,
      "retries of the killed job": rows[0]!.attempts - 1,
      "messages delivered": received.length,
      "re-sends of the killed job (same Message-ID)": ids.length - unique.size,
      "duplicates by distinct Message-ID": received.length - ids.length,
      "jobs sent more than twice": 0,
    });
  });

  it("4xx answers and a refused connection retry with backoff; 5xx ends the job dead, logged for operators", async () => {
    await inviteAndReset();
    // 4xx: both jobs back to pending, pushed into the future, error recorded.
    answer = "4xx";
    expect(await drainOutbox({ mailer: smtpMailer(smtpUrl, FROM) })).toBe(2);
    let rows = await outboxRows();
    for (const r of rows) {
      expect(r).toMatchObject({ status: "pending", attempts: 1 });
      expect(r.last_error).toMatch(/451|try again later/i);
      expect(new Date(r.run_after).getTime()).toBeGreaterThan(Date.now() + 5_000);
    }
    // Refused connection (nothing listens there): retried too, later still.
    await sql`update outbox set run_after = now()`.execute(t.db);
    const nowhere = `smtp://127.0.0.1:${await freePort()}`;
    expect(await drainOutbox({ mailer: smtpMailer(nowhere, FROM) })).toBe(2);
    rows = await outboxRows();
    for (const r of rows) {
      expect(r).toMatchObject({ status: "pending", attempts: 2 });
      expect(r.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(new Date(r.run_after).getTime()).toBeGreaterThan(Date.now() + 15_000); // 20 s backoff
    }
    // 5xx: dead at once, not retried.
    answer = "5xx";
    await sql`update outbox set run_after = now()`.execute(t.db);
    expect(await drainOutbox({ mailer: smtpMailer(smtpUrl, FROM) })).toBe(2);
    rows = await outboxRows();
    for (const r of rows) {
      expect(r).toMatchObject({ status: "dead", attempts: 3 });
      expect(r.last_error).toMatch(/550|No such mailbox/i);
    }
    answer = "ok";
    await sql`update outbox set run_after = now()`.execute(t.db);
    expect(await drainOutbox({ mailer: smtpMailer(smtpUrl, FROM) })).toBe(0);
    expect(received).toHaveLength(0);
    recordFigures("smtp", { "4xx retried": 2, "refused connections retried": 2, "5xx dead (not retried)": 2 });
  });
});

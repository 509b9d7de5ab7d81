import { sql } from "kysely";
import { withWorker } from "#app/db/tenant.server";
import { logger } from "#app/lib/logger.server";
import { maskEmailsIn } from "#app/lib/mask";
import { defaultMailer, isPermanentMailError, type Mailer } from "#app/domain/outbox/mailer.server";
import { runMaintenance } from "./maintenance.server";
import { emailPayload } from "#app/domain/outbox/outbox.server";

const MAX_ATTEMPTS = 8;

/** Exponential backoff: 10 s, 20 s, 40 s … capped at one hour. */
export function backoffSeconds(attempts: number) {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));
}

const LEASE_SECONDS = 300;

/** What is left of a job's payload once it is sent or dead: nothing that could be used. */
const REDACTED = JSON.stringify({ redacted: true });

/**
 * Claim and process up to `batch` due jobs. A job is claimed with FOR UPDATE SKIP
 * LOCKED and leased (run_after pushed forward) in a short transaction; the send
 * happens outside any transaction; the result is recorded in another. Several
 * workers never take the same job, and a crash mid-send retries after the lease
 * (at-least-once delivery).
 */
export async function drainOutbox(opts: { mailer?: Mailer; batch?: number } = {}): Promise<number> {
  const mailer = opts.mailer ?? defaultMailer();
  let handled = 0;
  for (let i = 0; i < (opts.batch ?? 20); i++) {
    const job = await withWorker(async (tx) => {
      const row = await sql<{ id: number; kind: string; payload: unknown; attempts: number }>`
        update outbox set attempts = attempts + 1, run_after = now() + make_interval(secs => ${LEASE_SECONDS})
        where id = (
          select id from outbox
          where status = 'pending' and run_after <= now()
          order by run_after, id
          limit 1
          for update skip locked)
        returning id, kind, payload, attempts`.execute(tx);
      return row.rows[0] ?? null;
    });
    if (!job) break;
    handled++;
    try {
      if (job.kind !== "email") throw new Error(`unknown outbox kind ${job.kind}`);
      await mailer.send(emailPayload.parse(job.payload), { idempotencyKey: `outbox-${job.id}` });
      await withWorker((tx) =>
        // Sent: the payload (reset and invitation links are tokens) is no longer needed.
        tx
          .updateTable("outbox")
          .set({ status: "done", processed_at: new Date(), last_error: null, payload: REDACTED })
          .where("id", "=", job.id)
          .execute(),
      );
    } catch (error) {
      // A permanent refusal (SMTP 5xx) ends the job at once; anything else (refused
      // connection, 4xx, timeout) retries with backoff until MAX_ATTEMPTS. A dead job is
      // listed for the org's owners and admins (settings → messages that could not be
      // sent) by its purpose and masked recipient; its payload (reset and invitation links
      // are tokens) is redacted as a sent one's is, and maintenance purges it later. The
      // stored error has its addresses masked.
      const dead = job.attempts >= MAX_ATTEMPTS || isPermanentMailError(error);
      await withWorker((tx) =>
        tx
          .updateTable("outbox")
          .set({
            status: dead ? "dead" : "pending",
            last_error: maskEmailsIn(String(error instanceof Error ? error.message : error)).slice(0, 500),
            run_after: sql<Date>`now() + make_interval(secs => ${backoffSeconds(job.attempts)})`,
            ...(dead ? { payload: REDACTED, processed_at: new Date() } : {}),
          })
          .where("id", "=", job.id)
          .execute(),
      );
      if (dead) logger().error({ outboxId: job.id, attempts: job.attempts, dead }, "outbox job dead: it will not be retried");
      else logger().warn({ outboxId: job.id, attempts: job.attempts, dead }, "outbox job failed");
    }
  }
  return handled;
}

const MAINTENANCE_EVERY_MS = 60 * 60 * 1000;

/** In-process loop (the outbox, and hourly maintenance: retention, purging); returns a stop function. */
export function startOutboxWorker(intervalMs = 1000): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let lastMaintenance = 0;
  const tick = async () => {
    if (stopped) return;
    const maintain = Date.now() - lastMaintenance >= MAINTENANCE_EVERY_MS;
    if (maintain) lastMaintenance = Date.now();
    running = drainOutbox()
      .then(() => (maintain ? runMaintenance() : undefined))
      .catch((error) => logger().error({ err: error }, "outbox worker error"));
    await running;
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  let timer = setTimeout(tick, intervalMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

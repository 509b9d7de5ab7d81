import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { requireGrantingOperator } from "#app/domain/grants/certifier.server";
import { enqueueEmail, enqueueEmails } from "#app/domain/outbox/outbox.server";
import { appLink } from "#app/lib/links.server";
import { CertifierCommentInput, OperatorCommentInput } from "./schemas";
import { unansweredClarification } from "./thread-sql.server";

export { openBodiesSql, threadsByBody, threadSql, type BodyThread, type ThreadEntry } from "./thread-sql.server";

/**
 * Review threads (issue 13, capability 6; ADR 053): per item of a *submitted* self-assessment
 * and per certifying body, append-only entries in the operator's org (assessment_comment,
 * migration 0051). The body writes comments and clarification requests through an active
 * grant (RLS: certifier_grant_covers), every write in both orgs' logs (certifier_audit); the
 * operator's owners, admins and the house's managers write comments and replies (audit).
 *
 * **The one rule**: an item's clarification is open while its latest clarification has no
 * later reply in the same body's thread — `unansweredClarification` (thread-sql.server.ts),
 * the only place that says it; every page and count (both sides) asks it through
 * `openBodiesSql` or `clarificationsToAnswer`.
 *
 * Notifications go through the outbox in the writer's transaction: a clarification request
 * to the operator's owners, admins and the house's managers (review_operator_emails, 0053);
 * an answer to the clarification's author (review_author_email). They name the house, the item
 * code and the body — never the thread's text, never anything about a resident.
 */

export type ToAnswer = { assessmentId: string; houseName: string | null; requests: number };

/** The operator's open clarification requests (one per item and body), per self-assessment — one query. */
export async function clarificationsToAnswer(tx: Tx): Promise<ToAnswer[]> {
  const { rows } = await sql<ToAnswer>`
    select a.id as "assessmentId", h.name as "houseName", count(distinct (c.item_id, c.certifier_org_id))::int as requests
    from assessment_comment c
    join assessment a on a.org_id = c.org_id and a.id = c.assessment_id
    left join house h on h.org_id = a.org_id and h.id = a.house_id
    where c.org_id = (select current_org_id()) and ${unansweredClarification("c")}
    group by a.id, h.name, a.created_at
    order by a.created_at desc
    limit 50`.execute(tx);
  return rows;
}

// ── the certifying body writes ─────────────────────────────────────────────

const CERTIFIER_ACTIONS = {
  comment: { action: "review.commented" },
  clarification: { action: "review.clarification_requested" },
} as const;

/**
 * A certifier's comment or clarification request on one item of a covered, submitted
 * self-assessment. No active grant → not found; a draft → conflict; an item of another
 * assessment → not found. Audited in both orgs; a clarification is mailed to the operator.
 */
export async function addCertifierComment(tx: Tx, operatorSlug: string, assessmentId: string, raw: CertifierCommentInput): Promise<{ id: string }> {
  const input = parseInput(CertifierCommentInput, raw);
  const operator = await requireGrantingOperator(tx, operatorSlug);
  const target = await tx
    .selectFrom("assessment as a")
    .leftJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .select([
      "a.status", "a.house_id as houseId", "h.name as houseName",
      sql<string | null>`(select i.code from assessment_item i where i.org_id = a.org_id and i.assessment_id = a.id and i.id = ${input.itemId}::uuid)`.as("itemCode"),
      sql<string>`(select o.name from org o where o.id = (select current_org_id()))`.as("bodyName"),
    ])
    .where("a.org_id", "=", operator.id).where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!target) throw notFound("Self-assessment");
  if (target.status !== "submitted") throw new DomainError("conflict", "This self-assessment has not been submitted for review yet. Comments open once it is.");
  if (!target.itemCode) throw new DomainError("not_found", "That item is not part of this self-assessment.", { field: "itemId" });
  const row = await guardDb(
    tx.insertInto("assessment_comment")
      .values({ org_id: operator.id, assessment_id: assessmentId, item_id: input.itemId, certifier_org_id: sql<string>`current_org_id()`, kind: input.kind, body: input.body })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  const data = { houseId: target.houseId, itemId: input.itemId, itemCode: target.itemCode, commentId: row.id };
  await sql`select certifier_audit(${operator.id}::uuid, ${CERTIFIER_ACTIONS[input.kind].action}, 'assessment', ${assessmentId}, ${JSON.stringify(data)}::jsonb)`.execute(tx);
  if (input.kind === "clarification") {
    const people = await sql<{ email: string }>`select email from review_operator_emails(${operator.id}::uuid, ${target.houseId}::uuid)`.execute(tx);
    const link = appLink(`/o/${operator.slug}/standards/${assessmentId}`);
    await enqueueEmails(
      tx,
      people.rows.map((p) => ({
        email: clarificationEmail(p.email, { bodyName: target.bodyName, houseName: target.houseName, itemCode: target.itemCode!, link }),
        dedupeKey: `review-clarification:${row.id}:${p.email}`,
      })),
      { purpose: "review_clarification" },
    );
  }
  return row;
}

export function clarificationEmail(to: string, d: { bodyName: string; houseName: string | null; itemCode: string; link: string }) {
  const place = d.houseName ?? "your organisation";
  return {
    to,
    subject: `A question about item ${d.itemCode} of a self-assessment`,
    text: [
      "Hello,",
      "",
      `${d.bodyName} asked for clarification on item ${d.itemCode} of the self-assessment of ${place}.`,
      "Read the question and answer it on the self-assessment's page:",
      d.link,
      "",
      "Hearth",
    ].join("\n"),
  };
}

// ── the operator answers ───────────────────────────────────────────────────

const OPERATOR_ACTIONS = {
  reply: { action: "review.replied" },
  comment: { action: "review.commented" },
} as const;

/**
 * The operator's reply or comment in a certifying body's thread on one item (owners and
 * admins; a house's managers for their houses — RLS). Only in a thread the body started, on
 * a submitted self-assessment. A reply to an open clarification is mailed to its author.
 */
export async function addOperatorComment(tx: Tx, assessmentId: string, raw: OperatorCommentInput, opts: { operatorSlug: string }): Promise<{ id: string }> {
  const input = parseInput(OperatorCommentInput, raw);
  const target = await tx
    .selectFrom("assessment as a")
    .leftJoin("house as h", (j) => j.onRef("h.org_id", "=", "a.org_id").onRef("h.id", "=", "a.house_id"))
    .select([
      "a.status", "a.house_id as houseId", "h.name as houseName",
      sql<string | null>`(select i.code from assessment_item i where i.org_id = a.org_id and i.assessment_id = a.id and i.id = ${input.itemId}::uuid)`.as("itemCode"),
      sql<{ name: string; slug: string } | null>`(select json_build_object('name', o.name, 'slug', o.slug) from org o
        where o.id = ${input.certifierOrgId}::uuid and exists (select 1 from assessment_comment c where c.org_id = a.org_id and c.assessment_id = a.id
          and c.item_id = ${input.itemId}::uuid and c.certifier_org_id = o.id))`.as("body"),
      sql<string | null>`(select c.id from assessment_comment c where c.org_id = a.org_id and c.assessment_id = a.id and c.item_id = ${input.itemId}::uuid
        and c.certifier_org_id = ${input.certifierOrgId}::uuid and ${unansweredClarification("c")} order by c.created_at desc, c.id desc limit 1)`.as("openId"),
      sql<string>`(select o.name from org o where o.id = (select current_org_id()))`.as("operatorName"),
    ])
    .where("a.org_id", "=", sql<string>`(select current_org_id())`).where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!target) throw notFound("Self-assessment");
  if (target.status !== "submitted") throw new DomainError("conflict", "Certifying bodies review a self-assessment once it is submitted; there is nothing to answer yet.");
  if (!target.itemCode) throw new DomainError("not_found", "That item is not part of this self-assessment.", { field: "itemId" });
  if (!target.body) throw new DomainError("not_found", "That certifying body has not written about this item.", { field: "certifierOrgId" });
  const row = await guardDb(
    tx.insertInto("assessment_comment")
      .values({ org_id: sql<string>`current_org_id()`, assessment_id: assessmentId, item_id: input.itemId, certifier_org_id: input.certifierOrgId, kind: input.kind, body: input.body })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await audit(tx, OPERATOR_ACTIONS[input.kind].action, { type: "assessment", id: assessmentId }, {
    houseId: target.houseId, itemId: input.itemId, itemCode: target.itemCode, commentId: row.id, certifierOrgId: input.certifierOrgId,
  });
  if (input.kind === "reply" && target.openId) {
    const { rows } = await sql<{ email: string | null }>`select review_author_email(${target.openId}::uuid) as email`.execute(tx);
    const to = rows[0]?.email;
    if (to) {
      const link = appLink(`/o/${target.body.slug}/audits/${opts.operatorSlug}/assessments/${assessmentId}`);
      await enqueueEmail(tx, replyEmail(to, { operatorName: target.operatorName, houseName: target.houseName, itemCode: target.itemCode, link }), {
        dedupeKey: `review-reply:${row.id}`,
        purpose: "review_reply",
      });
    }
  }
  return row;
}

export function replyEmail(to: string, d: { operatorName: string; houseName: string | null; itemCode: string; link: string }) {
  const place = d.houseName ? `${d.houseName} (${d.operatorName})` : d.operatorName;
  return {
    to,
    subject: `Your question on item ${d.itemCode} was answered`,
    text: [
      "Hello,",
      "",
      `${place} answered your request for clarification on item ${d.itemCode} of its self-assessment.`,
      "Read the answer on the self-assessment's page:",
      d.link,
      "",
      "Hearth",
    ].join("\n"),
  };
}

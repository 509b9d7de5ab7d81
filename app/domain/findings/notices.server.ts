import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { enqueueEmails } from "#app/domain/outbox/outbox.server";
import { formatDay } from "#app/lib/dates";
import { appLink } from "#app/lib/links.server";
import { SEVERITY_LABELS } from "./labels";
import type { FindingSeverity } from "#app/db/schema";

/**
 * The emails a finding's changes queue, inside the request's transaction (sent only if it
 * commits). Recipients come from definer functions (migration 0055): a certifying body cannot
 * read the operator's memberships, nor the operator the body's. The emails name the house and
 * the certifying body and point to the page — never the summary, the plan or a note (free text
 * that could name a resident).
 */

export type NoticeFinding = {
  id: string;
  orgId: string;
  operatorSlug: string;
  operatorName: string;
  certifierSlug: string;
  certifierName: string;
  houseName: string;
  severity: FindingSeverity;
  dueOn: string;
};

type Change = "raised" | "accepted" | "reopened";

const SUBJECTS: Record<Change, string> = {
  raised: "A certifying body raised a finding",
  accepted: "A corrective action plan was accepted",
  reopened: "A finding was reopened: a new plan is needed",
};

/** To the operator's owners and admins: a certifier role raised, accepted or reopened a finding. */
export async function notifyOperator(tx: Tx, f: NoticeFinding, change: Change) {
  const { rows } = await sql<{ email: string }>`select email from finding_operator_emails(${f.orgId}::uuid, ${f.id}::uuid)`.execute(tx);
  const link = appLink(`/o/${f.operatorSlug}/standards/findings/${f.id}`);
  const line =
    change === "raised"
      ? `${f.certifierName} raised a ${SEVERITY_LABELS[f.severity].toLowerCase()} finding about ${f.houseName}, due ${formatDay(f.dueOn, "MMMM d, yyyy")}. Read it and send your corrective action plan:`
      : change === "accepted"
        ? `${f.certifierName} accepted your corrective action plan for a finding about ${f.houseName}. The finding is closed:`
        : `${f.certifierName} reopened a finding about ${f.houseName}. Read their note and send a new plan:`;
  await enqueueEmails(
    tx,
    rows.map((r) => ({ email: { to: r.email, subject: SUBJECTS[change], text: ["Hello,", "", line, link, "", "Hearth"].join("\n") } })),
    { purpose: "finding_notice" },
  );
}

/** To the certifying body's administrators: the operator answered a finding. */
export async function notifyCertifier(tx: Tx, f: NoticeFinding) {
  const { rows } = await sql<{ email: string }>`select email from finding_certifier_emails(${f.id}::uuid)`.execute(tx);
  const link = appLink(`/o/${f.certifierSlug}/audits/${f.operatorSlug}/findings/${f.id}`);
  const line = `${f.operatorName} sent a corrective action plan for a finding about ${f.houseName}. Review it, then accept or reopen it:`;
  await enqueueEmails(
    tx,
    rows.map((r) => ({ email: { to: r.email, subject: "An operator answered a finding", text: ["Hello,", "", line, link, "", "Hearth"].join("\n") } })),
    { purpose: "finding_notice" },
  );
}

import { sql } from "kysely";
import type { CertificationDecision, CertificationStatus } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, parseInput } from "#app/domain/errors.server";
import { certifierAudit as auditCertifier, houseCoverage } from "#app/domain/grants/coverage.server";
import { monthDayIn, type CalendarDate } from "#app/lib/dates";
import { CERTIFICATION_STATUS_LABELS, CERTIFIER_TRANSITIONS, DECIDING, GRANTING } from "./labels";
import { AppealInput, MoveInput } from "./schemas";

/**
 * Certification per house and certifying body (issue 13, capability 8; ADR 050). The record
 * lives in the operator's org; certifier roles move it along the workflow through an active
 * audit grant (RLS: certifier_grant_covers, migration 0046/0050), every read and write of
 * theirs goes to both orgs' logs (certifier_audit); operators read theirs and may only ask for
 * an appeal of a denial. The history is written by the database on every change.
 */

export type CertificationEventView = {
  id: string;
  fromStatus: CertificationStatus | null;
  toStatus: CertificationStatus;
  level: number;
  decidedOn: CalendarDate | null;
  expiresOn: CalendarDate | null;
  note: string | null;
  /** The person who made the change, or null for Hearth's own maintenance. */
  actorName: string | null;
  actorOrgName: string | null;
  at: string;
};

export type CertificationView = {
  id: string;
  houseId: string;
  certifierOrgId: string;
  certifierName: string;
  level: number;
  status: CertificationStatus;
  decidedOn: CalendarDate | null;
  expiresOn: CalendarDate | null;
  decision: CertificationDecision | null;
  firstCertifiedOn: CalendarDate | null;
  publicToken: string;
  history: CertificationEventView[];
};

type Row = {
  id: string;
  house_id: string;
  certifier_org_id: string;
  certifier_name: string;
  level: number;
  status: CertificationStatus;
  decided_on: string | null;
  expires_on: string | null;
  decision: CertificationDecision | null;
  first_certified_on: string | null;
  public_token: string;
  history: {
    id: string;
    from_status: CertificationStatus | null;
    to_status: CertificationStatus;
    level: number;
    decided_on: string | null;
    expires_on: string | null;
    note: string | null;
    actor_name: string | null;
    actor_org_name: string | null;
    at: string;
  }[];
};

/** Certifications with their certifying body and history, in one statement (RLS decides which). */
async function readCertifications(tx: Tx, where: { orgId: ReturnType<typeof sql>; houseId: string; certifierOrgId?: ReturnType<typeof sql> }) {
  const { rows } = await sql<Row>`
    select c.id, c.house_id, c.certifier_org_id, body.name as certifier_name, c.level, c.status,
      c.decided_on::text, c.expires_on::text, c.decision, c.first_certified_on::text, c.public_token,
      coalesce((
        select json_agg(json_build_object(
          'id', e.id, 'from_status', e.from_status, 'to_status', e.to_status, 'level', e.level,
          'decided_on', e.decided_on, 'expires_on', e.expires_on, 'note', e.note,
          'actor_name', u.name, 'actor_org_name', ao.name, 'at', e.created_at) order by e.created_at desc, e.id desc)
        from certification_event e
        left join app_user u on u.id = e.actor_user_id
        left join org ao on ao.id = e.actor_org_id and e.actor_user_id is not null
        where e.org_id = c.org_id and e.certification_id = c.id), '[]') as history
    from certification c
    join org body on body.id = c.certifier_org_id
    where c.org_id = ${where.orgId} and c.house_id = ${where.houseId}::uuid
      ${where.certifierOrgId ? sql`and c.certifier_org_id = ${where.certifierOrgId}` : sql``}
    order by c.created_at, c.id`.execute(tx);
  return rows.map(toView);
}

function toView(r: Row): CertificationView {
  return {
    id: r.id,
    houseId: r.house_id,
    certifierOrgId: r.certifier_org_id,
    certifierName: r.certifier_name,
    level: r.level,
    status: r.status,
    decidedOn: r.decided_on,
    expiresOn: r.expires_on,
    decision: r.decision,
    firstCertifiedOn: r.first_certified_on,
    publicToken: r.public_token,
    history: r.history.map((e) => ({
      id: e.id,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      level: e.level,
      decidedOn: e.decided_on,
      expiresOn: e.expires_on,
      note: e.note,
      actorName: e.actor_name,
      actorOrgName: e.actor_org_name,
      at: e.at,
    })),
  };
}

// ── the operator's side ─────────────────────────────────────────────────────

/** A house's certifications as its operator sees them (owners/admins, the house's managers). */
export async function houseCertifications(tx: Tx, houseId: string): Promise<CertificationView[]> {
  return readCertifications(tx, { orgId: sql`(select current_org_id())`, houseId });
}

/** An operator's owner or admin asks for an appeal of a denial; nothing else is theirs to change. */
export async function requestAppeal(tx: Tx, certificationId: string, input: unknown, houseId?: string): Promise<void> {
  const { note } = parseInput(AppealInput, input);
  let q = tx
    .selectFrom("certification")
    .select(["id", "house_id", "status"])
    .where("org_id", "=", sql<string>`(select current_org_id())`)
    .where("id", "=", certificationId);
  if (houseId) q = q.where("house_id", "=", houseId);
  const current = await q.executeTakeFirst();
  if (!current) throw new DomainError("not_found", "Certification not found.");
  if (current.status !== "denied") throw new DomainError("conflict", "An appeal can be requested only after a denial.");
  // (No FOR UPDATE above: it would need the update policy, which house managers do not pass.)
  const updated = await guardDb(
    tx
      .updateTable("certification")
      .set({ status: "appeal", note })
      .where("org_id", "=", sql<string>`(select current_org_id())`)
      .where("id", "=", certificationId)
      .where("status", "=", "denied")
      .executeTakeFirst(),
  );
  if (updated.numUpdatedRows === 0n) throw new DomainError("forbidden", "Only an owner or administrator can request an appeal.");
  await audit(tx, "certification.appeal_requested", { type: "certification", id: certificationId }, { houseId: current.house_id });
}

// ── the certifying body's side ──────────────────────────────────────────────

export type CertifierHouse = {
  operator: { id: string; name: string; slug: string };
  house: { id: string; name: string; city: string; region: string };
  today: CalendarDate;
  /** The grant's scope allows decisions (review-only grants read). */
  canWrite: boolean;
  certification: CertificationView | null;
};

/** The operator (by slug) and whether an active grant of this certifier covers the house. */
const coverage = (tx: Tx, operatorSlug: string, houseId: string) => houseCoverage(tx, operatorSlug, houseId);

/** Whether this certifier may see (review) or decide (certification) the house: not found otherwise. */
export async function requireCertifierGrant(tx: Tx, operatorSlug: string, houseId: string, scope: "review" | "certification"): Promise<void> {
  const op = await coverage(tx, operatorSlug, houseId);
  if (scope === "certification" && !op.writes) throw new DomainError("not_found", "House not found.");
}

/**
 * A house's certification as its certifying body sees it (certifier roles, through an active
 * grant; otherwise not found). The read is audited in both orgs' logs.
 */
export async function certifierHouse(tx: Tx, operatorSlug: string, houseId: string): Promise<CertifierHouse> {
  const op = await coverage(tx, operatorSlug, houseId);
  const house = await tx
    .selectFrom("house as h")
    .select(["h.id", "h.name", "h.city", "h.region", sql<string>`${houseToday("h")}::text`.as("today")])
    .where("h.org_id", "=", op.id)
    .where("h.id", "=", houseId)
    .executeTakeFirst();
  if (!house) throw new DomainError("not_found", "House not found.");
  const [certification] = await readCertifications(tx, { orgId: sql`${op.id}::uuid`, houseId, certifierOrgId: sql`(select current_org_id())` });
  await certifierAudit(tx, op.id, "certification.viewed", certification?.id ?? houseId, { houseId, certificationId: certification?.id ?? null });
  return {
    operator: { id: op.id, name: op.name, slug: op.slug },
    house: { id: house.id, name: house.name, city: house.city, region: house.region },
    today: house.today,
    canWrite: op.writes,
    certification: certification ?? null,
  };
}

const certifierAudit = (tx: Tx, operatorOrgId: string, action: string, entityId: string, data: Record<string, unknown>) =>
  auditCertifier(tx, operatorOrgId, action, "certification", entityId, data);

/**
 * The certifying body moves a house's certification to its next status (starting it when
 * there is none): the level, and for a decision its date (default today in the house's zone)
 * and, for certified or conditional, its expiry (default a year after the decision). Needs a
 * grant with the certification scope (otherwise not found). Audited in both orgs' logs.
 */
export async function moveCertification(tx: Tx, operatorSlug: string, houseId: string, input: unknown): Promise<{ id: string; status: CertificationStatus }> {
  const data = parseInput(MoveInput, input);
  const op = await coverage(tx, operatorSlug, houseId);
  if (!op.writes) throw new DomainError("not_found", "House not found.");
  const house = await tx
    .selectFrom("house as h")
    .select(sql<string>`${houseToday("h")}::text`.as("today"))
    .where("h.org_id", "=", op.id)
    .where("h.id", "=", houseId)
    .executeTakeFirst();
  if (!house) throw new DomainError("not_found", "House not found.");
  const current = await tx
    .selectFrom("certification")
    .select(["id", "status", "decided_on", "expires_on"])
    .where("org_id", "=", op.id)
    .where("house_id", "=", houseId)
    .where("certifier_org_id", "=", sql<string>`(select current_org_id())`)
    .forUpdate()
    .executeTakeFirst();
  const from = current?.status ?? "new";
  if (!CERTIFIER_TRANSITIONS[from].includes(data.status)) {
    const now = current ? `it is ${CERTIFICATION_STATUS_LABELS[current.status].toLowerCase()}` : "it has not started";
    throw new DomainError("invalid", `${CERTIFICATION_STATUS_LABELS[data.status]} cannot follow where the certification is now (${now}).`, { field: "status" });
  }
  const dates = decisionDates(data, house.today, current ?? null);
  let id: string;
  if (!current) {
    const row = await guardDb(
      tx
        .insertInto("certification")
        .values({ org_id: op.id, house_id: houseId, certifier_org_id: sql<string>`current_org_id()`, level: data.level, status: data.status, note: data.note })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    id = row.id;
  } else {
    await guardDb(
      tx
        .updateTable("certification")
        .set({ status: data.status, level: data.level, note: data.note, decided_on: dates.decidedOn, expires_on: dates.expiresOn })
        .where("org_id", "=", op.id)
        .where("id", "=", current.id)
        .executeTakeFirstOrThrow(),
    );
    id = current.id;
  }
  await certifierAudit(tx, op.id, "certification.status_changed", id, {
    houseId, from: current?.status ?? null, to: data.status, level: data.level, decidedOn: dates.decidedOn, expiresOn: dates.expiresOn,
  });
  return { id, status: data.status };
}

/** The dates a move writes: a decision's own, or the current ones kept while a renewal is reviewed. */
function decisionDates(
  data: { status: CertificationStatus; decidedOn: string | null; expiresOn: string | null },
  today: CalendarDate,
  current: { decided_on: string | null; expires_on: string | null } | null,
): { decidedOn: string | null; expiresOn: string | null } {
  if (!DECIDING.includes(data.status)) return { decidedOn: current?.decided_on ?? null, expiresOn: current?.expires_on ?? null };
  const decidedOn = data.decidedOn ?? today;
  if (decidedOn > today) throw new DomainError("invalid", "A decision date cannot be in the future.", { field: "decidedOn" });
  if (GRANTING.includes(data.status)) {
    const expiresOn = data.expiresOn ?? monthDayIn(decidedOn, 12, Number(decidedOn.slice(8, 10)));
    if (expiresOn <= decidedOn) throw new DomainError("invalid", "The expiry must be after the decision date.", { field: "expiresOn" });
    return { decidedOn, expiresOn };
  }
  if (data.expiresOn) throw new DomainError("invalid", "Only a certification (full or conditional) has an expiry. Leave it empty.", { field: "expiresOn" });
  if (data.status === "revoked" && current?.expires_on && current.expires_on > decidedOn) return { decidedOn, expiresOn: current.expires_on };
  return { decidedOn, expiresOn: null };
}

// ── maintenance ─────────────────────────────────────────────────────────────

/**
 * Certified and conditional certifications whose expiry has passed (in the house's zone)
 * become expired; run by the worker's maintenance in each org's system context.
 */
export async function expireCertifications(tx: Tx): Promise<{ certificationIds: string[] }> {
  const { rows } = await sql<{ id: string; house_id: string }>`
    update certification c set status = 'expired', note = null
    from house h
    where h.org_id = c.org_id and h.id = c.house_id and c.org_id = (select current_org_id())
      and c.status in ('certified', 'conditional') and c.expires_on < ${houseToday("h")}
    returning c.id, c.house_id`.execute(tx);
  if (!rows.length) return { certificationIds: [] };
  const certificationIds = rows.map((r) => r.id).sort();
  await audit(tx, "certification.expired", null, { certifications: rows.map((r) => ({ id: r.id, houseId: r.house_id })) });
  return { certificationIds };
}

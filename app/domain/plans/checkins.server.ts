import { sql } from "kysely";
import type { NeedCode, PlanDimension } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { CHECKIN_STATEMENTS, DIMENSION_ITEMS, NEED_CODES, PLAN_DIMENSIONS, SUMMARY_MINIMUM } from "./labels";
import type { PlanOwner } from "./plan.server";
import { CheckinInput, PaperCheckinInput, ScreeningInput, scoresOf } from "./schemas";

/**
 * Needs screenings and recovery-capital check-ins (ADR 041). A check-in is ten answers 1–6;
 * a dimension's score is the mean of its statements. One is due at admission and then a
 * month after the last. The house summary is anonymous: averages by dimension per month,
 * and no figures for a month with fewer than SUMMARY_MINIMUM residents answering.
 */

const REFUSALS = {
  "42501": { kind: "forbidden" as const, message: "Only the resident and the staff of their house can do that." },
  checkin_lives_here: { kind: "invalid" as const, message: "A check-in is taken while living in one of the houses.", field: "takenOn" },
  checkin_not_future: { kind: "invalid" as const, message: "Choose today or an earlier day.", field: "takenOn" },
  checkin_scores: { kind: "invalid" as const, message: "Answer every statement from 1 to 6." },
  needs_screening_resident_fk: { kind: "not_found" as const, message: "Resident not found." },
  checkin_resident_fk: { kind: "not_found" as const, message: "Resident not found." },
};

/** A dimension's score of one check-in: the mean of its statements, one decimal. */
export function dimensionScores(scores: readonly number[]): Record<PlanDimension, number> {
  return Object.fromEntries(
    PLAN_DIMENSIONS.map((d) => {
      const items = DIMENSION_ITEMS[d].map((i) => scores[i] ?? 0);
      return [d, Math.round((items.reduce((a, b) => a + b, 0) / items.length) * 10) / 10];
    }),
  ) as Record<PlanDimension, number>;
}

/** `paper`: answers the resident gave on paper, entered by staff (0042). */
export type CheckinRow = { id: string; takenOn: string; scores: number[]; paper: boolean };
export type Checkins = { residentId: string; today: string | null; due: boolean; nextDue: string | null; checkins: CheckinRow[] };

/** How many check-ins the trend shows (two years of monthly ones). */
const TREND_LIMIT = 24;

/** A resident's check-ins (newest TREND_LIMIT, oldest first) and whether one is due; staff reads audited. */
export async function getCheckins(tx: Tx, owner: PlanOwner): Promise<Checkins> {
  const staff = !("self" in owner);
  const row = await tx
    .selectFrom("resident as r")
    .select((eb) => [
      "r.id",
      sql<boolean>`(select current_app_role()) in ('owner', 'admin', 'resident') or r.id = any ((select current_plan_resident_ids())::uuid[])`.as("onTeam"),
      eb
        .selectFrom("stay as s")
        .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
        .select(houseToday("h").as("today"))
        .whereRef("s.org_id", "=", "r.org_id")
        .whereRef("s.resident_id", "=", "r.id")
        .where(sql<boolean>`s.during @> ${houseToday("h")}`)
        .limit(1)
        .as("today"),
      sql<CheckinRow[]>`coalesce((select json_agg(x order by x."takenOn", x.created_at) from (
        select c.id, c.taken_on::text as "takenOn", c.scores, c.entered_by is not null as paper, c.created_at from checkin c
        where c.org_id = r.org_id and c.resident_id = r.id
        order by c.taken_on desc, c.created_at desc limit ${TREND_LIMIT}) x), '[]'::json)`.as("checkins"),
    ])
    .where("r.org_id", "=", sql<string>`(select current_org_id())`)
    .where("self" in owner ? sql<boolean>`r.id = (select current_resident_id())` : sql<boolean>`r.id = ${owner.residentId}::uuid`)
    .executeTakeFirst();
  if (!row || !row.onTeam) throw notFound("Resident");
  if (staff) await audit(tx, "checkins.viewed", { type: "resident", id: row.id }, { shown: row.checkins.length });
  const checkins = row.checkins.map((c) => ({ id: c.id, takenOn: c.takenOn, scores: c.scores, paper: c.paper }));
  const last = checkins.at(-1)?.takenOn ?? null;
  const nextDue = last ? addMonth(last) : row.today;
  const due = row.today !== null && (nextDue === null || nextDue <= row.today);
  return { residentId: row.id, today: row.today, due, nextDue, checkins };
}

/** The same day a month later (the month's last day when it has fewer days). */
export function addMonth(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The signed-in resident takes a check-in today (in their house's zone). */
export async function takeCheckin(tx: Tx, raw: CheckinInput): Promise<{ id: string; takenOn: string }> {
  const input = parseInput(CheckinInput, raw);
  const me = await tx.selectFrom("resident as r").select("r.id").where(sql<boolean>`r.id = (select current_resident_id())`).executeTakeFirst();
  if (!me) throw new DomainError("forbidden", "Only residents take check-ins.");
  const row = await guardDb(
    tx
      .insertInto("checkin")
      .values({ org_id: sql<string>`(select current_org_id())`, resident_id: me.id, scores: scoresOf(input) })
      .returning(["id", sql<string>`taken_on::text`.as("takenOn")])
      .executeTakeFirstOrThrow(),
    REFUSALS,
  );
  await audit(tx, "checkin.taken", { type: "resident", id: me.id }, { checkinId: row.id });
  return row;
}

/**
 * The resident is someone whose plan the caller works on (owners and admins: anyone in the
 * org; house managers and staff: the people living in their houses now or about to);
 * anyone else, and another org's id, is not found. Staff plan actions check this before
 * reading the form.
 */
export async function assertOnPlanTeam(tx: Tx, residentId: string): Promise<void> {
  const onTeam = await tx
    .selectFrom("resident as r")
    .select("r.id")
    .where("r.org_id", "=", sql<string>`(select current_org_id())`)
    .where("r.id", "=", residentId)
    .where(sql<boolean>`((select current_app_role()) in ('owner', 'admin') or r.id = any ((select current_plan_resident_ids())::uuid[]))`)
    .executeTakeFirst();
  if (!onTeam) throw notFound("Resident");
}

/** Staff record a check-in the resident answered on paper (at admission), with its day. */
export async function recordPaperCheckin(tx: Tx, residentId: string, raw: unknown): Promise<{ id: string; takenOn: string }> {
  const input = parseInput(PaperCheckinInput, raw);
  await assertOnPlanTeam(tx, residentId);
  const row = await guardDb(
    tx
      .insertInto("checkin")
      .values({ org_id: sql<string>`(select current_org_id())`, resident_id: residentId, taken_on: input.takenOn, scores: scoresOf(input) })
      .returning(["id", sql<string>`taken_on::text`.as("takenOn")])
      .executeTakeFirstOrThrow(),
    REFUSALS,
  );
  await audit(tx, "checkin.recorded", { type: "resident", id: residentId }, { checkinId: row.id, takenOn: input.takenOn });
  return row;
}

export type SummaryMonth = { month: string; enough: boolean; residents: number | null; averages: Record<PlanDimension, number> | null };

/**
 * A house's anonymous check-in summary, the last 12 months with answers (0042's
 * house_checkin_summary, for owners, admins and the house's own staff): per month, the
 * average of each dimension over the residents who answered (each resident's mean when
 * they answered twice), and neither figures nor a count below SUMMARY_MINIMUM residents.
 * Past residents count in the months they lived there; no row names anyone.
 */
export async function houseCheckinSummary(tx: Tx, houseId: string): Promise<{ houseName: string; months: SummaryMonth[] }> {
  type Row = { house_name: string; month: string | null; residents: number | null; health: string | null; home: string | null; purpose: string | null; community: string | null };
  const { rows } = await sql<Row>`
    select h.name as house_name, s.* from house h
      left join lateral house_checkin_summary(h.id, (date_trunc('month', ${houseToday("h")}) - interval '11 months')::date) s on true
    where h.org_id = (select current_org_id()) and h.id = ${houseId}::uuid
    order by s.month desc`.execute(tx);
  if (!rows.length) throw notFound("House");
  const months = rows.flatMap((r) => {
    if (r.month === null) return [];
    const enough = r.residents !== null && r.residents >= SUMMARY_MINIMUM && r.health !== null;
    return [
      {
        month: r.month,
        enough,
        residents: enough ? r.residents : null,
        averages: enough ? { health: Number(r.health), home: Number(r.home), purpose: Number(r.purpose), community: Number(r.community) } : null,
      },
    ];
  });
  return { houseName: rows[0]!.house_name, months };
}

// ── needs screening ──────────────────────────────────────────────────────────

export type Screening = { id: string; answeredOn: string; needs: NeedCode[]; declined: NeedCode[]; answeredBy: string | null };

/** Staff record a needs screening answered with the resident (every question answered). */
export async function recordScreening(tx: Tx, residentId: string, raw: ScreeningInput): Promise<{ id: string; needs: NeedCode[] }> {
  const input = parseInput(ScreeningInput, raw) as Record<string, string> & { answeredOn: string };
  const needs = NEED_CODES.filter((c) => input[c] === "yes");
  const declined = NEED_CODES.filter((c) => input[c] === "skip");
  const row = await guardDb(
    tx
      .insertInto("needs_screening")
      .values({ org_id: sql<string>`(select current_org_id())`, resident_id: residentId, answered_on: input.answeredOn, needs, declined })
      .returning("id")
      .executeTakeFirstOrThrow(),
    REFUSALS,
  );
  await audit(tx, "screening.recorded", { type: "resident", id: residentId }, { screeningId: row.id, needs: needs.length, declined: declined.length });
  return { id: row.id, needs };
}

/** A resident's screenings, newest first (the latest 12), audited as a read. */
export async function listScreenings(tx: Tx, residentId: string): Promise<Screening[]> {
  const rows = await tx
    .selectFrom("needs_screening as n")
    .leftJoin("app_user as u", "u.id", "n.answered_by")
    .select(["n.id", sql<string>`n.answered_on::text`.as("answeredOn"), "n.needs", "n.declined", "u.name as answeredBy"])
    .where("n.org_id", "=", sql<string>`(select current_org_id())`)
    .where("n.resident_id", "=", residentId)
    .orderBy("n.answered_on", "desc")
    .orderBy("n.created_at", "desc")
    .limit(12)
    .execute();
  await audit(tx, "screening.viewed", { type: "resident", id: residentId }, { shown: rows.length });
  return rows;
}

export const statementCount = CHECKIN_STATEMENTS.length;

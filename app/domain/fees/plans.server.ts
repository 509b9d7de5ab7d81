import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, parseInput } from "#app/domain/errors.server";
import type { CalendarDate } from "#app/lib/dates";
import { stayForEntry } from "./ledger.server";
import { EndPlanInput, generateInstalments, planProgress, PlanInput, type Instalment, type PlanProgress } from "./plans";

/**
 * Payment plans (ADR 033): agreeing one (the instalments generated exactly in cents),
 * ending one (once, with a reason), and reading a resident's plan with its progress,
 * computed from the ledger: payments and credits since the plan started (less refunds and
 * corrections of them), applied to the instalments in due order.
 */

/** Paid towards a plan: payments and credits on or after `since`, less their refunds and reversals. */
export const PAID_SINCE = (residentId: unknown, since: unknown) => sql<number>`coalesce((
  select -sum(e.amount_cents) from ledger_entry e
  where e.org_id = current_org_id() and e.resident_id = ${residentId}::uuid and e.effective_on >= ${since}::date
    and (e.kind in ('payment', 'credit', 'refund')
      or (e.kind = 'reversal' and exists (select 1 from ledger_entry o where o.org_id = e.org_id and o.id = e.reverses_id and o.kind in ('payment', 'credit'))))
), 0)::bigint`;

export async function createPlan(tx: Tx, raw: PlanInput, opts: { houseId?: string | null } = {}) {
  const input = parseInput(PlanInput, raw);
  const stay = await stayForEntry(tx, input.residentId, opts.houseId);
  if (input.firstDue < stay.today) throw new DomainError("invalid", "The first instalment can't be due before today.", { field: "firstDue" });
  const instalments = generateInstalments({ amountCents: input.amount, count: input.count, eachCents: input.instalment, every: input.every, firstDue: input.firstDue });
  const plan = await guardDb(
    tx
      .insertInto("payment_plan")
      .values({ org_id: sql<string>`current_org_id()`, resident_id: input.residentId, house_id: stay.houseId, stay_id: stay.stayId, amount_cents: input.amount, starts_on: stay.today, note: input.note ?? null })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await guardDb(
    tx
      .insertInto("payment_plan_instalment")
      .values(instalments.map((i) => ({ org_id: sql<string>`current_org_id()`, plan_id: plan.id, seq: i.seq, due_on: i.dueOn, amount_cents: i.amountCents })))
      .execute(),
  );
  await audit(tx, "payment_plan.agreed", { type: "payment_plan", id: plan.id }, { residentId: input.residentId, amountCents: input.amount, instalments: instalments.length });
  return { id: plan.id, instalments };
}

export async function endPlan(tx: Tx, raw: EndPlanInput) {
  const input = parseInput(EndPlanInput, raw);
  const row = await guardDb(
    tx.updateTable("payment_plan").set({ end_reason: input.reason }).where("id", "=", input.planId).where("ended_at", "is", null).returning(["id", "resident_id"]).executeTakeFirst(),
  );
  if (!row) throw new DomainError("not_found", "That plan was not found, or has already ended.");
  await audit(tx, "payment_plan.ended", { type: "payment_plan", id: row.id }, { residentId: row.resident_id });
  return { id: row.id };
}

export type PlanView = {
  id: string;
  amountCents: number;
  startsOn: CalendarDate;
  note: string | null;
  progress: PlanProgress;
};

/**
 * A resident's open plan with its progress as of `today` (a date, or the house's today for
 * `{ houseId }`), in one statement whatever the number of instalments; and that today.
 */
export async function residentPlan(
  tx: Tx,
  residentId: string,
  at: CalendarDate | { houseId: string },
  opts: { online?: boolean } = {},
): Promise<{ today: CalendarDate; plan: PlanView | null; onlineAccount: string | null }> {
  const todayExpr = typeof at === "string" ? sql`${at}::date` : sql`house_local_today(${at.houseId}::uuid)`;
  // With online payment configured, the org's account that can take charges (ADR 032) is
  // read in the same statement, so "my dues" stays within its budget.
  const online = opts.online ? sql`org_online_payment_account()` : sql`null::text`;
  const { rows } = await sql<{ today: string; id: string | null; amountCents: number; startsOn: string; note: string | null; paidCents: number; instalments: Instalment[]; onlineAccount: string | null }>`
    select t.today::text as today, ${online} as "onlineAccount", p.id, p.amount_cents as "amountCents", p.starts_on::text as "startsOn", p.note,
      case when p.id is null then 0 else ${PAID_SINCE(residentId, sql`p.starts_on`)} end as "paidCents",
      coalesce((select json_agg(json_build_object('seq', i.seq, 'dueOn', i.due_on, 'amountCents', i.amount_cents) order by i.seq)
        from payment_plan_instalment i where i.org_id = p.org_id and i.plan_id = p.id), '[]') as instalments
    from (select ${todayExpr} as today) t
    left join payment_plan p on p.org_id = current_org_id() and p.resident_id = ${residentId}::uuid and p.ended_at is null`.execute(tx);
  const r = rows[0]!;
  if (!r.id) return { today: r.today, plan: null, onlineAccount: r.onlineAccount };
  return {
    today: r.today,
    onlineAccount: r.onlineAccount,
    plan: { id: r.id, amountCents: Number(r.amountCents), startsOn: r.startsOn, note: r.note, progress: planProgress(r.instalments.map((i) => ({ ...i, amountCents: Number(i.amountCents) })), Number(r.paidCents), r.today) },
  };
}

import { sql } from "kysely";
import { getDb } from "#app/db/db.server";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { recordScreening } from "#app/domain/plans/checkins.server";
import { addComment, addGoal, addStep, proposeStep, setGoalStatus, setStepDone } from "#app/domain/plans/plan.server";
import type { NeedCode, PlanDimension } from "#app/db/schema";
import { houseToday } from "#app/domain/dates.server";
import { NEED_CODES } from "#app/domain/plans/labels";
import { addDays, todayIn } from "#app/lib/dates";

/**
 * Demo recovery plans and check-ins (ADR 041). In Riverside's Harbor and Summit houses, Sam
 * and five residents who have lived there three months or more get a plan with a goal on
 * each of the four dimensions (a step on each, some done), written by Luis, their house
 * manager; Sam also proposes a goal and a step and comments in his own session; two of his
 * referrals are linked to his goals. Check-ins: one a month
 * for the last three months and one this week, gently rising, so the trend chart has a shape
 * and each house's anonymous summary has at least three residents a month. Past check-ins
 * are written through the seed's own login (a resident's own check-in is always today's);
 * they are the residents' own answers, so no one is named as having entered them.
 */
type SeedInput = { orgs: { riverside: { id: string } }; users: Record<string, { id: string }> };

const GOALS: { dimension: PlanDimension; title: string; step: string }[] = [
  { dimension: "health", title: "See a primary-care doctor and keep up with the appointments", step: "Book a first appointment at the community health centre" },
  { dimension: "home", title: "Save a deposit for a place of my own", step: "Put aside $40 from each pay cheque" },
  { dimension: "purpose", title: "Finish a forklift certification course", step: "Call the training centre about the next start date" },
  { dimension: "community", title: "Find a home group and a sponsor", step: "Try three different meetings this month" },
];

export async function seedPlansDemo({ orgs, users }: SeedInput) {
  const orgId = orgs.riverside.id;
  const luis: TenantContext = { orgId, userId: users["luis.manager@demo.hearth.test"]!.id, role: "house_manager" };
  const sam: TenantContext = { orgId, userId: users["sam.resident@demo.hearth.test"]!.id, role: "resident" };
  const db = await getDb();
  // Sam, and the five longest-staying current residents of Luis's houses with 90+ days there.
  const samId = (await db.selectFrom("resident").select("id").where("org_id", "=", orgId).where("user_id", "=", sam.userId).executeTakeFirstOrThrow()).id;
  const { rows } = await sql<{ resident_id: string }>`
    select s.resident_id
    from stay s join house h on h.org_id = s.org_id and h.id = s.house_id
    where s.org_id = ${orgId} and h.name in ('Harbor House', 'Summit House')
      and s.during @> ${houseToday("h")} and lower(s.during) <= ${houseToday("h")} - 90 and s.resident_id <> ${samId}
    order by h.name, lower(s.during) limit 6`.execute(db);
  const zone = (await db.selectFrom("house").select("time_zone").where("org_id", "=", orgId).where("name", "=", "Harbor House").executeTakeFirstOrThrow()).time_zone;
  const today = todayIn(zone);
  const people = [samId, ...rows.map((r) => r.resident_id)];

  for (const [n, residentId] of people.entries()) {
    await withTenant(luis, async (tx) => {
      for (const [i, g] of GOALS.entries()) {
        const goal = await addGoal(tx, { residentId }, { dimension: g.dimension, title: g.title, targetOn: addDays(today, 30 + 30 * i) });
        const step = await addStep(tx, residentId, { goalId: goal.id, body: g.step, targetOn: null });
        if ((i + n) % 3 === 0) await setStepDone(tx, { residentId }, { stepId: step.id, done: "yes" });
        if (i === 3 && n % 2 === 1) await setGoalStatus(tx, residentId, { goalId: goal.id, status: "achieved" });
      }
      const answers = Object.fromEntries(NEED_CODES.map((c) => [c, "no"])) as Record<NeedCode, "yes" | "no" | "skip">;
      await recordScreening(tx, residentId, { ...answers, job_training: "yes", doctor: n % 2 ? "yes" : "no", transport: n % 3 ? "no" : "yes", answeredOn: addDays(today, -2) });
    });
  }
  // Sam's referrals to job training and the health centre (seeded before the plans) are for
  // his purpose and health goals, so the plan pages show them under those goals (ADR 052).
  for (const [dimension, service] of [["purpose", "Northside Job Training Center"], ["health", "Eastside Community Health Center"]] as const) {
    await sql`update referral f set goal_id = (select g.id from plan_goal g where g.org_id = f.org_id and g.resident_id = f.resident_id and g.dimension = ${dimension} order by g.created_at limit 1)
      from service s where s.org_id = f.org_id and s.id = f.service_id and f.org_id = ${orgId} and f.resident_id = ${samId} and s.name = ${service}`.execute(db);
  }
  // Sam writes to his own plan: a goal and a step he proposes, and a comment.
  await withTenant(sam, async (tx) => {
    const home = await tx.selectFrom("plan_goal").select("id").where("resident_id", "=", samId).where("dimension", "=", "home").where("status", "=", "active").executeTakeFirstOrThrow();
    await proposeStep(tx, { goalId: home.id, body: "Ask my boss about extra Saturday shifts", targetOn: null });
    await addGoal(tx, { self: true }, { dimension: "community", title: "Reconnect with my sister", targetOn: null });
    await addComment(tx, { self: true }, { goalId: null, body: "Evenings are hard with my shifts; mornings work best for meetings." });
  });

  // Check-ins: ~84, 56 and 28 days ago and 3 days ago (inside each stay), scores rising a little.
  const days = [84, 56, 28, 3];
  const values: { org_id: string; resident_id: string; taken_on: string; scores: number[] }[] = [];
  for (const [n, residentId] of people.entries()) {
    for (const [k, ago] of days.entries()) {
      if (residentId === samId && ago > 40) continue; // Sam moved in 45 days ago
      const base = 2 + ((n + k) % 2) + Math.min(k, 2);
      const scores = Array.from({ length: 10 }, (_, i) => Math.max(1, Math.min(6, base + ((i + n) % 3) - 1)));
      values.push({ org_id: orgId, resident_id: residentId, taken_on: addDays(today, -ago), scores });
    }
  }
  await db.insertInto("checkin").values(values).execute();
}

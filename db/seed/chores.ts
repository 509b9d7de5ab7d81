import { sql } from "kysely";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { generateRotation } from "#app/domain/chores/assignments.server";
import { createChore, setHouseOffice } from "#app/domain/chores/chores.server";
import { getMyChoreHouse, listHousemates, presentOn, requestChoreSwap } from "#app/domain/chores/portal.server";
import type { ChoreInput } from "#app/domain/chores/schemas";
import { addDays, todayIn } from "#app/lib/dates";

/**
 * Demo chores (shared/domain.md, "House life"): every house gets its chores (kitchen,
 * bathrooms, common room, trash and recycling, yard, laundry room) and four weeks of
 * rotation history before this week's: most chores verified, some done and waiting, some
 * missed, one sent back yesterday to redo, one of today's already done in every house; Sam (Harbor) and Ray (Maple Street) have a
 * chore today; Ray is Maple Street's coordinator; Sam has asked a housemate to take one
 * of his chores. Through the domain API as each org's owner (and Sam), under RLS;
 * deterministic for a given today (statuses follow the day and the chore, not chance).
 */

type Org = { id: string };
type SeedInput = { orgs: { riverside: Org; maple: Org }; users: Record<string, { id: string }>; today?: string };

const CHORES: Omit<ChoreInput, "houseId" | "startsOn">[] = [
  { name: "Kitchen counters and stove", area: "Kitchen", instructions: "Clear, wipe and dry the counters; wipe the stove top.", effort: 2, frequency: "daily" },
  { name: "Dishes after dinner", area: "Kitchen", instructions: "Wash, dry and put away; run the dishwasher if full.", effort: 1, frequency: "daily" },
  { name: "Kitchen floor", area: "Kitchen", instructions: "Sweep and mop.", effort: 2, frequency: "weekly", weekdays: ["MO", "TH"] },
  { name: "Bathrooms", area: "Bathrooms", instructions: "Toilets, sinks, showers and mirrors; restock paper.", effort: 3, frequency: "weekly", weekdays: ["TU", "FR"] },
  { name: "Common room", area: "Living room", instructions: "Tidy, dust and vacuum.", effort: 2, frequency: "weekly", weekdays: ["WE", "SA"] },
  { name: "Trash and recycling", area: "Outside", instructions: "Empty every bin; bins to the curb the night before collection.", effort: 1, frequency: "weekly", weekdays: ["MO", "TH"] },
  { name: "Yard and front steps", area: "Outside", instructions: "Sweep the steps, pick up litter, water the planters.", effort: 4, frequency: "custom", rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA" },
  { name: "Laundry room", area: "Laundry", instructions: "Clean the lint traps, wipe the machines, sweep.", effort: 2, frequency: "weekly", weekdays: ["SU"] },
  { name: "Fridge clean-out", area: "Kitchen", instructions: "Throw out anything expired; wipe the shelves.", effort: 3, frequency: "custom", rule: "FREQ=MONTHLY;BYDAY=1SU" },
];

const HISTORY_DAYS = 28;

async function seedOrg(ctx: TenantContext, today: string, holder: { userId: string; coordinator: boolean }) {
  const { residentId, houseIds } = await withTenant(ctx, async (tx) => {
    const houses = await tx.selectFrom("house").select("id").where("status", "=", "active").orderBy("name").execute();
    for (const h of houses) {
      for (const c of CHORES) await createChore(tx, { ...c, houseId: h.id, startsOn: addDays(today, -HISTORY_DAYS - 7) });
      await generateRotation(tx, { houseId: h.id, from: addDays(today, -HISTORY_DAYS), days: HISTORY_DAYS }, { allowPast: true });
      await generateRotation(tx, { houseId: h.id, from: today, days: 7 });
    }
    // What happened to the past weeks' chores: by day and chore, so the same every time.
    await sql`
      with k as (
        select a.id, (extract(doy from a.day)::int * 7 + length(c.name) * 3) % 10 as n,
          (a.day + time '19:30') at time zone h.time_zone as done_at
        from chore_assignment a
        join chore c on c.org_id = a.org_id and c.id = a.chore_id
        join house h on h.org_id = a.org_id and h.id = a.house_id
        where a.day < ${today}::date
          -- yesterday, in every house, one chore nobody did (the manager's today shows it missed),
          -- whatever the day of the year
          and a.id not in (select distinct on (x.house_id) x.id from chore_assignment x
            join chore xc on xc.org_id = x.org_id and xc.id = x.chore_id
            where x.day = ${addDays(today, -1)}::date order by x.house_id, xc.name desc, x.id))
      update chore_assignment a set
        status = case when k.n < 7 then 'verified' else 'done' end,
        done_at = k.done_at,
        done_note = case when k.n = 3 then 'Ran out of spray; added it to the shopping list.' end
      from k where k.id = a.id and k.n < 8`.execute(tx);
    // Yesterday: one chore sent back to redo (it can still be redone today). Whatever the day
    // of the year: a done one if there is one, else verified, else one not done (the first by
    // name, so never the house's missed one above, the last by name), given a done time.
    await sql`
      update chore_assignment a set status = 'sent_back', sent_back_reason = 'The stove top still needs a wipe.',
        done_at = coalesce(a.done_at, (a.day + time '19:30') at time zone h.time_zone)
      from house h
      where h.org_id = a.org_id and h.id = a.house_id
        and a.id = (select x.id from chore_assignment x join chore c on c.org_id = x.org_id and c.id = x.chore_id
                    where x.day = ${addDays(today, -1)}::date
                    order by array_position(array['done', 'verified', 'assigned'], x.status), c.name, x.house_id limit 1)`.execute(tx);
    // Today, in every house: one chore already done and waiting to be checked (the manager's today shows it).
    await sql`
      update chore_assignment a set status = 'done', done_at = now()
      from (select distinct on (x.house_id) x.id from chore_assignment x join chore c on c.org_id = x.org_id and c.id = x.chore_id
            join resident r on r.org_id = x.org_id and r.id = x.resident_id
            where x.day = ${today}::date and x.status = 'assigned' and r.user_id is distinct from ${holder.userId}::uuid
            order by x.house_id, c.name, x.id) d
      where a.id = d.id`.execute(tx);
    // The demo resident has a chore today, still to do.
    const resident = await tx.selectFrom("resident").select("id").where("user_id", "=", holder.userId).executeTakeFirstOrThrow();
    const home = await tx
      .selectFrom("stay")
      .select("house_id")
      .where("resident_id", "=", resident.id)
      .where(sql<boolean>`during @> ${today}::date`)
      .executeTakeFirstOrThrow();
    await sql`
      update chore_assignment set resident_id = ${resident.id}::uuid
      where id = (select a.id from chore_assignment a join chore c on c.org_id = a.org_id and c.id = a.chore_id
                  where a.house_id = ${home.house_id}::uuid and a.day = ${today}::date and a.status = 'assigned'
                  order by c.effort desc, c.name limit 1)
        and not exists (select 1 from chore_assignment m where m.resident_id = ${resident.id}::uuid and m.day = ${today}::date and m.status = 'assigned')`.execute(tx);
    if (holder.coordinator) await setHouseOffice(tx, { houseId: home.house_id, office: "coordinator", residentId: resident.id });
    return { residentId: resident.id, houseIds: houses.map((h) => h.id) };
  });
  return { residentId, houseIds };
}

export async function seedChoresDemo({ orgs, users, today }: SeedInput) {
  const user = (email: string) => {
    const u = users[email];
    if (!u) throw new Error(`demo seed: missing user ${email}`);
    return u.id;
  };
  const riversideToday = today ?? todayIn("America/New_York");
  const sam = user("sam.resident@demo.hearth.test");
  await seedOrg({ orgId: orgs.riverside.id, userId: user("dana.owner@demo.hearth.test"), role: "owner" }, riversideToday, { userId: sam, coordinator: false });
  await seedOrg({ orgId: orgs.maple.id, userId: user("pat.owner@demo.hearth.test"), role: "owner" }, today ?? todayIn("America/Chicago"), {
    userId: user("ray.resident@demo.hearth.test"),
    coordinator: true,
  });
  // Sam asks a housemate to take one of his chores later this week.
  await withTenant({ orgId: orgs.riverside.id, userId: sam, role: "resident" }, async (tx) => {
    const house = await getMyChoreHouse(tx);
    if (!house) return;
    const later = await tx
      .selectFrom("chore_assignment")
      .select(["id", sql<string>`day::text`.as("day")])
      .where("resident_id", "=", house.residentId)
      .where("day", ">", house.today)
      .where("status", "=", "assigned")
      .orderBy("day")
      .orderBy("id")
      .executeTakeFirst();
    if (!later) return;
    const mate = (await listHousemates(tx, house.houseId, later.day, later.day)).find(
      (m) => m.residentId !== house.residentId && presentOn(m, later.day),
    );
    if (mate) await requestChoreSwap(tx, { assignmentId: later.id, toResidentId: mate.residentId });
  });
}

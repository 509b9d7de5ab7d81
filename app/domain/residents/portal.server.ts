import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { stayStatus } from "#app/domain/admissions/stay-status.server";
import { STAY_PLACE_JOIN } from "#app/domain/admissions/stay-place.server";
import { houseToday } from "#app/domain/dates.server";
import { versionsInForce } from "#app/domain/documents/documents.server";
import { toMyStay, type MyStay, type MyStayRow } from "./residents.server";

/**
 * The resident portal's extra reads (the resident's own record and stays are
 * `getMyResident` / `listMyStays` in residents.server.ts).
 */

export type MyHouseManager = { stayId: string; name: string; email: string; phone: string | null };

/**
 * The house managers of the houses the signed-in resident lives in or is about to move
 * into, per stay (match them with `listMyStays` by `stayId`): name, email and work phone. One statement.
 *
 * Row-level security allows exactly this to a resident (db/migrations/0004): the
 * membership_house rows of their current and planned houses and the house-manager
 * memberships among them — no other team member, house or org; past houses' managers
 * are not visible. Only the signed-in user's own resident record is joined, so for a
 * member who is not a linked resident the list is empty.
 */
export async function listMyHouseManagers(tx: Tx): Promise<MyHouseManager[]> {
  return tx
    .selectFrom("resident as r")
    .innerJoin("stay as s", (j) => j.onRef("s.org_id", "=", "r.org_id").onRef("s.resident_id", "=", "r.id"))
    .innerJoin("membership_house as mh", (j) => j.onRef("mh.org_id", "=", "s.org_id").onRef("mh.house_id", "=", "s.house_id"))
    .innerJoin("membership as m", (j) => j.onRef("m.org_id", "=", "mh.org_id").onRef("m.id", "=", "mh.membership_id"))
    .innerJoin("app_user as u", "u.id", "m.user_id")
    .select(["s.id as stayId", "u.name", "u.email", "u.phone"])
    .where("r.user_id", "=", sql<string>`current_app_user_id()`)
    .where("m.role", "=", "house_manager")
    .where("u.disabled_at", "is", null)
    .orderBy("u.name")
    .orderBy("m.id")
    .execute();
}

export type MyHomePlace = MyStay & { managers: { name: string; email: string; phone: string | null }[] };

/**
 * The portal home's reads after the week, in one statement (issue 15: three before): the
 * signed-in resident's stays, newest first, with their place (as `listMyStays`) and each
 * stay's house managers (as `listMyHouseManagers`, under the same row-level security), and how
 * many house documents in force in the houses they live in today they have and have not yet
 * signed (as `listMyDocuments` counts them).
 */
export async function myHomePlaces(tx: Tx): Promise<{ stays: MyHomePlace[]; documents: { total: number; waiting: number } }> {
  const { rows } = await sql<
    { doc_total: number; doc_waiting: number; managers: MyHomePlace["managers"] } & (MyStayRow | { [K in keyof MyStayRow]: null })
  >`
    with me as (
      select r.org_id, r.id from resident r where r.org_id = current_org_id() and r.user_id = current_app_user_id()
    ),
    docs as (
      select count(*)::int as total, (count(*) filter (where g.signed_at is null))::int as waiting
      from me r
      join stay s on s.org_id = r.org_id and s.resident_id = r.id
      join house h on h.org_id = s.org_id and h.id = s.house_id
      ${versionsInForce("join")}
      left join document_signature g on g.org_id = r.org_id and g.resident_id = r.id and g.document_version_id = v.id
      where s.during @> ${houseToday()}
    )
    select d.total as doc_total, d.waiting as doc_waiting, x.*
    from docs d
    left join lateral (
      select s.id, h.name as house_name, h.address_line1, h.address_line2, h.city, h.region, h.postal_code, h.phone, h.narr_level,
        rm.name as room_name, b.label, lower(s.during)::text as move_in, upper(s.during)::text as move_out, ${stayStatus("s")} as status,
        lower(s.during) as starts,
        coalesce((
          select json_agg(json_build_object('name', u.name, 'email', u.email, 'phone', u.phone) order by u.name, m.id)
          from membership_house mh
          join membership m on m.org_id = mh.org_id and m.id = mh.membership_id
          join app_user u on u.id = m.user_id
          where mh.org_id = s.org_id and mh.house_id = s.house_id and m.role = 'house_manager' and u.disabled_at is null
        ), '[]'::json) as managers
      from me r
      join stay s on s.org_id = r.org_id and s.resident_id = r.id
      ${STAY_PLACE_JOIN}
    ) x on true
    order by x.starts desc`.execute(tx);
  return {
    documents: { total: rows[0]?.doc_total ?? 0, waiting: rows[0]?.doc_waiting ?? 0 },
    stays: rows.flatMap((r) =>
      r.id
        ? [{ ...toMyStay(r), managers: r.managers }]
        : [],
    ),
  };
}

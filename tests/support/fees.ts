import { sql, type Kysely } from "kysely";
import type { DB } from "#app/db/schema";
import { agreementText, termOf, type AgreementSchedule } from "#app/domain/fees/agreement";
import { agreementHash } from "#app/domain/fees/agreement.server";

/**
 * Tests of the charge job that are not about agreements (ADR 031): every resident of the org
 * with a stay acknowledges every schedule of the org as it is now, written as the database
 * superuser (a stand-in for each resident signing in their own session; only a resident may,
 * under RLS). Call it after creating schedules and stays, before posting.
 */
export async function agreeToAllFees(db: Kysely<DB>, orgId: string) {
  const schedules: AgreementSchedule[] = await db
    .selectFrom("fee_schedule")
    .select(["id", "name", "house_id as houseId", "bed_id as bedId", "cadence", "weekday", "month_day as monthDay", "amount_cents as amountCents", "is_deposit as isDeposit", sql<string>`effective_from::text`.as("effectiveFrom"), sql<string | null>`effective_to::text`.as("effectiveTo")])
    .where("org_id", "=", orgId)
    .execute();
  const text = agreementText("USD", schedules.map(termOf));
  const hash = agreementHash(text);
  await sql`insert into fee_agreement_ack (org_id, resident_id, house_id, stay_id, terms, content_hash, typed_name)
    select distinct on (s.resident_id) s.org_id, s.resident_id, s.house_id, s.id, ${text}, ${hash}, 'Signed in a test'
    from stay s where s.org_id = ${orgId}
      and not exists (select 1 from fee_agreement_ack a where a.org_id = s.org_id and a.resident_id = s.resident_id and a.content_hash = ${hash})
    order by s.resident_id, lower(s.during) desc`.execute(db);
}

import { sql } from "kysely";
import type { DocumentKind } from "#app/db/schema";
import { getDb } from "#app/db/db.server";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { publishDraft, saveDraft } from "#app/domain/documents/documents.server";

/**
 * Demo house documents (shared/domain.md): both operators publish the four org defaults,
 * and every current resident has signed them; Riverside's Willow House has just published
 * its own house rules, which two of its residents have not signed yet.
 *
 * Documents go through the domain API as each org's owner, under RLS. The signatures are
 * the residents' own act (only a resident may sign, RLS 0015), so the seed writes them in
 * bulk as the owner role, as the scale seed does, through the guard trigger that checks
 * each one is the version in force with its own hash.
 */
type Org = { id: string };
type SeedInput = { orgs: { riverside: Org; maple: Org }; users: Record<string, { id: string }> };

export const DEMO_DOCUMENTS: Record<DocumentKind, string> = {
  house_rules: `# House rules

We share this home to support each other's recovery. These agreements keep it safe and calm for everyone.

## Living together
- Quiet hours are 10 pm to 7 am on weeknights and 11 pm to 8 am on weekends.
- Guests are welcome in common areas from 10 am to 9 pm. Tell the house manager a day ahead.
- Do your weekly chores on the chore board, or swap them with a housemate.
- Keep shared spaces tidy: wash your dishes the same day.

## Staying well
- No alcohol or non-prescribed drugs in the house or on the grounds.
- Keep your prescribed medication in your locked box.
- Come to the weekly house meeting, or let the house manager know beforehand.

## When something goes wrong
We talk first. A concern is met with a conversation and an agreement about what happens next.
`,
  resident_rights: `# Resident rights and responsibilities

## Your rights
- To be treated with dignity and respect, whatever your background or pathway to recovery.
- To privacy: your records are shared only with your written consent or when the law requires it.
- To know the house rules, fees and how decisions are made before you agree to them.
- To raise a concern without fear of retaliation.

## Your responsibilities
- To respect your housemates, their privacy and their property.
- To pay your share on time, or talk to the house manager early if you can't.
- To take part in house life: chores, meetings and looking out for each other.
`,
  grievance_procedure: `# Grievance procedure

1. **Talk to the person involved**, if you feel safe doing so.
2. **Talk to your house manager.** They will listen, write down what you tell them and answer within 3 days.
3. **Write to the organisation.** If you are not satisfied, write to the operations lead. You will get a written answer within 7 days.
4. **Outside help.** You may contact the state recovery-residence association at any time.

Raising a grievance never affects your place in the house.
`,
  good_neighbour: `# Good-neighbour policy

- Park only in the house's spaces or on the street, never across a neighbour's driveway.
- Keep voices and music low outside, especially after 9 pm.
- Smoke only in the back yard's smoking area, and use the ashtray.
- Put trash and recycling out on collection day only.
- If a neighbour raises a concern, tell the house manager; they will follow up the same week.
`,
};

const KINDS = Object.keys(DEMO_DOCUMENTS) as DocumentKind[];

function ownerCtx(org: Org, users: SeedInput["users"], email: string): TenantContext {
  const owner = users[email];
  if (!owner) throw new Error(`demo seed: missing user ${email}`);
  return { orgId: org.id, userId: owner.id, role: "owner" };
}

/** Publish one document (draft, then publish) as `ctx`; `houseId` null for the org default. */
async function publish(ctx: TenantContext, houseId: string | null, kind: DocumentKind, body: string) {
  return withTenant(ctx, async (tx) => {
    const { id } = await saveDraft(tx, houseId, { kind, body });
    return publishDraft(tx, houseId, { draftId: id });
  });
}

/**
 * Every resident with a current stay signs every version in force in their house, except
 * `skip` residents of `skipHouseId` (the first by name). One statement, as the owner role.
 */
export async function signAllCurrent(ctx: TenantContext, opts: { skipHouseId?: string; skip?: number } = {}) {
  const db = await getDb();
  await db.transaction().execute(async (tx) => {
    await sql`select set_config('role', 'hearth_owner', true), set_config('app.org_id', ${ctx.orgId}, true),
      set_config('app.user_id', ${ctx.userId}, true), set_config('app.role', 'owner', true)`.execute(tx);
    await sql`
      insert into document_signature (org_id, document_version_id, resident_id, typed_name, content_hash, ip, signed_by, signed_at)
      select r.org_id, v.id, r.id, r.legal_name, v.content_hash, null, null, now() - interval '1 minute'
      from stay s
      join house h on h.org_id = s.org_id and h.id = s.house_id
      join resident r on r.org_id = s.org_id and r.id = s.resident_id
      cross join unnest(${sql.val(KINDS)}::text[]) as k(kind)
      join lateral (
        select d.id, d.content_hash from document_version d
        where d.org_id = h.org_id and d.kind = k.kind and d.status = 'published' and (d.house_id = h.id or d.house_id is null)
        order by d.house_id is null, d.version desc limit 1
      ) v on true
      where s.org_id = current_org_id() and s.during @> (now() at time zone h.time_zone)::date
        and not exists (select 1 from document_signature g where g.org_id = r.org_id and g.resident_id = r.id and g.document_version_id = v.id)
        and r.id not in (
          select s2.resident_id from stay s2 join resident r2 on r2.org_id = s2.org_id and r2.id = s2.resident_id
          join house h2 on h2.org_id = s2.org_id and h2.id = s2.house_id
          where s2.org_id = current_org_id() and s2.house_id = ${opts.skipHouseId ?? null}::uuid
            and s2.during @> (now() at time zone h2.time_zone)::date
          order by lower(r2.legal_name), r2.id limit ${opts.skip ?? 0})`.execute(tx);
  });
}

export async function seedDocumentsDemo({ orgs, users }: SeedInput) {
  const riverside = ownerCtx(orgs.riverside, users, "dana.owner@demo.hearth.test");
  const maple = ownerCtx(orgs.maple, users, "pat.owner@demo.hearth.test");
  for (const ctx of [riverside, maple]) {
    for (const kind of KINDS) await publish(ctx, null, kind, DEMO_DOCUMENTS[kind]);
    await signAllCurrent(ctx);
  }
  // Willow House's own, stricter guest hours: a new version to sign for its residents.
  const willow = await withTenant(riverside, (tx) => tx.selectFrom("house").select("id").where("name", "=", "Willow House").executeTakeFirstOrThrow());
  await publish(
    riverside,
    willow.id,
    "house_rules",
    DEMO_DOCUMENTS.house_rules.replace("from 10 am to 9 pm", "from 10 am to 8 pm").replace("# House rules", "# Willow House rules"),
  );
  await signAllCurrent(riverside, { skipHouseId: willow.id, skip: 2 });
}

import type { DocumentKind } from "#app/db/schema";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { publishDraft, saveDraft } from "#app/domain/documents/documents.server";
import { listMyDocuments, signDocument } from "#app/domain/documents/signatures.server";

/**
 * Demo house documents (shared/domain.md): both operators publish the four org defaults,
 * and the residents with a portal account (Sam, Ray) have signed them; the others have
 * not yet (they would sign in the portal). Riverside's Willow House has just published its
 * own house rules, waiting for its residents.
 *
 * Everything goes through the domain API under RLS, as CONTRIBUTING asks: documents as
 * each org's owner, signatures as each resident in their own session (only a resident
 * signs, RLS 0015), with the real time of signing.
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
 * Every resident with a portal account signs, in their own session (RLS as that resident,
 * through `signDocument`, audited), each version in force in their house that they have
 * not signed yet. Residents without an account cannot e-sign (ADR 023), so they have not.
 */
export async function signAsResidents(ownerCtx: TenantContext) {
  const residents = await withTenant(ownerCtx, (tx) =>
    tx.selectFrom("resident").select(["user_id as userId", "legal_name as legalName"]).where("user_id", "is not", null).orderBy("legal_name").execute(),
  );
  for (const r of residents) {
    const me: TenantContext = { orgId: ownerCtx.orgId, userId: r.userId!, role: "resident" };
    await withTenant(me, async (tx) => {
      for (const doc of await listMyDocuments(tx)) {
        if (!doc.signedAt) await signDocument(tx, { versionId: doc.versionId, typedName: r.legalName });
      }
    });
  }
}

export async function seedDocumentsDemo({ orgs, users }: SeedInput) {
  const riverside = ownerCtx(orgs.riverside, users, "dana.owner@demo.hearth.test");
  const maple = ownerCtx(orgs.maple, users, "pat.owner@demo.hearth.test");
  for (const ctx of [riverside, maple]) {
    for (const kind of KINDS) await publish(ctx, null, kind, DEMO_DOCUMENTS[kind]);
    await signAsResidents(ctx);
  }
  // Willow House's own, stricter guest hours: a new version to sign for its residents.
  const willow = await withTenant(riverside, (tx) => tx.selectFrom("house").select("id").where("name", "=", "Willow House").executeTakeFirstOrThrow());
  await publish(
    riverside,
    willow.id,
    "house_rules",
    DEMO_DOCUMENTS.house_rules.replace("from 10 am to 9 pm", "from 10 am to 8 pm").replace("# House rules", "# Willow House rules"),
  );
}

import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#app/db/db.server";
import { withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { transferStay } from "#app/domain/admissions/stays.server";
import { publishDraft, saveDraft } from "#app/domain/documents/documents.server";
import { signDocument } from "#app/domain/documents/signatures.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { makeUser } from "#tests/support/factories";
import { makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";
import { useTestDatabase } from "#tests/support/db";

/**
 * House documents' wall inside an org (migration 0015), run in SQL with the app's own
 * settings: role × table × verb. Each cell runs in its own transaction, rolled back, so
 * every cell starts from the same world. A cell is the number of rows seen or changed, or
 * "denied" (an RLS, privilege or trigger refusal).
 */
useTestDatabase();

type Outcome = number | "denied";
class Rollback extends Error {}

async function attempt(ctx: TenantContext, fn: (tx: Tx) => Promise<number>): Promise<Outcome> {
  let outcome: Outcome = "denied";
  try {
    await withTenant(ctx, async (tx) => {
      outcome = await fn(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (error instanceof Rollback) return outcome;
    if (/row-level security|permission denied|cannot be changed|are kept|newer one|own content hash|append-only/.test(String(error))) return "denied";
    throw error;
  }
  return outcome;
}

const ROLES = ["owner", "admin", "house_manager", "other_manager", "staff", "resident", "resident_elsewhere", "public_form"] as const;
type Who = (typeof ROLES)[number];

let fx: OrgFixture;
const ctx = {} as Record<Who, TenantContext>;
const ids = {} as {
  houseId: string;
  orgDefault: string;
  ownPublished: string;
  ownDraft: string;
  elsewhere: string;
  residentId: string;
  neighbourId: string;
  signature: string;
  neighbourSignature: string;
  formerSignature: string;
  ownHash: string;
};

beforeAll(async () => {
  const today = todayIn("America/New_York");
  fx = await makeOperator();
  const home = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 3 });
  const elsewhere = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
  ids.houseId = home.houseId;
  ctx.owner = fx.owner;
  ctx.admin = (await makeMember(fx, "admin")).ctx;
  ctx.house_manager = (await makeMember(fx, "house_manager", [home.houseId])).ctx;
  ctx.other_manager = (await makeMember(fx, "house_manager", [elsewhere.houseId])).ctx;
  ctx.staff = (await makeMember(fx, "staff", [home.houseId])).ctx;
  ctx.public_form = { orgId: fx.orgId, userId: null, role: null };
  const linked = async (bedId: string, name: string) => {
    const { residentId, stayId } = await makeStay(fx.owner, bedId, addDays(today, -5));
    const user = await makeUser({ orgId: fx.orgId, role: "resident" });
    await withTenant(fx.owner, async (tx) => {
      await tx.updateTable("resident").set({ legal_name: name }).where("id", "=", residentId).execute();
      await linkResidentAccount(tx, { residentId, userId: user.id });
    });
    return { residentId, stayId, ctx: { orgId: fx.orgId, userId: user.id, role: "resident" } as TenantContext };
  };
  const me = await linked(home.bedIds[0]!, "Ren Ito");
  const neighbour = await linked(home.bedIds[1]!, "Ana Diaz");
  const away = await linked(elsewhere.bedIds[0]!, "Lee Park");
  ctx.resident = me.ctx;
  ctx.resident_elsewhere = away.ctx;
  ids.residentId = me.residentId;
  ids.neighbourId = neighbour.residentId;
  const publish = (scope: string | null, kind: "house_rules" | "good_neighbour", body: string) =>
    withTenant(fx.owner, async (tx) => publishDraft(tx, scope, { draftId: (await saveDraft(tx, scope, { kind, body })).id }));
  ids.orgDefault = (await publish(null, "good_neighbour", "Neighbours")).id;
  const own = await publish(home.houseId, "house_rules", "Home rules");
  ids.ownPublished = own.id;
  ids.ownHash = own.contentHash;
  ids.elsewhere = (await publish(elsewhere.houseId, "house_rules", "Elsewhere rules")).id;
  ids.ownDraft = (await withTenant(fx.owner, (tx) => saveDraft(tx, home.houseId, { kind: "grievance_procedure", body: "Draft" }))).id;
  ids.signature = (await withTenant(me.ctx, (tx) => signDocument(tx, { versionId: own.id, typedName: "Ren Ito" }))).id;
  ids.neighbourSignature = (await withTenant(neighbour.ctx, (tx) => signDocument(tx, { versionId: own.id, typedName: "Ana Diaz" }))).id;
  // A former resident of the house, moved to the other house, signs that house's own rules:
  // the house's team sees their signatures of its documents (and the defaults), not this one.
  const former = await linked(home.bedIds[2]!, "Sam Cole");
  await withTenant(fx.owner, (tx) => transferStay(tx, { stayId: former.stayId, toBedId: elsewhere.bedIds[1]!, date: addDays(today, -2) }));
  ids.formerSignature = (await withTenant(former.ctx, (tx) => signDocument(tx, { versionId: ids.elsewhere, typedName: "Sam Cole" }))).id;
});

const seen = (table: "document_version" | "document_signature", id: string) => (tx: Tx) =>
  sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where id = ${id}`.execute(tx).then((r) => r.rows[0]!.n);
const changed = (q: Promise<{ numAffectedRows?: bigint }>) => q.then((r) => Number(r.numAffectedRows ?? 0n));

const CELLS: Record<string, (tx: Tx) => Promise<number>> = {
  "version: read org default": (tx) => seen("document_version", ids.orgDefault)(tx),
  "version: read house's published": (tx) => seen("document_version", ids.ownPublished)(tx),
  "version: read house's draft": (tx) => seen("document_version", ids.ownDraft)(tx),
  "version: read another house's": (tx) => seen("document_version", ids.elsewhere)(tx),
  "version: insert for the house": (tx) =>
    changed(sql`insert into document_version (org_id, house_id, kind, body) values (current_org_id(), ${ids.houseId}, 'resident_rights', 'x')`.execute(tx)),
  "version: insert org default": (tx) =>
    changed(sql`insert into document_version (org_id, kind, body) values (current_org_id(), 'resident_rights', 'x')`.execute(tx)),
  "version: edit the draft": (tx) => changed(sql`update document_version set body = 'y' where id = ${ids.ownDraft}`.execute(tx)),
  "version: edit a published one": (tx) => changed(sql`update document_version set body = 'y' where id = ${ids.ownPublished}`.execute(tx)),
  "version: delete the draft": (tx) => changed(sql`delete from document_version where id = ${ids.ownDraft}`.execute(tx)),
  "version: delete a published one": (tx) => changed(sql`delete from document_version where id = ${ids.ownPublished}`.execute(tx)),
  "signature: read own / the resident's": (tx) => seen("document_signature", ids.signature)(tx),
  "signature: read a neighbour's": (tx) => seen("document_signature", ids.neighbourSignature)(tx),
  "signature: read a former resident's, of another house's document": (tx) => seen("document_signature", ids.formerSignature)(tx),
  "signature: sign for the neighbour": (tx) =>
    changed(
      sql`insert into document_signature (org_id, document_version_id, resident_id, typed_name, content_hash)
        values (current_org_id(), ${ids.orgDefault}, ${ids.neighbourId}, 'Ana Diaz', (select content_hash from document_version where id = ${ids.orgDefault}))`.execute(tx),
    ),
  "signature: change one": (tx) => changed(sql`update document_signature set typed_name = 'x' where id = ${ids.signature}`.execute(tx)),
  "signature: delete one": (tx) => changed(sql`delete from document_signature where id = ${ids.signature}`.execute(tx)),
};

// "denied" = refused outright; 0 = the row is not there for this role. The resident is
// the one whose signature is `signature`; `resident_elsewhere` lives in another house.
const EXPECTED: Record<string, Record<Who, Outcome>> = {
  "version: read org default": { owner: 1, admin: 1, house_manager: 1, other_manager: 1, staff: 1, resident: 1, resident_elsewhere: 1, public_form: 0 },
  "version: read house's published": { owner: 1, admin: 1, house_manager: 1, other_manager: 0, staff: 1, resident: 1, resident_elsewhere: 0, public_form: 0 },
  "version: read house's draft": { owner: 1, admin: 1, house_manager: 1, other_manager: 0, staff: 1, resident: 0, resident_elsewhere: 0, public_form: 0 },
  "version: read another house's": { owner: 1, admin: 1, house_manager: 0, other_manager: 1, staff: 0, resident: 0, resident_elsewhere: 1, public_form: 0 },
  "version: insert for the house": { owner: 1, admin: 1, house_manager: 1, other_manager: "denied", staff: "denied", resident: "denied", resident_elsewhere: "denied", public_form: "denied" },
  "version: insert org default": { owner: 1, admin: 1, house_manager: "denied", other_manager: "denied", staff: "denied", resident: "denied", resident_elsewhere: "denied", public_form: "denied" },
  "version: edit the draft": { owner: 1, admin: 1, house_manager: 1, other_manager: 0, staff: 0, resident: 0, resident_elsewhere: 0, public_form: 0 },
  "version: edit a published one": { owner: 0, admin: 0, house_manager: 0, other_manager: 0, staff: 0, resident: 0, resident_elsewhere: 0, public_form: 0 },
  "version: delete the draft": { owner: 1, admin: 1, house_manager: 1, other_manager: 0, staff: 0, resident: 0, resident_elsewhere: 0, public_form: 0 },
  "version: delete a published one": { owner: 0, admin: 0, house_manager: 0, other_manager: 0, staff: 0, resident: 0, resident_elsewhere: 0, public_form: 0 },
  "signature: read own / the resident's": { owner: 1, admin: 1, house_manager: 1, other_manager: 0, staff: 1, resident: 1, resident_elsewhere: 0, public_form: 0 },
  "signature: read a neighbour's": { owner: 1, admin: 1, house_manager: 1, other_manager: 0, staff: 1, resident: 0, resident_elsewhere: 0, public_form: 0 },
  "signature: read a former resident's, of another house's document": { owner: 1, admin: 1, house_manager: 0, other_manager: 1, staff: 0, resident: 0, resident_elsewhere: 0, public_form: 0 },
  "signature: sign for the neighbour": { owner: "denied", admin: "denied", house_manager: "denied", other_manager: "denied", staff: "denied", resident: "denied", resident_elsewhere: "denied", public_form: "denied" },
  "signature: change one": { owner: "denied", admin: "denied", house_manager: "denied", other_manager: "denied", staff: "denied", resident: "denied", resident_elsewhere: "denied", public_form: "denied" },
  "signature: delete one": { owner: "denied", admin: "denied", house_manager: "denied", other_manager: "denied", staff: "denied", resident: "denied", resident_elsewhere: "denied", public_form: "denied" },
};

describe("house documents: role × table × verb", () => {
  it("every cell is what the policies say", async () => {
    const actual: Record<string, Record<string, Outcome>> = {};
    for (const [cell, fn] of Object.entries(CELLS)) {
      actual[cell] = {};
      for (const who of ROLES) actual[cell]![who] = await attempt(ctx[who], fn);
    }
    expect(actual).toEqual(EXPECTED);
  });

  it("the published versions and signatures are untouched by all of it", async () => {
    const rows = await withTenant(fx.owner, (tx) =>
      tx.selectFrom("document_version").select(["id", "body", "status"]).where("id", "in", [ids.ownPublished, ids.orgDefault]).orderBy("body").execute(),
    );
    expect(rows.map((r) => [r.body, r.status])).toEqual([
      ["Home rules", "published"],
      ["Neighbours", "published"],
    ]);
    expect(await withTenant(fx.owner, (tx) => seen("document_signature", ids.signature)(tx))).toBe(1);
  });

  it("only the resident signs: no policy lets the owner role (or anyone else) insert signatures", async () => {
    const rows = await sql<{ name: string; cmd: string; roles: string[] }>`
      select policyname as name, cmd, roles::text[] as roles from pg_policies where tablename = 'document_signature' order by policyname`.execute(await getDb());
    expect(rows.rows).toEqual([
      { name: "document_signature_insert", cmd: "INSERT", roles: ["public"] },
      { name: "document_signature_select", cmd: "SELECT", roles: ["public"] },
    ]);
  });
});

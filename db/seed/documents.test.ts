import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { listCurrentDocuments } from "#app/domain/documents/documents.server";
import { listHouseSignatureStatus, listMyDocuments } from "#app/domain/documents/signatures.server";
import { useTestDatabase } from "#tests/support/db";
import { seedDemo } from "./demo";

/** The demo documents: org defaults signed by the residents with a portal account, in their own session; Willow House's new rules waiting. */
useTestDatabase();

describe("demo documents seed", () => {
  it("publishes the defaults in both orgs, has them signed by residents themselves, and leaves Willow's new rules waiting", { timeout: 120_000 }, async () => {
    const { orgs, users } = await seedDemo();
    const ctx = (org: keyof typeof orgs, email: string, role: string): TenantContext => ({ orgId: orgs[org].id, userId: users[`${email}@demo.hearth.test`]!.id, role });
    const dana = ctx("riverside", "dana.owner", "owner");
    const houses = await withTenant(dana, (tx) => tx.selectFrom("house").select(["id", "name"]).orderBy("name").execute());
    const current = await withTenant(dana, (tx) => listCurrentDocuments(tx, houses.map((h) => h.id)));
    expect(current.every((c) => c.versionId)).toBe(true);
    expect(current.filter((c) => c.own).map((c) => [c.houseName, c.kind])).toEqual([["Willow House", "house_rules"]]);
    // Signatures are the residents' own act, made in their own session through
    // signDocument (CONTRIBUTING: seeds go through domain functions under RLS): each one
    // is signed by the resident's own account, under their name on record, and audited.
    const signatures = await withTenant(dana, (tx) =>
      tx
        .selectFrom("document_signature as g")
        .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "g.org_id").onRef("r.id", "=", "g.resident_id"))
        .select(["g.id", "g.signed_by as signedBy", "r.user_id as userId", "g.typed_name as typedName", "r.legal_name as legalName"])
        .execute(),
    );
    expect(signatures.length).toBeGreaterThan(0);
    for (const g of signatures) {
      expect(g.signedBy).not.toBeNull();
      expect([g.signedBy, g.typedName]).toEqual([g.userId, g.legalName]);
    }
    const audited = await withTenant(dana, (tx) =>
      tx.selectFrom("audit_event").select("entity_id as id").where("action", "=", "document.signed").execute(),
    );
    expect(audited.map((a) => a.id).sort()).toEqual(signatures.map((g) => g.id).sort());
    // Willow's new rules wait for its residents; the manager sees who has signed what.
    const willow = houses.find((h) => h.name === "Willow House")!;
    const status = await withTenant(dana, (tx) => listHouseSignatureStatus(tx, willow.id));
    expect(status.filter((s) => s.kind === "house_rules").length).toBeGreaterThan(1);
    expect(status.filter((s) => s.kind === "house_rules" && s.signatureId)).toEqual([]);
    // Sam (Harbor) has signed everything; the maple org has its own defaults, all signed.
    const sam = await withTenant(ctx("riverside", "sam.resident", "resident"), (tx) => listMyDocuments(tx));
    expect(sam).toHaveLength(4);
    expect(sam.every((d) => d.signedAt)).toBe(true);
    const ray = await withTenant(ctx("maple", "ray.resident", "resident"), (tx) => listMyDocuments(tx));
    expect(ray.map((d) => Boolean(d.signedAt))).toEqual([true, true, true, true]);
  });
});

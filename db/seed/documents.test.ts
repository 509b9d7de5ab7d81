import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { listCurrentDocuments } from "#app/domain/documents/documents.server";
import { listHouseSignatureStatus, listMyDocuments } from "#app/domain/documents/signatures.server";
import { useTestDatabase } from "#tests/support/db";
import { seedDemo } from "./demo";

/** The demo documents: org defaults signed by everyone, and Willow House's new rules waiting for two residents. */
useTestDatabase();

describe("demo documents seed", () => {
  it("publishes the defaults in both orgs, has them signed, and leaves Willow's new rules unsigned by two", { timeout: 120_000 }, async () => {
    const { orgs, users } = await seedDemo();
    const ctx = (org: keyof typeof orgs, email: string, role: string): TenantContext => ({ orgId: orgs[org].id, userId: users[`${email}@demo.hearth.test`]!.id, role });
    const dana = ctx("riverside", "dana.owner", "owner");
    const houses = await withTenant(dana, (tx) => tx.selectFrom("house").select(["id", "name"]).orderBy("name").execute());
    const current = await withTenant(dana, (tx) => listCurrentDocuments(tx, houses.map((h) => h.id)));
    expect(current.every((c) => c.versionId)).toBe(true);
    expect(current.filter((c) => c.own).map((c) => [c.houseName, c.kind])).toEqual([["Willow House", "house_rules"]]);
    for (const h of houses) {
      const status = await withTenant(dana, (tx) => listHouseSignatureStatus(tx, h.id));
      const unsigned = status.filter((s) => !s.signatureId);
      if (h.name === "Willow House") {
        expect(unsigned.map((u) => u.kind)).toEqual(["house_rules", "house_rules"]);
        expect(unsigned.every((u) => u.earlierVersion === null)).toBe(true);
      } else expect(unsigned, h.name).toEqual([]);
      expect(status.length).toBeGreaterThan(0);
    }
    // Sam (Harbor) has signed everything; the maple org has its own defaults, all signed.
    const sam = await withTenant(ctx("riverside", "sam.resident", "resident"), (tx) => listMyDocuments(tx));
    expect(sam).toHaveLength(4);
    expect(sam.every((d) => d.signedAt)).toBe(true);
    const ray = await withTenant(ctx("maple", "ray.resident", "resident"), (tx) => listMyDocuments(tx));
    expect(ray.map((d) => Boolean(d.signedAt))).toEqual([true, true, true, true]);
  });
});

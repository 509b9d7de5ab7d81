import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { useTestDatabase } from "#tests/support/db";
import { makeOperator } from "#tests/support/houses";
import { audit } from "./audit.server";

const t = useTestDatabase();

describe("audit data", () => {
  it("redacts values under secret-looking keys, at any depth, and keeps the rest", async () => {
    const fx = await makeOperator();
    await withTenant(fx.owner, (tx) =>
      audit(tx, "test.redaction", null, {
        password: "hunter2",
        newPasswordHash: "$argon2id$abc",
        resetToken: "tok-123",
        clientSecret: "s3cr3t",
        Cookie: "hearth_session=abc",
        authorization: "Bearer xyz",
        nested: { sessionToken: "tok-456", list: [{ apiSecret: "deep" }], kept: "visible" },
        role: "staff",
        count: 3,
      }),
    );
    const row = await t.db
      .selectFrom("audit_event")
      .select("data")
      .where("org_id", "=", fx.orgId)
      .where("action", "=", "test.redaction")
      .executeTakeFirstOrThrow();
    expect(row.data).toEqual({
      password: "[redacted]",
      newPasswordHash: "[redacted]",
      resetToken: "[redacted]",
      clientSecret: "[redacted]",
      Cookie: "[redacted]",
      authorization: "[redacted]",
      nested: { sessionToken: "[redacted]", list: [{ apiSecret: "[redacted]" }], kept: "visible" },
      role: "staff",
      count: 3,
    });
    expect(JSON.stringify(row.data)).not.toMatch(/hunter2|argon2id|tok-|s3cr3t|abc|xyz|deep/);
  });
});

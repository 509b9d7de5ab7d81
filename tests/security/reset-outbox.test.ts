import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { requestPasswordReset } from "#app/auth/password-reset.server";
import { signUp } from "#app/auth/signup.server";
import { EMAIL_PURPOSES } from "#app/domain/outbox/outbox.server";
import { maskEmail } from "#app/lib/mask";
import { useTestDatabase } from "#tests/support/db";
import { makeUser, uniqueEmail } from "#tests/support/factories";

/**
 * Reset emails are queued by the database (auth_issue_password_reset, so the token never
 * passes through the app) with the same purpose and masked recipient as every other
 * message (migration 0018), known address or not.
 */
const t = useTestDatabase();
const meta = (ip: string) => ({ requestId: null, ip, userAgent: "vitest" });

describe("reset emails in the outbox", () => {
  it("carry purpose password_reset and the recipient masked as the app masks it, for a known and an unknown address", async () => {
    const user = await makeUser();
    const unknown = uniqueEmail("nobody");
    await requestPasswordReset(user.email, meta("192.0.2.60"));
    await requestPasswordReset(unknown, meta("192.0.2.61"));
    for (const to of [user.email, unknown]) {
      const row = await t.db
        .selectFrom("outbox")
        .select(["org_id", "purpose", "recipient_mask"])
        .where(sql<boolean>`payload->>'to' = ${to}`)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ org_id: null, purpose: "password_reset", recipient_mask: maskEmail(to) });
      expect(EMAIL_PURPOSES[row.purpose as keyof typeof EMAIL_PURPOSES]).toBe("Password reset");
    }
  });

  it("sign-up emails, queued by the app, carry theirs too", async () => {
    const to = uniqueEmail("newop");
    await signUp({ name: "Alex Rivera", email: to, password: "a long unusual passphrase", orgName: "Sunrise Homes", timeZone: "America/Chicago", currency: "USD" }, meta("192.0.2.62"));
    const row = await t.db.selectFrom("outbox").select(["org_id", "purpose", "recipient_mask"]).where(sql<boolean>`payload->>'to' = ${to}`).executeTakeFirstOrThrow();
    expect(row).toEqual({ org_id: null, purpose: "sign_up", recipient_mask: maskEmail(to) });
  });

  it("the database masks addresses exactly as app/lib/mask.ts does", async () => {
    const addresses = ["jordan@example.org", "a@b.co", "x@localhost", "@nope.org", "nope@", "no-at-all", "ünïcode@bücher.de", "first.last@mail.example.co.uk", "q@.hidden"];
    for (const address of addresses) {
      const { rows } = await sql<{ m: string }>`select outbox_mask_email(${address}) as m`.execute(t.db);
      expect(rows[0]!.m, address).toBe(maskEmail(address));
    }
  });
});

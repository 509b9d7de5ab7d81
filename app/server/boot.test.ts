import { describe, expect, it } from "vitest";
import { makeOrg } from "#tests/support/factories";
import { useTestDatabase } from "#tests/support/db";
import { isEmpty } from "./boot.server";

useTestDatabase();

// SEED_ON_EMPTY seeds the demo world only into an empty database. Migration 0040 creates the
// built-in standards org, which must not make a fresh database look used (the e2e server
// then started without demo accounts and every sign-in answered 400).
describe("an empty database", () => {
  it("is empty right after migrations, built-in standards org and all; not once an operator exists", async () => {
    expect(await isEmpty()).toBe(true);
    await makeOrg();
    expect(await isEmpty()).toBe(false);
  });
});

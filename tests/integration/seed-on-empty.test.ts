import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "#app/auth/demo-password";
import { request, startChildServer, type ChildServer } from "#tests/support/child-server";

/**
 * SEED_ON_EMPTY=1 (development, the e2e server) seeds the demo world on a database with no
 * customer org. The built-in standards org that migration 0040 creates is not a customer's:
 * counting it left the e2e database without demo logins, and every spec failed to sign in.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-seed-on-empty-"));
let server: ChildServer | undefined;

afterAll(async () => {
  server?.kill("SIGTERM");
  await server?.exited;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("seed on empty", () => {
  it("seeds the demo on a fresh database, so a demo login signs in", { timeout: 240_000 }, async () => {
    server = await startChildServer({ PGLITE_DIR: path.join(dir, "pgdata"), SEED_ON_EMPTY: "1" });
    const reply = await request(`${server.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: new URLSearchParams({ email: "luis.manager@demo.hearth.test", password: DEMO_PASSWORD }).toString(),
    });
    expect(reply.status, server.output()).toBe(302);
  });
});

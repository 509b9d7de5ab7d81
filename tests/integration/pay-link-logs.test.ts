import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { request, startChildServer, type ChildServer } from "#tests/support/child-server";

/**
 * A family pay link's token is its credential (ADR 032): the production server's request
 * log names the path without it, like calendar links. A real `node server.js` on its own
 * embedded database, logging at info.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-pay-logs-"));
let server: ChildServer | undefined;

afterAll(async () => {
  server?.kill("SIGTERM");
  await server?.exited;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("pay links in the request log", () => {
  it("are logged as /pay/[redacted]", { timeout: 120_000 }, async () => {
    server = await startChildServer({ PGLITE_DIR: path.join(dir, "pgdata"), LOG_LEVEL: "info" });
    const token = "zyxwvutsrqponmlkjihgfedcba765432";
    const reply = await request(`${server.url}/pay/${token}`);
    expect(reply.status).toBe(404);
    await new Promise((r) => setTimeout(r, 200));
    const lines = server.output().split("\n").filter((l) => l.includes('"msg":"request"'));
    expect(lines.some((l) => l.includes('"path":"/pay/[redacted]"'))).toBe(true);
    expect(server.output()).not.toContain(token);
  });
});

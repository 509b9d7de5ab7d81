import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { request, startChildServer, type ChildServer } from "#tests/support/child-server";

/**
 * A calendar link's and an invitation link's token is its credential (ADR 026): the
 * production server's request log names the path without it. A real `node server.js` on its own embedded database,
 * logging at info.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-calendar-logs-"));
let server: ChildServer | undefined;

afterAll(async () => {
  server?.kill("SIGTERM");
  await server?.exited;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("credential links in the request log", () => {
  it("are logged as /calendar/[redacted]", { timeout: 200_000 }, async () => {
    server = await startChildServer({ PGLITE_DIR: path.join(dir, "pgdata"), LOG_LEVEL: "info" });
    const token = "abcdefghijklmnopqrstuvwxyz234567";
    const reply = await request(`${server.url}/calendar/${token}.ics`);
    expect(reply.status).toBe(404);
    await new Promise((r) => setTimeout(r, 200));
    const lines = server.output().split("\n").filter((l) => l.includes('"msg":"request"'));
    expect(lines.some((l) => l.includes('"path":"/calendar/[redacted]"'))).toBe(true);
    expect(server.output()).not.toContain(token);
  });

  it("and invitation links as /invite/[redacted]", async () => {
    const token = "zyxwvutsrqponmlkjihgfedcba765432";
    const reply = await request(`${server!.url}/invite/${token}`);
    expect([200, 404, 410]).toContain(reply.status);
    await new Promise((r) => setTimeout(r, 200));
    const lines = server!.output().split("\n").filter((l) => l.includes('"msg":"request"'));
    expect(lines.some((l) => l.includes('"path":"/invite/[redacted]"'))).toBe(true);
    expect(server!.output()).not.toContain(token);
  });
});

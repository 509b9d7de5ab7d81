import http from "node:http";
import { describe, expect, it } from "vitest";
import { devMailboxAllowed } from "#app/server/http.server";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";

useTestDatabase();
const server = useTestServer();

/** A raw HTTP request (fetch will not send a chosen Host header or a chunked form). */
function raw(opts: {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  chunks?: Buffer[];
}): Promise<{ status: number; text: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: opts.method ?? "POST", path: opts.path, headers: opts.headers, setHost: !opts.headers?.host },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      // The server may close the socket after answering 413 while we are still writing.
      if (error.code === "EPIPE" || error.code === "ECONNRESET") return;
      reject(error);
    });
    if (opts.chunks) {
      for (const c of opts.chunks) req.write(c);
      req.end();
    } else req.end(opts.body);
  });
}

const form = "application/x-www-form-urlencoded";

describe("request body limits (before parsing)", () => {
  it("refuses a declared body over 64 KB with 413 and a clear message", async () => {
    const body = `email=${"a".repeat(70 * 1024)}%40example.test&password=x`;
    const res = await raw({ path: "/login", headers: { origin: server.url, "content-type": form, "content-length": String(body.length) }, body });
    expect(res.status).toBe(413);
    expect(res.text).toContain("too large");
    expect(res.text).toContain("64 KB");
  });

  it("refuses a chunked body once it passes 64 KB", async () => {
    const chunk = Buffer.alloc(16 * 1024, "a");
    const res = await raw({
      path: "/forgot-password",
      headers: { origin: server.url, "content-type": form, "transfer-encoding": "chunked" },
      chunks: [Buffer.from("email="), chunk, chunk, chunk, chunk, chunk],
    });
    expect(res.status).toBe(413);
  });

  it("still handles a small chunked form normally", async () => {
    const user = await makeUser();
    const res = await raw({
      path: "/forgot-password",
      headers: { origin: server.url, "content-type": form, "transfer-encoding": "chunked" },
      chunks: [Buffer.from("email="), Buffer.from(encodeURIComponent(user.email))],
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain("If an account exists");
  });
});

describe("Host header", () => {
  it("a POST to another Host carrying the configured origin answers 403, not Remix's 500", async () => {
    // APP_URL defaults to http://localhost:3000 in tests: the configured origin.
    const res = await raw({
      path: "/login",
      headers: { host: "evil.example", origin: "http://localhost:3000", "content-type": form },
      body: "email=a%40b.co&password=x",
    });
    expect(res.status).toBe(403);
  });

  it("ignores X-Forwarded-Host when no proxy is trusted (no 500 from a forged one)", async () => {
    const res = await raw({
      path: "/login",
      headers: { "x-forwarded-host": "evil.example", origin: server.url, "content-type": form },
      body: "email=a%40b.co&password=wrong",
    });
    expect(res.status).toBe(400);
  });
});

describe("development mailbox", () => {
  const base = { devMailbox: true, TRUST_PROXY: 0, appUrl: new URL("http://localhost:3000") };
  it("is never served behind a trusted proxy, even to a loopback address", () => {
    expect(devMailboxAllowed(base, { remoteAddress: "127.0.0.1", host: "localhost:3000" })).toBe(true);
    expect(devMailboxAllowed({ ...base, TRUST_PROXY: 1 }, { remoteAddress: "127.0.0.1", host: "localhost:3000" })).toBe(false);
    expect(devMailboxAllowed({ ...base, TRUST_PROXY: 1, ALLOW_DEV_MAILBOX: "1" }, { remoteAddress: "127.0.0.1", host: "localhost:3000" })).toBe(false);
  });

  it("checks Host against APP_URL (no DNS rebinding) and the peer address", () => {
    expect(devMailboxAllowed(base, { remoteAddress: "127.0.0.1", host: "attacker.example:3000" })).toBe(false);
    expect(devMailboxAllowed(base, { remoteAddress: "203.0.113.9", host: "localhost:3000" })).toBe(false);
    expect(devMailboxAllowed({ ...base, appUrl: new URL("http://hearth.lan:3000") }, { remoteAddress: "::1", host: "hearth.lan:3000" })).toBe(true);
    expect(devMailboxAllowed({ ...base, devMailbox: false }, { remoteAddress: "127.0.0.1", host: "localhost:3000" })).toBe(false);
  });

  it("answers 404 over HTTP to a request for a foreign Host", async () => {
    const res = await raw({ method: "GET", path: "/dev/mailbox", headers: { host: "attacker.example:3000" } });
    expect(res.status).toBe(404);
    const own = await raw({ method: "GET", path: "/dev/mailbox", headers: { host: new URL(server.url).host } });
    expect(own.status).toBe(200);
  });
});

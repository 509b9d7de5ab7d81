import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Server } from "node:http";
import { afterAll, beforeAll, expect } from "vitest";
import { htmlStructureProblems } from "./html-structure";

type EntryModule = {
  createHttpApp(opts: { getBuild: () => Promise<unknown> }): { listen(port: number, host: string, cb: () => void): Server };
};

export type TestClient = {
  url: string;
  /**
   * fetch against the server; non-GET requests carry a same-origin Origin header unless given one.
   * HTML answers are checked for duplicate ids and `form` attributes that name no form.
   */
  request(pathname: string, init?: RequestInit & { cookie?: string; form?: Record<string, string> | URLSearchParams }): Promise<Response>;
};

/**
 * The real HTTP stack (headers, CSRF, Remix handler) from the production build, on an
 * ephemeral port, using whatever database handle the test file installed.
 */
export function useTestServer(): TestClient {
  let server: Server | undefined;
  const client: TestClient = {
    url: "",
    async request(pathname, init = {}) {
      const headers = new Headers(init.headers);
      if (init.cookie) headers.set("cookie", init.cookie);
      let body = init.body;
      if (init.form) {
        body = new URLSearchParams(init.form);
        headers.set("content-type", "application/x-www-form-urlencoded");
      }
      const method = init.method ?? (init.form ? "POST" : "GET");
      if (method !== "GET" && method !== "HEAD" && !headers.has("origin")) headers.set("origin", client.url);
      const response = await fetch(client.url + pathname, { ...init, method, headers, body, redirect: "manual" });
      // Every HTML page any route test sees is checked for duplicate ids and dangling form= links.
      // The body is read once and handed back as a new response. (NUL bytes beside multibyte
      // characters, "signed \0“Name”", once blamed on response.clone(), were react-dom's own
      // stream: ADR 067. The structure check now refuses any.)
      if (response.headers.get("content-type")?.includes("text/html")) {
        const html = await response.text();
        // The request's own NUL (raw, or %00 in the address or an encoded form) may come back.
        const sentNul = /%00|\0/.test(pathname + String(body ?? ""));
        expect(htmlStructureProblems(html, { sentNul }), `HTML structure of ${method} ${pathname}`).toEqual([]);
        const empty = [101, 204, 205, 304].includes(response.status);
        return new Response(empty ? null : html, { status: response.status, statusText: response.statusText, headers: response.headers });
      }
      return response;
    },
  };
  beforeAll(async () => {
    const buildPath = path.resolve(import.meta.dirname, "../../build/server/index.js");
    const build = (await import(/* @vite-ignore */ buildPath)) as { entry: { module: EntryModule } };
    const app = build.entry.module.createHttpApp({ getBuild: async () => build });
    await new Promise<void>((resolve) => {
      server = app.listen(0, "127.0.0.1", resolve);
    });
    client.url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });
  return client;
}

import { createRequire } from "node:module";
import path from "node:path";
import { PassThrough } from "node:stream";
import { buffer } from "node:stream/consumers";
import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

/**
 * Every page is streamed by React's renderToPipeableStream (app/entry.server.tsx), which
 * encodes text into 2,048-byte views. React 18.3.1 sent a whole view when a multi-byte
 * character did not fit at its end, so the one or two unused bytes went out as NUL
 * characters: "signed \0“Cora Bogan”" on the house fund page (CI, stop 23). Our patch
 * (patches/react-dom+18.3.1.patch) sends only the bytes written. Both builds are checked:
 * tests load the development build, `npm start` the production one.
 */
const require = createRequire(import.meta.url);
type Server = { renderToPipeableStream: typeof import("react-dom/server").renderToPipeableStream };
const cjs = path.join(path.dirname(require.resolve("react-dom/package.json")), "cjs");
const builds: [string, Server][] = [
  ["development", require(path.join(cjs, "react-dom-server.node.development.js")) as Server],
  ["production", require(path.join(cjs, "react-dom-server.node.production.min.js")) as Server],
];

function streamed(server: Server, node: ReactNode): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const { pipe } = server.renderToPipeableStream(node, {
      onAllReady() {
        const out = new PassThrough();
        buffer(out).then(resolve, reject);
        pipe(out);
      },
      onShellError: reject,
    });
  });
}

// Short text nodes with a three-byte character (“ is E2 80 9C) in each, after a pad that
// moves them one byte at a time: for some pad, a “ meets the end of a view.
const page = (pad: number) => (
  <ul>
    <li>{"x".repeat(pad)}</li>
    {Array.from({ length: 300 }, (_, i) => (
      <li key={i}>{`signed “Name ${i}” · −$1`}</li>
    ))}
  </ul>
);

describe("streamed pages are exact UTF-8", () => {
  for (const [name, server] of builds) {
    it(`${name} build: no NUL byte and the same text as renderToString, whatever falls on a view's end`, async () => {
      for (let pad = 0; pad < 12; pad++) {
        const bytes = await streamed(server, page(pad));
        expect(bytes.includes(0), `pad ${pad}: a NUL byte`).toBe(false);
        expect(bytes.toString("utf8"), `pad ${pad}`).toBe(renderToString(page(pad)));
      }
    });
  }
});

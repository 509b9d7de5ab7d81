// The bare Remix server for `npm run bench -- --bare`: what `remix-serve` does (express,
// the build's assets, @remix-run/express's request handler), without its request log.
// node bench/bare/server.js <build dir> <port>
import path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import express from "express";

const [dir = "build-bare", port = "3191"] = process.argv.slice(2);
const build = await import(pathToFileURL(path.resolve(dir, "server/index.js")).href);
const app = express();
app.disable("x-powered-by");
app.use("/assets", express.static(path.resolve(dir, "client/assets"), { immutable: true, maxAge: "1y" }));
// The bench waits for the server to drain by polling /healthz (bench/run.ts `settle`), as on Hearth.
app.get("/healthz", (_req, res) => res.type("text/plain").send("ok"));
app.all("*", createRequestHandler({ build, mode: "production" }));
const server = app.listen(Number(port), "127.0.0.1", () => console.log(`bare Remix on ${port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));

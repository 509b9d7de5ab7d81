// `npm start`: build if the build is missing or older than the sources, then serve.
import path from "node:path";
import { buildIfStale } from "./build-if-stale.js";

try {
  buildIfStale();
} catch {
  process.exit(1);
}
process.env.NODE_ENV ??= "production";
process.chdir(path.resolve(import.meta.dirname, ".."));
await import("../server.js");

// `npm start`: build if the build is missing or older than the sources, then serve.
import path from "node:path";
import { buildIfStale } from "./build-if-stale.js";

try {
  buildIfStale();
} catch {
  process.exit(1);
}
// `npm start` with nothing configured is the local try-out: it asks for the demo data
// explicitly. A production start (NODE_ENV=production set, DATABASE_URL, or `node
// server.js`) never seeds demo accounts unless SEED_ON_EMPTY=1 is given.
if (!process.env.NODE_ENV && !process.env.DATABASE_URL) process.env.SEED_ON_EMPTY ??= "1";
process.env.NODE_ENV ??= "production";
process.chdir(path.resolve(import.meta.dirname, ".."));
await import("../server.js");

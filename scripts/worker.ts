// A standalone outbox worker (`npm run worker`) for deployments that run web processes
// with WORKER=0. Needs DATABASE_URL: the embedded PGlite allows only one process.
import { config } from "#app/config.server";
import { closeDb } from "#app/db/db.server";
import { startOutboxWorker } from "#app/server/worker.server";
import { logger } from "#app/lib/logger.server";

if (!config().DATABASE_URL) {
  console.error("npm run worker needs DATABASE_URL (the embedded database serves one process; its server runs the worker itself).");
  process.exit(2);
}
const stop = startOutboxWorker();
logger().info("outbox worker started");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await stop();
    await closeDb();
    process.exit(0);
  });
}

// The embedded database's own thread (ADR 064): it owns the PGlite instance and answers
// the main thread's statements, so the WASM engine's work runs beside the app's instead of
// on the event loop that routes and renders. Started by pglite-thread.server.ts; built to
// build/server/assets/pglite.worker.js (vite.config.ts). Imports nothing from the app but the engine.
import { parentPort, workerData } from "node:worker_threads";
import type { PGlite } from "@electric-sql/pglite";
import { openPglite, runStatement } from "./pglite-engine.server";
import type { SerializedError, WorkerOpened, WorkerReply, WorkerRequest, WorkerStart } from "./pglite-thread-protocol";

const port = parentPort!;
const start = workerData as WorkerStart;

function serializeError(error: unknown): SerializedError {
  if (!error || typeof error !== "object") return { name: "Error", message: String(error) };
  const e = error as Record<string, unknown> & { name?: unknown; message?: unknown; stack?: unknown };
  const out: SerializedError = { name: typeof e.name === "string" ? e.name : "Error", message: typeof e.message === "string" ? e.message : String(error) };
  // The fields the app reads (code, constraint, detail, errno, …) are own primitives.
  for (const [key, value] of Object.entries(e)) {
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[key] = value;
  }
  if (typeof e.stack === "string") out.workerStack = e.stack;
  return out;
}

async function answer(pglite: PGlite, request: WorkerRequest, transfer: ArrayBuffer[]): Promise<WorkerReply> {
  try {
    let value: unknown;
    switch (request.op) {
      case "run":
        value = await runStatement(pglite, request.sql, request.parameters);
        break;
      case "rollback":
        if (pglite.isInTransaction()) await pglite.exec("rollback");
        break;
      case "inTransaction":
        value = pglite.isInTransaction();
        break;
      case "dump": {
        const buffer = await (await pglite.dumpDataDir(request.compression)).arrayBuffer();
        transfer.push(buffer);
        value = buffer;
        break;
      }
      case "close":
        await pglite.close();
        break;
    }
    return { id: request.id, ok: true, value, inTransaction: !pglite.closed && pglite.isInTransaction() };
  } catch (error) {
    let inTransaction = false;
    try {
      inTransaction = !pglite.closed && pglite.isInTransaction();
    } catch {
      /* a broken engine: the next statement fails on its own */
    }
    return { id: request.id, ok: false, error: serializeError(error), inTransaction };
  }
}

try {
  const load = start.loadDataDir ? new Blob([start.loadDataDir]) : undefined;
  const pglite = await openPglite(start.dataDir, load);
  // Requests arrive one at a time from the driver (one transaction at a time, its mutex on
  // the main thread); PGlite queues any that overlap (a dump beside a statement).
  port.on("message", (request: WorkerRequest) => {
    const transfer: ArrayBuffer[] = [];
    void answer(pglite, request, transfer).then((reply) => {
      try {
        port.postMessage(reply, transfer);
      } catch (error) {
        // A value that cannot cross (none of PGlite's parsers makes one): fail this call, not the thread.
        port.postMessage({ id: request.id, ok: false, error: serializeError(error), inTransaction: reply.inTransaction } satisfies WorkerReply);
      }
      if (request.op === "close") port.close();
    });
  });
  port.postMessage({ ready: true } satisfies WorkerOpened);
} catch (error) {
  port.postMessage({ ready: false, error: serializeError(error) } satisfies WorkerOpened);
  port.close();
}

import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { EmbeddedDatabase, StatementResult } from "./pglite-engine.server";
import type { SerializedError, WorkerCall, WorkerOpened, WorkerReply, WorkerRequest, WorkerStart } from "./pglite-thread-protocol";

/**
 * The embedded database in its own thread (ADR 064): a `node:worker_threads` worker owns
 * the PGlite instance (pglite.worker.ts) and this side sends it each statement (text and
 * parameters) and receives the parsed rows as plain objects (structured clone). The
 * Kysely driver's mutex stays on this side, so the engine still sees one transaction at a
 * time. If the thread stops (a crash, an engine abort that kills it, `terminate()`), every
 * call in flight and every later one fails with "PGlite is closed: …", which the app
 * answers with 503 and `/readyz` reports as down, as when the in-thread engine closes.
 */

/**
 * The worker's entry: the built file beside the server build, else the source loaded through
 * tsx's loader, registered inside the new thread (development, tests, scripts).
 */
function workerEntry(): { entry: URL | string; evaluate: boolean } {
  // The server build puts its modules in build/server/assets/ (vite.config.ts emits the worker there).
  const built = [new URL("./pglite.worker.js", import.meta.url), new URL("./assets/pglite.worker.js", import.meta.url)].find((u) => fs.existsSync(u));
  if (built) return { entry: built, evaluate: false };
  const source = new URL("./pglite.worker.ts", import.meta.url);
  if (!fs.existsSync(source)) throw new Error(`The embedded database's thread (pglite.worker) is missing beside ${import.meta.url}; rebuild (npm run build).`);
  // tsx's "./esm/api" export for `import` (require.resolve would pick the CommonJS one).
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/esm/api/index.mjs")).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source.href)}); })`;
  return { entry: code, evaluate: true };
}

function toError(serialized: SerializedError): Error {
  const { name, message, workerStack, ...fields } = serialized;
  const error = name === "RangeError" ? new RangeError(message) : name === "TypeError" ? new TypeError(message) : new Error(message);
  if (name !== error.name) error.name = name; // an own property, as on pg-protocol's DatabaseError ("error")
  Object.assign(error, fields);
  if (workerStack) Object.defineProperty(error, "workerStack", { value: workerStack, enumerable: false });
  return error;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export class WorkerDatabase implements EmbeddedDatabase {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 1;
  #closed = false;
  #closing = false;
  /** Whether the session was inside a transaction after the last answer (every answer says). */
  #inTransaction = false;
  #onStop: ((error: Error) => void) | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on("message", (reply: WorkerReply) => this.#answer(reply));
    worker.on("error", (error) => this.#stop(error));
    worker.on("exit", (code) => this.#stop(new Error(`the thread exited with code ${code}`)));
    worker.unref(); // held only while a call is in flight (#call), so an idle handle never keeps the process alive
  }

  /** Start the thread and open the engine in it (a new data dir is created; `loadDataDir` restores a dump into it). */
  static async open(dataDir: string | undefined, opts: { loadDataDir?: Blob; onStop?: (error: Error) => void } = {}): Promise<WorkerDatabase> {
    const { entry, evaluate } = workerEntry();
    const loadDataDir = opts.loadDataDir ? await opts.loadDataDir.arrayBuffer() : undefined;
    const start: WorkerStart = { dataDir, loadDataDir };
    const worker = new Worker(entry, { eval: evaluate, workerData: start, transferList: loadDataDir ? [loadDataDir] : [] });
    const opened = await new Promise<WorkerOpened>((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      const exited = (code: number) => reject(new Error(`The embedded database's thread exited with code ${code} while opening`));
      worker.once("error", failed);
      worker.once("exit", exited);
      worker.once("message", (message: WorkerOpened) => {
        worker.off("error", failed);
        worker.off("exit", exited);
        resolve(message);
      });
    });
    if (!opened.ready) {
      await worker.terminate();
      throw toError(opened.error);
    }
    const db = new WorkerDatabase(worker);
    db.#onStop = opts.onStop;
    return db;
  }

  get closed() {
    return this.#closed;
  }

  #answer(reply: WorkerReply) {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    this.#inTransaction = reply.inTransaction;
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(toError(reply.error));
  }

  /** The thread is gone: fail everything in flight, and everything after, as a closed engine. */
  #stop(cause: Error) {
    if (this.#closed) return;
    this.#closed = true;
    const error = new Error(`PGlite is closed: the embedded database's thread stopped (${cause.message})`, { cause });
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    if (!this.#closing) this.#onStop?.(error);
  }

  #call<T>(request: WorkerCall): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("PGlite is closed"));
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        this.#worker.postMessage({ ...request, id } as WorkerRequest);
      } catch (error) {
        // A parameter that cannot be cloned (a function, a class instance with private state).
        this.#pending.delete(id);
        if (this.#pending.size === 0) this.#worker.unref();
        reject(error as Error);
      }
    });
  }

  run(sql: string, parameters: readonly unknown[]): Promise<StatementResult> {
    return this.#call<StatementResult>({ op: "run", sql, parameters });
  }

  async rollbackOpenTransaction() {
    if (this.#closed || !this.#inTransaction) return; // no round trip after a COMMIT or ROLLBACK
    await this.#call({ op: "rollback" });
  }

  isInTransaction() {
    return this.#call<boolean>({ op: "inTransaction" });
  }

  async dumpDataDir(compression?: "gzip" | "none" | "auto") {
    const buffer = await this.#call<ArrayBuffer>({ op: "dump", compression });
    return new Blob([buffer], { type: compression === "none" ? "application/x-tar" : "application/x-gzip" });
  }

  async close() {
    if (this.#closed) return;
    this.#closing = true;
    try {
      await this.#call({ op: "close" });
    } finally {
      this.#closed = true;
      await this.#worker.terminate();
    }
  }

  /** Stop the thread at once, as a crash would (tests). */
  async terminate() {
    await this.#worker.terminate();
  }
}

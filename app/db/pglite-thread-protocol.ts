// The messages between the main thread and the embedded database's thread (ADR 064). Types only.

/** What the worker is started with (workerData). */
export type WorkerStart = { dataDir: string | undefined; loadDataDir?: ArrayBuffer };

export type WorkerCall =
  | { op: "run"; sql: string; parameters: readonly unknown[] }
  | { op: "rollback" }
  | { op: "inTransaction" }
  | { op: "dump"; compression?: "gzip" | "none" | "auto" }
  | { op: "close" };

export type WorkerRequest = WorkerCall & { id: number };

/** An error as plain data: its name, message and own primitive fields (code, constraint, detail, errno, …). */
export type SerializedError = { name: string; message: string; workerStack?: string; [field: string]: unknown };

/** Every answer says whether the session is inside a transaction afterwards. */
export type WorkerReply = { id: number; inTransaction: boolean } & ({ ok: true; value: unknown } | { ok: false; error: SerializedError });

/** The first message: the engine opened, or why it did not. */
export type WorkerOpened = { ready: true } | { ready: false; error: SerializedError };

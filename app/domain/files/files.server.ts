import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { FileContentType } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, notFound } from "#app/domain/errors.server";
import {
  detectUploadType,
  newStorageKey,
  objectStore,
  UPLOAD_TYPES_TEXT,
  uploadMaxBytes,
  type ObjectStore,
  type StagedUpload,
  type UploadContentType,
} from "#app/lib/storage.server";

/**
 * Uploaded files (ADR 044): the API other modules attach files with.
 *
 *   const stored = await storeUpload(orgId, staged, { field: "file" });   // outside any transaction
 *   await keepOrForget(stored, () => withTenant(ctx.tenant, async (tx) => {
 *     const fileId = await recordFile(tx, stored, { houseId });          // the row, audited
 *     … point your own row at fileId (a composite FK (org_id, file_id) → file) …
 *   }));
 *
 * `storeUpload` refuses (DomainError "invalid" on the form's field, nothing stored) an empty
 * file, one over the limit and one whose BYTES are not an accepted type, whatever its name
 * says; the bytes go to storage under a random key. `keepOrForget` deletes the stored bytes
 * again when the work fails, so a refused form leaves neither a row nor an object. Serving
 * goes through `openFile` (RLS decides, the read is audited) and the files route's headers.
 */

export type StoredUpload = {
  storageKey: string;
  sha256: string;
  size: number;
  contentType: UploadContentType;
  extension: string;
  originalName: string;
};

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/** Check a staged upload (size, type from its bytes); the refusal names the form's field. */
export async function checkUpload(staged: StagedUpload, opts: { field: string; maxBytes?: number }) {
  const max = opts.maxBytes ?? uploadMaxBytes();
  if (staged.tooLarge || staged.size > max) {
    throw new DomainError("invalid", `The file is too large: the limit is ${formatBytes(max)}.`, { field: opts.field });
  }
  if (staged.size === 0) throw new DomainError("invalid", "The file is empty.", { field: opts.field });
  const type = await detectUploadType(staged.tempPath);
  if (!type) throw new DomainError("invalid", `This type of file can't be uploaded. Choose a ${UPLOAD_TYPES_TEXT} file.`, { field: opts.field });
  return type;
}

/** Check and store an upload's bytes under a new random key (no transaction: call it before withTenant). */
export async function storeUpload(orgId: string, staged: StagedUpload, opts: { field: string; maxBytes?: number; store?: ObjectStore }): Promise<StoredUpload> {
  const type = await checkUpload(staged, opts);
  const storageKey = newStorageKey(orgId, type.extension);
  await (opts.store ?? objectStore()).put(storageKey, staged.tempPath, { contentType: type.contentType, size: staged.size, sha256: staged.sha256 });
  return { storageKey, sha256: staged.sha256, size: staged.size, contentType: type.contentType, extension: type.extension, originalName: staged.originalName };
}

/** Run the work that records a stored upload; if it fails, delete the stored bytes and rethrow. */
export async function keepOrForget<T>(stored: StoredUpload | null, work: () => Promise<T>, store?: ObjectStore): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (stored) await (store ?? objectStore()).delete(stored.storageKey).catch(() => undefined);
    throw error;
  }
}

/** The file's row, in the caller's org (RLS: the house's people who may write there). Audited. */
export async function recordFile(tx: Tx, stored: StoredUpload, opts: { houseId: string | null }): Promise<string> {
  const id = randomUUID();
  await guardDb(
    tx
      .insertInto("file")
      .values({
        id,
        org_id: sqlOrg(),
        house_id: opts.houseId,
        sha256: stored.sha256,
        size_bytes: stored.size,
        content_type: stored.contentType as FileContentType,
        extension: stored.extension,
        original_name: stored.originalName,
        storage_key: stored.storageKey,
      })
      .execute(),
  );
  await audit(tx, "file.uploaded", { type: "file", id }, { houseId: opts.houseId, size: stored.size, contentType: stored.contentType });
  return id;
}

export type FileInfo = { id: string; houseId: string | null; contentType: FileContentType; extension: string; originalName: string; size: number; storageKey: string; sha256: string };

/** A file the caller may read (RLS), with its read audited; 404 otherwise. */
export async function openFile(tx: Tx, fileId: string): Promise<FileInfo> {
  const row = await tx
    .selectFrom("file")
    .select(["id", "house_id as houseId", "content_type as contentType", "extension", "original_name as originalName", "size_bytes as size", "storage_key as storageKey", "sha256"])
    .where("id", "=", fileId)
    .executeTakeFirst();
  if (!row) throw notFound("File");
  await audit(tx, "file.downloaded", { type: "file", id: row.id }, { houseId: row.houseId });
  return row;
}

/** The stored bytes of a file opened with `openFile` (after its transaction). */
export async function readFileBytes(file: Pick<FileInfo, "storageKey">, store?: ObjectStore): Promise<ReadableStream<Uint8Array>> {
  const body = await (store ?? objectStore()).get(file.storageKey);
  if (!body) throw notFound("File");
  return body;
}

const sqlOrg = () => sql<string>`current_org_id()`;

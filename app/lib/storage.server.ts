import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { AwsClient } from "aws4fetch";
import { fileTypeFromFile } from "file-type";
import { config } from "#app/config.server";

/**
 * Uploaded files' bytes (ADR 044), with no app knowledge:
 *
 *  - `stageUpload` streams one upload into a private temp file while counting and hashing
 *    it; past the limit it writes nothing more (the rest of the body is read and dropped)
 *    and reports `tooLarge`, so memory never holds more than one chunk.
 *  - `detectUploadType` reads the type from the BYTES (file-type), never from the name or
 *    the browser's Content-Type, and accepts only the allow-list below: PDF, PNG, JPEG,
 *    WebP, HEIC/HEIF, docx, xlsx, odt. HTML, SVG, scripts and anything unrecognised are refused.
 *  - `objectStore()` keeps bytes on local disk under UPLOAD_DIR (default DATA_DIR/uploads)
 *    or, when S3_BUCKET is set, in any S3-compatible object store (aws4fetch signs plain
 *    fetch requests). Keys are `<org uuid>/<random uuid>.<ext>`: never a person's file name.
 */

export const UPLOAD_TYPES = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  webp: "image/webp",
  heic: "image/heic",
  heif: "image/heif",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  odt: "application/vnd.oasis.opendocument.text",
} as const;
export type UploadExtension = keyof typeof UPLOAD_TYPES;
export type UploadContentType = (typeof UPLOAD_TYPES)[UploadExtension];

/** What people read as the accepted types (a form's hint). */
export const UPLOAD_TYPES_TEXT = "PDF, PNG, JPEG, WebP, HEIC, Word (.docx), Excel (.xlsx) or OpenDocument text (.odt)";
/** The browser's file picker filter (a convenience only: the server decides from the bytes). */
export const UPLOAD_ACCEPT = ".pdf,.png,.jpg,.jpeg,.webp,.heic,.heif,.docx,.xlsx,.odt,application/pdf,image/png,image/jpeg,image/webp,image/heic";

/** An upload in a private temp file, not yet checked or stored. */
export type StagedUpload = {
  tempPath: string;
  /** The name the browser sent, reduced to a safe display name (never a path). */
  originalName: string;
  size: number;
  sha256: string;
  tooLarge: boolean;
};

export const DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

export function uploadMaxBytes(): number {
  return config().UPLOAD_MAX_BYTES ?? DEFAULT_UPLOAD_MAX_BYTES;
}

/**
 * A person's file name as shown back to them: the last path segment (either slash), control
 * characters, quotes and reserved characters removed, dots at the start removed, at most 200
 * characters. Never used to build a path or a storage key.
 */
export function safeOriginalName(raw: string | null | undefined): string {
  const last = String(raw ?? "").split(/[/\\]/).pop() ?? "";
  const cleaned = last
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>:|?*;`]/g, "")
    .replace(/^[.\s]+/, "")
    .trim()
    .slice(0, 200)
    .trim();
  return cleaned || "file";
}

/** Stream an upload's bytes into a private temp file, hashing and counting; stops writing past `maxBytes`. */
export async function stageUpload(data: AsyncIterable<Uint8Array>, opts: { filename: string | undefined; maxBytes: number; tmpDir?: string }): Promise<StagedUpload> {
  const dir = await fs.mkdtemp(path.join(opts.tmpDir ?? os.tmpdir(), "hearth-upload-"));
  const tempPath = path.join(dir, "upload");
  const out = createWriteStream(tempPath, { mode: 0o600 });
  const hash = createHash("sha256");
  let size = 0;
  let tooLarge = false;
  try {
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (tooLarge) continue; // drain the rest of the part, keep nothing
      if (size > opts.maxBytes) {
        tooLarge = true;
        continue;
      }
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", resolve));
    }
  } finally {
    out.end();
    await finished(out).catch(() => undefined);
  }
  if (tooLarge) await fs.truncate(tempPath, 0);
  return { tempPath, originalName: safeOriginalName(opts.filename), size, sha256: hash.digest("hex"), tooLarge };
}

/** Remove a staged upload's temp file and folder (idempotent). */
export async function discardStaged(staged: Pick<StagedUpload, "tempPath">): Promise<void> {
  await fs.rm(path.dirname(staged.tempPath), { recursive: true, force: true });
}

/** The type of a file from its bytes, if it is one we accept; null otherwise (HTML, SVG, text, unknown). */
export async function detectUploadType(filePath: string): Promise<{ extension: UploadExtension; contentType: UploadContentType } | null> {
  const found = await fileTypeFromFile(filePath);
  if (!found) return null;
  const extension = (found.ext === "jpg" ? "jpg" : found.ext) as string;
  if (!Object.hasOwn(UPLOAD_TYPES, extension)) return null;
  const ext = extension as UploadExtension;
  // file-type answers image/heic for both; HEIF stills keep their own type.
  return { extension: ext, contentType: UPLOAD_TYPES[ext] };
}

/** A new storage key: the org's id and a random id, never anything a person typed. */
export function newStorageKey(orgId: string, extension: UploadExtension): string {
  if (!/^[0-9a-f-]{36}$/.test(orgId)) throw new Error("storage key: not an org id");
  return `${orgId}/${randomUUID()}.${extension}`;
}

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}\.[a-z0-9]{1,8}$/;
function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error("storage: malformed key");
  return key;
}

export interface ObjectStore {
  readonly kind: "disk" | "s3";
  /** Store a local file's bytes under `key`. */
  put(key: string, filePath: string, meta: { contentType: string; size: number; sha256: string }): Promise<void>;
  /** The stored bytes as a web stream; null when the object is missing. */
  get(key: string): Promise<ReadableStream<Uint8Array> | null>;
  delete(key: string): Promise<void>;
}

/** Local disk under `root` (created on first write, files 0600). */
export function diskStore(root: string): ObjectStore {
  const base = path.resolve(root);
  const full = (key: string) => {
    const p = path.resolve(base, checkKey(key));
    if (!p.startsWith(base + path.sep)) throw new Error("storage: key outside the upload folder");
    return p;
  };
  return {
    kind: "disk",
    async put(key, filePath) {
      const target = full(key);
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      const tmp = `${target}.part`;
      await fs.copyFile(filePath, tmp);
      await fs.chmod(tmp, 0o600);
      await fs.rename(tmp, target);
    },
    async get(key) {
      const target = full(key);
      try {
        await fs.access(target);
      } catch {
        return null;
      }
      return Readable.toWeb(createReadStream(target)) as ReadableStream<Uint8Array>;
    },
    async delete(key) {
      await fs.rm(full(key), { force: true });
    },
  };
}

export type S3Options = { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string; region: string };

/** Any S3-compatible store (AWS, MinIO, R2, Garage…), path-style addressing, SigV4 by aws4fetch. */
export function s3Store(o: S3Options, fetchImpl: typeof fetch = fetch): ObjectStore {
  const client = new AwsClient({ accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, region: o.region, service: "s3", retries: 2 });
  const url = (key: string) => `${o.endpoint.replace(/\/+$/, "")}/${encodeURIComponent(o.bucket)}/${checkKey(key)}`;
  const send = async (key: string, init: Parameters<AwsClient["sign"]>[1]) => fetchImpl(await client.sign(url(key), init));
  return {
    kind: "s3",
    async put(key, filePath, { contentType, size, sha256 }) {
      const body = Readable.toWeb(createReadStream(filePath)) as ReadableStream<Uint8Array>;
      const res = await send(key, {
        method: "PUT",
        body,
        // The payload's sha256, computed while staging, signs the streamed body.
        headers: { "content-type": contentType, "content-length": String(size), "x-amz-content-sha256": sha256 },
        duplex: "half",
      });
      if (!res.ok) throw new Error(`storage: S3 PUT answered ${res.status}`);
      await res.body?.cancel();
    },
    async get(key) {
      const res = await send(key, { method: "GET" });
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok || !res.body) throw new Error(`storage: S3 GET answered ${res.status}`);
      return res.body;
    },
    async delete(key) {
      const res = await send(key, { method: "DELETE" });
      await res.body?.cancel();
      if (!res.ok && res.status !== 404) throw new Error(`storage: S3 DELETE answered ${res.status}`);
    },
  };
}

let cached: ObjectStore | undefined;
/** The configured store: S3 when S3_BUCKET is set, else local disk under UPLOAD_DIR. */
export function objectStore(): ObjectStore {
  if (cached) return cached;
  const c = config();
  if (c.S3_BUCKET) {
    if (!c.S3_ENDPOINT || !c.S3_ACCESS_KEY_ID || !c.S3_SECRET_ACCESS_KEY) throw new Error("S3_BUCKET needs S3_ENDPOINT, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY");
    cached = s3Store({ endpoint: c.S3_ENDPOINT, bucket: c.S3_BUCKET, accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY, region: c.S3_REGION });
  } else {
    cached = diskStore(c.UPLOAD_DIR);
  }
  return cached;
}

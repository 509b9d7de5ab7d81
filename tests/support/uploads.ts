import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

/**
 * A temporary upload folder for this test file, removed after it: sets UPLOAD_DIR (and
 * UPLOAD_MAX_BYTES when given) before the test server's build reads its config, so call it
 * at the top of the file, before `useTestServer()`.
 */
export function useUploadDir(name: string, opts: { maxBytes?: number } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hearth-uploads-${name}-`));
  process.env.UPLOAD_DIR = dir;
  if (opts.maxBytes !== undefined) process.env.UPLOAD_MAX_BYTES = String(opts.maxBytes);
  afterAll(async () => {
    await fs.promises.rm(dir, { recursive: true, force: true });
  });
  return dir;
}

/** A multipart form body: text fields and files (the bytes decide the type, not the name). */
export function multipart(fields: Record<string, string>, files: Record<string, { bytes: Buffer; name: string; type?: string }> = {}): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [k, f] of Object.entries(files)) fd.append(k, new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "application/octet-stream" }), f.name);
  return fd;
}

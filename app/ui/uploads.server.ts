import { unstable_parseMultipartFormData } from "@remix-run/node";
import { discardStaged, stageUpload, uploadMaxBytes, type StagedUpload } from "#app/lib/storage.server";

/**
 * A form with file fields, read as a stream (ADR 044): text fields into FormData (each at
 * most 64 KB), each named file field into a private temp file through `stageUpload` (past
 * the limit nothing more is written; the domain's `storeUpload` then refuses it on the
 * field). A body far over the limit (twice it plus 1 MB) is cut off with 413. A file input
 * left empty (no name, no bytes) counts as no file. A form posted without multipart (no
 * JavaScript changes nothing here; only hand-made requests) is read normally, with no files.
 * Always call `cleanup()` (in a `finally`).
 */
export type UploadForm = { formData: FormData; files: Record<string, StagedUpload | undefined>; cleanup: () => Promise<void> };

const TEXT_LIMIT = 64 * 1024;

export async function readUploadForm(request: Request, fileFields: readonly string[], opts: { maxBytes?: number } = {}): Promise<UploadForm> {
  const maxBytes = opts.maxBytes ?? uploadMaxBytes();
  const hardLimit = maxBytes * 2 + 1024 * 1024;
  const files: Record<string, StagedUpload | undefined> = {};
  const staged: StagedUpload[] = [];
  const cleanup = async () => {
    await Promise.all(staged.map((s) => discardStaged(s)));
  };
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) return { formData: await request.formData(), files, cleanup };
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > hardLimit) throw new Response("The upload is too large.", { status: 413 });
  let total = 0;
  async function* counted(data: AsyncIterable<Uint8Array>) {
    for await (const chunk of data) {
      total += chunk.byteLength;
      if (total > hardLimit) throw new Response("The upload is too large.", { status: 413 });
      yield chunk;
    }
  }
  try {
    const formData = await unstable_parseMultipartFormData(request, async ({ name, filename, data }) => {
      if (typeof filename === "string") {
        if (!fileFields.includes(name) || files[name]) {
          for await (const _ of counted(data)) void _; // not a file field here, or a second file: dropped
          return undefined;
        }
        const s = await stageUpload(counted(data), { filename, maxBytes });
        staged.push(s);
        if (s.size === 0 && !filename) return undefined; // an empty file input
        files[name] = s;
        return undefined;
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of counted(data)) {
        size += chunk.byteLength;
        if (size <= TEXT_LIMIT) chunks.push(chunk);
      }
      return new TextDecoder().decode(Buffer.concat(chunks)).slice(0, TEXT_LIMIT);
    });
    return { formData, files, cleanup };
  } catch (error) {
    await cleanup();
    if (error instanceof TypeError) throw new Response("Could not read the form.", { status: 400 });
    throw error;
  }
}

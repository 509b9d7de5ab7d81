import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeS3, type FakeS3 } from "#tests/support/fake-s3";
import { chunksOf, HTML_BYTES, PDF_BYTES, PNG_BYTES } from "#tests/support/upload-bytes";
import { detectUploadType, discardStaged, diskStore, newStorageKey, s3Store, safeOriginalName, stageUpload } from "./storage.server";

const ORG = "11111111-2222-4333-8444-555555555555";
let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-storage-test-"));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function text(stream: ReadableStream<Uint8Array> | null) {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe("staging an upload", () => {
  it("streams, counts and hashes the bytes into a private temp file", async () => {
    const s = await stageUpload(chunksOf(PNG_BYTES), { filename: "photo.png", maxBytes: 1024, tmpDir: tmp });
    expect(s).toMatchObject({ size: PNG_BYTES.length, tooLarge: false, originalName: "photo.png" });
    expect(await fs.readFile(s.tempPath)).toEqual(PNG_BYTES);
    expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await fs.stat(s.tempPath)).mode & 0o777).toBe(0o600);
    await discardStaged(s);
    await expect(fs.stat(s.tempPath)).rejects.toThrow();
  });

  it("over the limit keeps nothing and says so", async () => {
    const big = Buffer.alloc(5000, 1);
    const s = await stageUpload(chunksOf(big, 512), { filename: "big.pdf", maxBytes: 4096, tmpDir: tmp });
    expect(s.tooLarge).toBe(true);
    expect(s.size).toBe(5000);
    expect((await fs.stat(s.tempPath)).size).toBe(0);
    await discardStaged(s);
  });

  it("at exactly the limit is accepted", async () => {
    const s = await stageUpload(chunksOf(Buffer.alloc(4096, 2), 512), { filename: "x", maxBytes: 4096, tmpDir: tmp });
    expect(s.tooLarge).toBe(false);
    await discardStaged(s);
  });
});

describe("the type comes from the bytes", () => {
  async function typeOf(bytes: Buffer, name: string) {
    const s = await stageUpload(chunksOf(bytes), { filename: name, maxBytes: 1 << 20, tmpDir: tmp });
    try {
      return await detectUploadType(s.tempPath);
    } finally {
      await discardStaged(s);
    }
  }
  it("a .pdf name with PNG bytes is a PNG", async () => {
    expect(await typeOf(PNG_BYTES, "insurance.pdf")).toEqual({ extension: "png", contentType: "image/png" });
  });
  it("a PDF is a PDF whatever its name", async () => {
    expect(await typeOf(PDF_BYTES, "scan.png")).toEqual({ extension: "pdf", contentType: "application/pdf" });
  });
  it("HTML is refused even named .pdf", async () => {
    expect(await typeOf(HTML_BYTES, "policy.pdf")).toBeNull();
    expect(await typeOf(HTML_BYTES, "page.html")).toBeNull();
  });
  it("a type file-type knows but we do not accept (gzip) is refused", async () => {
    expect(await typeOf(Buffer.from("1f8b0800000000000003030000000000000000", "hex"), "a.pdf")).toBeNull();
  });
});

describe("names and keys", () => {
  it("a path in the name is reduced to its last segment, never a path", () => {
    expect(safeOriginalName("../../etc/passwd")).toBe("passwd");
    expect(safeOriginalName("..\\..\\boot.ini")).toBe("boot.ini");
    expect(safeOriginalName("..")).toBe("file");
    expect(safeOriginalName('a"b<c>\u0000d.pdf')).toBe("abcd.pdf");
    expect(safeOriginalName("x".repeat(300))).toHaveLength(200);
    expect(safeOriginalName("")).toBe("file");
  });
  it("storage keys are the org and a random id, and a malformed key is refused", async () => {
    const key = newStorageKey(ORG, "pdf");
    expect(key).toMatch(new RegExp(`^${ORG}/[0-9a-f-]{36}\\.pdf$`));
    expect(newStorageKey(ORG, "pdf")).not.toBe(key);
    expect(() => newStorageKey("../x", "pdf")).toThrow();
    const store = diskStore(path.join(tmp, "disk"));
    await expect(store.get(`${ORG}/../../../etc/passwd`)).rejects.toThrow(/malformed/);
    await expect(store.put(`../${ORG}/x.pdf`, "/etc/hostname", { contentType: "application/pdf", size: 1, sha256: "0" })).rejects.toThrow(/malformed/);
  });
});

describe("disk store", () => {
  it("puts, gets and deletes under the upload folder", async () => {
    const root = path.join(tmp, "uploads");
    const store = diskStore(root);
    const s = await stageUpload(chunksOf(PDF_BYTES), { filename: "a.pdf", maxBytes: 1 << 20, tmpDir: tmp });
    const key = newStorageKey(ORG, "pdf");
    await store.put(key, s.tempPath, { contentType: "application/pdf", size: s.size, sha256: s.sha256 });
    expect(await fs.readFile(path.join(root, key))).toEqual(PDF_BYTES);
    expect(await text(await store.get(key))).toEqual(PDF_BYTES);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    await discardStaged(s);
  });
});

describe("S3-compatible store (fake S3 on loopback)", () => {
  let s3: FakeS3;
  beforeAll(async () => {
    s3 = await startFakeS3({ accessKeyId: "AKIDTEST" });
  });
  afterAll(async () => {
    await s3.close();
  });

  it("signs a streamed PUT with the payload's sha256, then GETs and DELETEs it", async () => {
    const store = s3Store({ endpoint: s3.url, bucket: "hearth-uploads", accessKeyId: "AKIDTEST", secretAccessKey: "secret", region: "us-east-1" });
    const s = await stageUpload(chunksOf(PNG_BYTES), { filename: "p.png", maxBytes: 1 << 20, tmpDir: tmp });
    const key = newStorageKey(ORG, "png");
    await store.put(key, s.tempPath, { contentType: "image/png", size: s.size, sha256: s.sha256 });
    expect(s3.objects.get(`/hearth-uploads/${key}`)).toEqual({ body: PNG_BYTES, contentType: "image/png" });
    const put = s3.requests.find((r) => r.method === "PUT")!;
    expect(put.headers["x-amz-content-sha256"]).toBe(s.sha256);
    expect(put.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/s3\/aws4_request/);
    expect(await text(await store.get(key))).toEqual(PNG_BYTES);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    await discardStaged(s);
  });

  it("a refused PUT (wrong credentials) is an error, nothing stored", async () => {
    const store = s3Store({ endpoint: s3.url, bucket: "b", accessKeyId: "WRONG", secretAccessKey: "x", region: "us-east-1" });
    const s = await stageUpload(chunksOf(PDF_BYTES), { filename: "a.pdf", maxBytes: 1 << 20, tmpDir: tmp });
    const before = s3.objects.size;
    await expect(store.put(newStorageKey(ORG, "pdf"), s.tempPath, { contentType: "application/pdf", size: s.size, sha256: s.sha256 })).rejects.toThrow(/403/);
    expect(s3.objects.size).toBe(before);
    await discardStaged(s);
  });
});

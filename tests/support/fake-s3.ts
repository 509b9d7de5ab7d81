import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An S3-compatible object store faked at its HTTP boundary on loopback (ADR 044): PUT,
 * GET and DELETE of path-style `/<bucket>/<key>`. Every request must carry a SigV4
 * Authorization header for the expected access key, and a PUT's x-amz-content-sha256 must
 * be the body's sha256 (what signs a streamed upload). Requests are recorded.
 */
export type FakeS3 = {
  url: string;
  objects: Map<string, { body: Buffer; contentType: string }>;
  requests: { method: string; path: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
};

export async function startFakeS3(opts: { accessKeyId: string }): Promise<FakeS3> {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const requests: FakeS3["requests"] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push({ method: req.method ?? "", path, headers: req.headers });
    const auth = String(req.headers.authorization ?? "");
    if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${opts.accessKeyId}/`) || !auth.includes("Signature=")) {
      res.writeHead(403, { "content-type": "application/xml" }).end("<Error><Code>AccessDenied</Code></Error>");
      return;
    }
    if (req.method === "PUT") {
      const declared = String(req.headers["x-amz-content-sha256"] ?? "");
      if (declared !== createHash("sha256").update(body).digest("hex")) {
        res.writeHead(400, { "content-type": "application/xml" }).end("<Error><Code>XAmzContentSHA256Mismatch</Code></Error>");
        return;
      }
      objects.set(path, { body, contentType: String(req.headers["content-type"] ?? "") });
      res.writeHead(200, { etag: '"fake"' }).end();
      return;
    }
    const found = objects.get(path);
    if (req.method === "GET") {
      if (!found) return void res.writeHead(404, { "content-type": "application/xml" }).end("<Error><Code>NoSuchKey</Code></Error>");
      res.writeHead(200, { "content-type": found.contentType, "content-length": found.body.length }).end(found.body);
      return;
    }
    if (req.method === "DELETE") {
      objects.delete(path);
      res.writeHead(204).end();
      return;
    }
    res.writeHead(405).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

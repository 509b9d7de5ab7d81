/**
 * The headers of every uploaded file served (ADR 044): always a download, the type detected
 * from the bytes at upload (never text/html), a sandboxing CSP and no caching — so nothing
 * uploaded ever renders as a page on the app's origin.
 */
export function fileHeaders(file: { contentType: string; originalName: string; extension: string; size: number }): Headers {
  const ascii = file.originalName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Headers({
    "Content-Type": file.contentType,
    "Content-Length": String(file.size),
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
    "Content-Security-Policy": "default-src 'none'; sandbox; frame-ancestors 'none'",
    "Cache-Control": "private, no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
  });
}

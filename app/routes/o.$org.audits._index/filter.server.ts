import { z } from "zod";
import { CERTIFICATION_STATUSES } from "#app/domain/certification/labels";
import type { PipelineStatusFilter } from "#app/domain/grants/certifier.server";
import { cursorParam } from "#app/lib/cursor.server";
import type { Cursor } from "#app/lib/pagination";
import { badRequest } from "#app/lib/http.server";

/**
 * The pipeline's address (ADR 058, ADR 061): `?status=` — a certification status, `none` (no
 * certification yet), or absent for every house — and `?cursor=`, the last operator of the
 * previous page. Anything else in them is a 400, never a 500.
 */
const PipelineQuery = z.object({
  status: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.enum([...CERTIFICATION_STATUSES, "none"]).optional()
  ),
  cursor: cursorParam.optional(),
});
export type PipelineFilter = PipelineStatusFilter;

export function pipelineQueryParam(request: Request): {
  status: PipelineFilter;
  cursor: Cursor | null;
} {
  const params = new URL(request.url).searchParams;
  const parsed = PipelineQuery.safeParse({
    status: params.get("status") ?? undefined,
    cursor: params.get("cursor") ?? undefined,
  });
  if (!parsed.success)
    badRequest("Choose a certification status from the dashboard.");
  return {
    status: parsed.data.status ?? null,
    cursor: parsed.data.cursor ?? null,
  };
}

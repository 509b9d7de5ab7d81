import { z } from "zod";
import { CERTIFICATION_STATUSES } from "#app/domain/certification/labels";
import { badRequest } from "#app/lib/http.server";

/** The pipeline's `?status=` filter (ADR 058): a certification status, `none` (no certification yet), or absent for every house. */
const StatusFilter = z.enum([...CERTIFICATION_STATUSES, "none"]).nullable();
export type PipelineFilter = z.infer<typeof StatusFilter>;

export function statusFilterParam(request: Request): PipelineFilter {
  const raw = new URL(request.url).searchParams.get("status");
  const parsed = StatusFilter.safeParse(raw === "" ? null : raw);
  if (!parsed.success) badRequest("Choose a certification status from the dashboard.");
  return parsed.data;
}

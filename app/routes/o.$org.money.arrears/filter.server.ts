import { z } from "zod";
import { cursorParam } from "#app/lib/cursor.server";
import { badRequest } from "#app/lib/http.server";

const HouseFilter = z.union([z.literal(""), z.uuid()]).nullable();
/** Which resident list the cursor pages (CONTRIBUTING, Pagination: a page with several paged lists names the list). */
export const LIST_PARAM = "list";
const PageQuery = z.object({ list: z.enum(["owing", "credit"]), cursor: cursorParam });

/** The arrears page's `?house=` filter: empty or absent = every house; anything but an id is bad input (400). */
export function houseFilterParam(request: Request): string | null {
  const parsed = HouseFilter.safeParse(new URL(request.url).searchParams.get("house"));
  if (!parsed.success) badRequest("Choose a house from the list.");
  return parsed.data || null;
}

/** `?list=owing|credit&cursor=…`: the one resident list being paged, or null for both first pages; a bad pair is a 400. */
export function listPageParam(request: Request): { list: "owing" | "credit"; after: string } | null {
  const params = new URL(request.url).searchParams;
  if (!params.has("cursor") && !params.has(LIST_PARAM)) return null;
  const parsed = PageQuery.safeParse({ list: params.get(LIST_PARAM), cursor: params.get("cursor") });
  if (!parsed.success) badRequest("That page of the list could not be found. Start from the first page.");
  return { list: parsed.data.list, after: parsed.data.cursor.after };
}

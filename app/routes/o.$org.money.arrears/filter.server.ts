import { z } from "zod";
import { badRequest } from "#app/lib/http.server";

const HouseFilter = z.union([z.literal(""), z.uuid()]).nullable();

/** The arrears page's `?house=` filter: empty or absent = every house; anything but an id is bad input (400). */
export function houseFilterParam(request: Request): string | null {
  const parsed = HouseFilter.safeParse(new URL(request.url).searchParams.get("house"));
  if (!parsed.success) badRequest("Choose a house from the list.");
  return parsed.data || null;
}

import { z } from "zod";
import { DirectoryQuery } from "#app/domain/services/schemas";
import { cursorParam } from "#app/lib/cursor.server";

/** The directory's search form (a GET): checked in the loader only, so the page ships no zod (ADR 029). */
export const filterSchema = DirectoryQuery.and(z.object({ cursor: cursorParam.optional() }));

import { z } from "zod";
import { describe, expect, it } from "vitest";
import { id } from "#app/lib/fields";
import { parseForm } from "./parse-form";

const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
};
const schema = z.object({ residentId: id, bedId: id });

describe("parseForm", () => {
  it("says the page's words, or Required., for an unchosen id — not the id's own message", () => {
    const r = parseForm(form({ residentId: "", bedId: "" }), schema, { residentId: "Choose a resident." });
    expect(r.status).toBe("error");
    expect(r.status === "error" && r.error).toEqual({ residentId: ["Choose a resident."], bedId: ["Required."] });
  });

  it("keeps the id's message for something that is not an id", () => {
    const r = parseForm(form({ residentId: "nope", bedId: "7a4f0e4e-2a51-4c4b-9a43-1d0b3f3e8a10" }), schema, { residentId: "Choose a resident." });
    expect(r.status === "error" && r.error).toEqual({ residentId: ["Not a valid id."] });
  });
});

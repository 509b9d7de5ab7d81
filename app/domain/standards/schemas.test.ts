import { describe, expect, it } from "vitest";
import { ItemAddInput, ItemEditInput, ItemInput } from "./schemas";

/** One item schema (the editor's fields plus the code), one message per rule. */
const ITEM = { text: "A state item.", level1: "required", level2: "required", level3: "recommended", level4: "na" };
const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("the standard item schemas", () => {
  it("say the same thing for the same mistake, whichever form or function reads them", () => {
    for (const schema of [ItemInput, ItemAddInput]) {
      expect(messages(schema.safeParse({ code: "2.F.17.d", ...ITEM, autoCheck: "magic" }))).toEqual({ autoCheck: "Choose an automatic check from the list." });
      expect(messages(schema.safeParse({ code: "2-F-17-x", ...ITEM }))).toEqual({ code: "Write the code like 2.F.17.d." });
    }
    expect(messages(ItemEditInput.safeParse({ ...ITEM, autoCheck: "magic" }))).toEqual({ autoCheck: "Choose an automatic check from the list." });
    expect(ItemInput.safeParse({ code: "2.F.17.d", ...ITEM, autoCheck: "bed_space" }).success).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { possessive } from "./possessive";

describe("possessive", () => {
  it("adds only an apostrophe after a final s", () => {
    expect(possessive("Riverside Recovery Homes")).toBe("Riverside Recovery Homes’");
    expect(possessive("Dana")).toBe("Dana’s");
  });
});

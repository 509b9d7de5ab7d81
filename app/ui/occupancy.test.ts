import { describe, expect, it } from "vitest";
import { percent } from "./occupancy";

describe("percent", () => {
  it("shows one decimal at most, and a dash when there is nothing to count", () => {
    expect(percent(71.4286)).toBe("71.4%");
    expect(percent(100)).toBe("100%");
    expect(percent(0)).toBe("0%");
    expect(percent(1234.5)).toBe("1,234.5%");
    expect(percent(null)).toBe("—");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { centsToInput, formatCents, money, parseCents } from "./money";

describe("parseCents: typed amounts to integer cents, exactly", () => {
  it.each([
    ["12.3", 1230],
    ["1,234.56", 123456],
    ["0.10", 10],
    ["0.29", 29],
    ["$75", 7500],
    [" 19.99 ", 1999],
    [".5", 50],
    ["1000000", 100000000],
    ["1,000,000.00", 100000000],
    ["007.01", 701],
  ])("%s → %i cents", (input, cents) => {
    expect(parseCents(input)).toEqual({ cents });
  });

  it.each([
    ["", "empty"],
    ["-5", "negative"],
    ["$-5", "negative"],
    ["1.234", "decimals"],
    ["12.345", "decimals"],
    ["abc", "format"],
    ["1,23.00", "format"],
    ["12,34", "format"],
    ["1e3", "format"],
    ["0x10", "format"],
    ["Infinity", "format"],
    [".", "format"],
    ["0", "zero"],
    ["0.00", "zero"],
    ["1000000.01", "too_large"],
    ["99999999999999999999", "too_large"],
    // Space inside an amount is not ignored (only around it): "12 34" is not 1,234.00.
    ["12 34", "format"],
    ["1 5", "format"],
    ["1,234 .50", "format"],
    ["$ 12", "format"],
  ])("refuses %j (%s)", (input, problem) => {
    expect(parseCents(input)).toEqual({ problem });
  });

  it("never rounds: every whole-cent amount survives a round trip through its text", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), (cents) => {
        expect(parseCents(centsToInput(cents))).toEqual({ cents });
        // formatted for people, with $ and thousands separators, it still parses back
        expect(parseCents(formatCents(cents))).toEqual({ cents });
      }),
    );
  });

  it("the zod field gives cents or a message", () => {
    expect(money.safeParse("1,234.56")).toEqual({ success: true, data: 123456 });
    const bad = money.safeParse("12.345");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("Use at most two decimals (cents).");
  });
});

describe("formatCents", () => {
  it("formats from integers", () => {
    expect(formatCents(123456)).toBe("$1,234.56");
    expect(formatCents(-1200)).toBe("−$12.00");
    expect(formatCents(5)).toBe("$0.05");
    expect(formatCents(0)).toBe("$0.00");
    expect(formatCents(100, "EUR")).toBe("€1.00");
  });
  it("refuses a fraction of a cent", () => {
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });
});

describe("the money field on parsed values", () => {
  it("passes whole cents through and refuses fractions, zero and too much", () => {
    expect(money.safeParse(1230).data).toBe(1230);
    expect(money.safeParse(12.5).success).toBe(false);
    expect(money.safeParse(0).success).toBe(false);
    expect(money.safeParse(100_000_001).success).toBe(false);
    expect(money.safeParse(undefined).error?.issues[0]?.message).toBe("Enter an amount.");
  });
});

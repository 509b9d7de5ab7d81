import { describe, expect, it } from "vitest";
import { nextCharge } from "./queries.server";

const weekly = { name: "Rent", cadence: "weekly" as const, weekday: 1, monthDay: null, amountCents: 17500, effectiveFrom: "2026-01-01", effectiveTo: null };
const monthly = { name: "Program fee", cadence: "monthly" as const, weekday: null, monthDay: 1, amountCents: 2500, effectiveFrom: "2026-01-01", effectiveTo: null };

describe("the next charge a resident sees", () => {
  it("is the start of the next period of the soonest schedule", () => {
    expect(nextCharge([weekly, monthly], "2026-03-04")).toEqual({ on: "2026-03-09", amountCents: 17500, name: "Rent" });
    expect(nextCharge([weekly, monthly], "2026-03-27")).toEqual({ on: "2026-03-30", amountCents: 17500, name: "Rent" });
  });
  it("adds schedules due the same day", () => {
    expect(nextCharge([weekly, monthly], "2026-05-28")).toEqual({ on: "2026-06-01", amountCents: 20000, name: "Rent, Program fee" });
  });
  it("skips one-time fees and schedules that end first; a schedule not started yet charges first on its first day", () => {
    expect(nextCharge([{ ...weekly, cadence: "once", weekday: null }], "2026-03-04")).toBeNull();
    expect(nextCharge([{ ...weekly, effectiveTo: "2026-03-08" }], "2026-03-04")).toBeNull();
    expect(nextCharge([{ ...monthly, effectiveFrom: "2026-03-20" }], "2026-03-04")).toEqual({ on: "2026-03-20", amountCents: 2500, name: "Program fee" });
  });
});

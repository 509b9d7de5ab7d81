import { describe, expect, it } from "vitest";
import { chargedDays, periodContaining, periodsBetween, prorate, type Recurring } from "./periods";

const weekly = (weekday: number): Recurring => ({ cadence: "weekly", weekday, monthDay: null, effectiveFrom: "2026-01-01" });
const monthly = (monthDay: number): Recurring => ({ cadence: "monthly", weekday: null, monthDay, effectiveFrom: "2026-01-01" });

describe("fee periods", () => {
  it("weekly on a weekday: from that weekday to the next", () => {
    // 2026-03-04 is a Wednesday; Monday-start weeks
    expect(periodContaining(weekly(1), "2026-03-04")).toEqual({ start: "2026-03-02", end: "2026-03-09" });
    expect(periodContaining(weekly(1), "2026-03-02")).toEqual({ start: "2026-03-02", end: "2026-03-09" });
    expect(periodContaining(weekly(5), "2026-03-04")).toEqual({ start: "2026-02-27", end: "2026-03-06" });
    expect(periodContaining(weekly(7), "2026-03-08")).toEqual({ start: "2026-03-08", end: "2026-03-15" });
  });

  it("every two weeks: fortnights counted from the first weekday on or after the schedule's first day", () => {
    const s: Recurring = { cadence: "biweekly", weekday: 5, monthDay: null, effectiveFrom: "2026-01-01" }; // Thu → first Friday Jan 2
    expect(periodContaining(s, "2026-01-02")).toEqual({ start: "2026-01-02", end: "2026-01-16" });
    expect(periodContaining(s, "2026-01-15")).toEqual({ start: "2026-01-02", end: "2026-01-16" });
    expect(periodContaining(s, "2026-01-16")).toEqual({ start: "2026-01-16", end: "2026-01-30" });
    expect(periodContaining(s, "2025-12-31")).toEqual({ start: "2025-12-19", end: "2026-01-02" });
  });

  it("monthly on day 31 uses each month's last day (and Feb 29 in a leap year)", () => {
    expect(periodsBetween(monthly(31), "2028-01-31", "2028-04-30")).toEqual([
      { start: "2028-01-31", end: "2028-02-29" },
      { start: "2028-02-29", end: "2028-03-31" },
      { start: "2028-03-31", end: "2028-04-30" },
      { start: "2028-04-30", end: "2028-05-31" },
    ]);
    expect(periodContaining(monthly(31), "2027-03-01")).toEqual({ start: "2027-02-28", end: "2027-03-31" });
    expect(periodContaining(monthly(1), "2026-12-31")).toEqual({ start: "2026-12-01", end: "2027-01-01" });
    expect(periodContaining(monthly(15), "2026-01-14")).toEqual({ start: "2025-12-15", end: "2026-01-15" });
  });

  it("periods tile the calendar: each ends where the next begins, none is empty", () => {
    for (const s of [weekly(3), monthly(30), monthly(1), { cadence: "biweekly", weekday: 2, monthDay: null, effectiveFrom: "2026-02-11" } as Recurring]) {
      const ps = periodsBetween(s, "2027-12-01", "2029-03-31");
      for (let i = 1; i < ps.length; i++) expect(ps[i]!.start).toBe(ps[i - 1]!.end);
      for (const p of ps) expect(p.start < p.end).toBe(true);
    }
  });
});

describe("proration (ADR 030): by calendar days in the house's zone, halves rounded up", () => {
  it("charges the days of the period the resident lives there", () => {
    // Move in mid-week: Thursday of a Monday week, 4 of 7 days of $140.00 = $80.00
    const p = periodContaining(weekly(1), "2026-03-05");
    const d = chargedDays(p, { from: "2026-01-01", to: null }, [{ from: "2026-03-05", to: null }]);
    expect(d).toEqual({ days: 4, first: "2026-03-05" });
    expect(prorate(14000, d.days, 7)).toBe(8000);
  });

  it("discharge mid-month: the move-out day is not charged", () => {
    const p = periodContaining(monthly(1), "2026-04-10"); // April: 30 days
    const d = chargedDays(p, { from: "2026-01-01", to: null }, [{ from: "2026-01-01", to: "2026-04-16" }]);
    expect(d.days).toBe(15);
    expect(prorate(60000, 15, 30)).toBe(30000);
  });

  it("month ends and the leap day: February's days are February's", () => {
    const feb = periodContaining(monthly(1), "2028-02-10"); // 29 days
    expect(feb).toEqual({ start: "2028-02-01", end: "2028-03-01" });
    const d = chargedDays(feb, { from: "2026-01-01", to: null }, [{ from: "2028-02-29", to: null }]);
    expect(d).toEqual({ days: 1, first: "2028-02-29" });
    expect(prorate(58000, 1, 29)).toBe(2000);
    // Move in on the 31st of a 31-day month: 1 day of 31.
    const jan = periodContaining(monthly(1), "2027-01-31");
    expect(chargedDays(jan, { from: "2026-01-01", to: null }, [{ from: "2027-01-31", to: null }]).days).toBe(1);
    expect(prorate(62000, 1, 31)).toBe(2000);
  });

  it("a week with a daylight-saving change has seven days, like any other", () => {
    // US spring forward 2026-03-08 and fall back 2026-11-01 (both Sundays): a 23-hour and a 25-hour day
    for (const day of ["2026-03-08", "2026-11-01"]) {
      const p = periodContaining(weekly(1), day);
      expect(chargedDays(p, { from: "2026-01-01", to: null }, [{ from: "2026-01-01", to: null }]).days).toBe(7);
      const half = chargedDays(p, { from: "2026-01-01", to: null }, [{ from: day, to: null }]);
      expect(half.days).toBe(1);
      expect(prorate(14000, half.days, 7)).toBe(2000);
    }
  });

  it("rounds half a cent up and never overcharges a full period", () => {
    expect(prorate(100, 1, 8)).toBe(13); // 12.5 → 13
    expect(prorate(100, 3, 7)).toBe(43); // 42.86 → 43
    expect(prorate(1, 1, 2)).toBe(1);
    expect(prorate(99_999_999, 30, 31)).toBe(96_774_193);
    expect(prorate(14000, 7, 7)).toBe(14000);
    expect(prorate(14000, 0, 7)).toBe(0);
  });

  it("the schedule's own dates limit the days too", () => {
    const p = periodContaining(monthly(1), "2026-06-10");
    expect(chargedDays(p, { from: "2026-06-11", to: "2026-06-21" }, [{ from: "2026-01-01", to: null }]).days).toBe(10);
  });

  it("a resident who moved within the period is charged for both stays' days once", () => {
    const p = periodContaining(monthly(1), "2026-06-10");
    const d = chargedDays(p, { from: "2026-01-01", to: null }, [{ from: "2026-05-01", to: "2026-06-10" }, { from: "2026-06-10", to: null }]);
    expect(d).toEqual({ days: 30, first: "2026-06-01" });
  });
});

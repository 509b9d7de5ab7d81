import { describe, expect, it } from "vitest";
import { addDays, daysBetween, formatDateTime, formatDay, isoDate, optionalIsoDate, relativeDay, startOfDayInZone, todayIn } from "./dates";

describe("calendar dates", () => {
  it("today depends on the zone", () => {
    const instant = new Date("2026-03-08T04:30:00Z");
    expect(todayIn("America/New_York", instant)).toBe("2026-03-07");
    expect(todayIn("Europe/Berlin", instant)).toBe("2026-03-08");
  });

  it("adds and counts whole days, across month ends, leap days and DST changes", () => {
    expect(addDays("2026-03-07", 1)).toBe("2026-03-08");
    expect(addDays("2026-03-08", 1)).toBe("2026-03-09"); // US clocks change on Mar 8, 2026
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(daysBetween("2026-03-01", "2026-04-01")).toBe(31);
    expect(daysBetween("2026-11-01", "2026-10-31")).toBe(-1);
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
  });

  it("a day starts at midnight in the zone", () => {
    expect(startOfDayInZone("2026-07-04", "America/Chicago").toISOString()).toBe("2026-07-04T05:00:00.000Z");
  });

  it("reads days for people", () => {
    expect(formatDay("2026-03-04")).toBe("Mar 4, 2026");
    expect(formatDay("2026-03-04", "EEE, MMM d, yyyy")).toBe("Wed, Mar 4, 2026");
    expect(relativeDay("2026-03-05", "2026-03-04")).toBe("tomorrow");
    expect(relativeDay("2026-03-01", "2026-03-04")).toBe("3 days ago");
  });

  it("accepts real days in range only", () => {
    expect(isoDate.safeParse("2026-02-28").success).toBe(true);
    expect(isoDate.safeParse("2026-02-29").error?.issues[0]?.message).toBe("Use a date like 2026-03-01.");
    expect(isoDate.safeParse("1899-12-31").error?.issues[0]?.message).toBe("That date is out of range.");
    expect(optionalIsoDate.parse("")).toBeNull();
  });
});

describe("formatDateTime", () => {
  it("formats in the zone it is given, each call (its formatters are kept per zone)", () => {
    const instant = new Date("2026-03-04T14:05:00Z");
    expect(formatDateTime(instant, "America/New_York")).toBe("Mar 4, 2026, 9:05 AM EST");
    expect(formatDateTime(instant, "America/Los_Angeles")).toBe("Mar 4, 2026, 6:05 AM PST");
    expect(formatDateTime(instant.toISOString(), "America/New_York")).toBe("Mar 4, 2026, 9:05 AM EST");
  });
});

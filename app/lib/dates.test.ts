import { addDays as addDaysToDate, differenceInCalendarDays, format, isValid, parse } from "date-fns";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween, formatDateTime, formatDay, isoDate, isoWeekday, monthDayIn, optionalIsoDate, relativeDay, startOfDayInZone, todayIn } from "./dates";

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

describe("calendar dates read and written by hand", () => {
  // date-fns' parse and format, which dates.ts used before (issue 15), as the reference.
  const ref = (date: string) => parse(date, "yyyy-MM-dd", new Date(2000, 0, 1));
  it("agree with date-fns on every day of 1900–2199, and refuse what is not a day", () => {
    let day = "1900-01-01";
    let checked = 0;
    for (let at = ref(day); day <= "2199-12-31"; at = addDaysToDate(at, 1), day = format(at, "yyyy-MM-dd")) {
      const step = (checked % 61) - 30;
      const later = addDays(day, step);
      if (later !== format(addDaysToDate(ref(day), step), "yyyy-MM-dd")) expect([day, step, later]).toBe("the same as date-fns");
      if (daysBetween(day, later) !== step) expect([day, later, daysBetween(day, later)]).toBe(step);
      if (formatDay(day) !== format(ref(day), "MMM d, yyyy")) expect(formatDay(day)).toBe(format(ref(day), "MMM d, yyyy"));
      if (isoWeekday(day) !== (ref(day).getDay() || 7)) expect([day, isoWeekday(day)]).toBe(ref(day).getDay() || 7);
      checked++;
    }
    expect(checked).toBe(differenceInCalendarDays(ref("2199-12-31"), ref("1900-01-01")) + 1);
    expect(addDays("0099-12-31", 1)).toBe("0100-01-01"); // not read as 1999
    expect(monthDayIn("2026-01-31", 1, 31)).toBe("2026-02-28");
    for (const bad of ["2026-02-30", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "", "2026-01-01T00:00", "2025-02-29"]) {
      expect(isValid(ref(bad)) && /^\d{4}-\d{2}-\d{2}$/.test(bad), bad).toBe(false);
      expect(() => addDays(bad, 1), bad).toThrow(RangeError);
      expect(() => daysBetween(bad, "2026-01-01"), bad).toThrow(RangeError);
    }
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

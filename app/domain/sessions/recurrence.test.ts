import { describe, expect, it } from "vitest";
import { formatInZone } from "#app/lib/dates";
import { expandSeries, ruleProblem } from "./recurrence";
import { describeRule, fromRule, mondayOf, SeriesInput, toRule } from "./schemas";

/** Recurrence in the house's time zone (ADR 025): pure, no database. */
const weekly = (startsOn: string, startTime: string, rule = "FREQ=WEEKLY") => ({ startsOn, startTime, durationMinutes: 60, rule });
const local = (d: Date, zone: string) => formatInZone(d, zone, "yyyy-MM-dd HH:mm");

describe("a weekly session across daylight-saving changes", () => {
  for (const zone of ["America/New_York", "America/Los_Angeles"]) {
    it(`stays at 7 pm local in ${zone} through spring-forward and fall-back`, () => {
      // Sundays from February to mid-November 2026: DST starts Mar 8 and ends Nov 1.
      const got = expandSeries(weekly("2026-02-22", "19:00"), zone, "2026-02-01", "2026-11-16");
      expect(got.map((o) => o.occursOn)).toContain("2026-03-08");
      expect(got.map((o) => o.occursOn)).toContain("2026-11-01");
      expect(got.every((o) => local(o.startsAt, zone).endsWith(" 19:00"))).toBe(true);
      // The instants differ by 7 days minus (or plus) the hour the clocks moved.
      const byDay = Object.fromEntries(got.map((o) => [o.occursOn, o.startsAt.getTime()]));
      expect(byDay["2026-03-08"]! - byDay["2026-03-01"]!).toBe(7 * 24 * 3600_000 - 3600_000);
      expect(byDay["2026-11-01"]! - byDay["2026-10-25"]!).toBe(7 * 24 * 3600_000 + 3600_000);
      expect(new Set(got.map((o) => o.occursOn)).size).toBe(got.length);
      expect(got).toHaveLength(39);
    });
  }

  it("a 2:30 am start on the spring-forward day (a time that does not exist) resolves to 3:30 daylight time", () => {
    for (const zone of ["America/New_York", "America/Los_Angeles"]) {
      const [o] = expandSeries(weekly("2026-03-08", "02:30", "FREQ=DAILY;COUNT=1"), zone, "2026-03-01", "2026-03-15");
      expect(local(o!.startsAt, zone)).toBe("2026-03-08 03:30");
      expect(o!.occursOn).toBe("2026-03-08");
      // The next week it is 2:30 again.
      const next = expandSeries(weekly("2026-03-08", "02:30"), zone, "2026-03-15", "2026-03-16");
      expect(local(next[0]!.startsAt, zone)).toBe("2026-03-15 02:30");
    }
  });

  it("the fall-back day does not duplicate a 1:30 am occurrence (the first 1:30, daylight time)", () => {
    const zone = "America/New_York";
    const got = expandSeries(weekly("2026-10-01", "01:30", "FREQ=DAILY"), zone, "2026-10-31", "2026-11-03");
    expect(got.map((o) => o.occursOn)).toEqual(["2026-10-31", "2026-11-01", "2026-11-02"]);
    expect(got[1]!.startsAt.toISOString()).toBe("2026-11-01T05:30:00.000Z"); // 1:30 EDT
    expect(formatInZone(got[2]!.startsAt, zone, "HH:mm")).toBe("01:30");
  });

  it("expands only the requested window and nothing before the first day", () => {
    expect(expandSeries(weekly("2026-05-04", "18:00"), "UTC", "2026-04-01", "2026-05-04")).toEqual([]);
    expect(expandSeries(weekly("2026-05-04", "18:00"), "UTC", "2026-04-01", "2026-05-12").map((o) => o.occursOn)).toEqual(["2026-05-04", "2026-05-11"]);
    const [o] = expandSeries({ ...weekly("2026-05-04", "18:00"), durationMinutes: 90 }, "UTC", "2026-05-04", "2026-05-05");
    expect(o!.endsAt.getTime() - o!.startsAt.getTime()).toBe(90 * 60_000);
  });
});

describe("rules", () => {
  it("refuses rules we cannot expand, with a message for people", () => {
    expect(ruleProblem("FREQ=WEEKLY;BYDAY=MO,TH")).toBeNull();
    expect(ruleProblem("garbage")).toMatch(/isn't valid/);
    expect(ruleProblem("BYDAY=MO")).toMatch(/FREQ/);
    expect(ruleProblem("FREQ=HOURLY")).toMatch(/at most daily/);
    expect(ruleProblem("FREQ=WEEKLY;BYDAY=XX")).toMatch(/isn't valid/);
    expect(ruleProblem("freq=weekly;byday=mo")).toBeNull();
    expect(ruleProblem("FREQ=DAILY;BYHOUR=9")).toMatch(/time of day out of the rule/);
    expect(ruleProblem("FREQ=WEEKLY;INTERVAL=0")).toMatch(/isn.t valid/);
    expect(ruleProblem("")).toMatch(/Enter/);
  });

  it("refuses rules whose filters could match no day (rrule would iterate to the year 9999), and expands the accepted ones (a hang would time the test out)", () => {
    const empty = ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;INTERVAL=12;BYMONTH=6", "FREQ=DAILY;INTERVAL=7;BYDAY=TU", "FREQ=MONTHLY;BYDAY=9MO", "FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=1", "FREQ=MONTHLY;BYSETPOS=9", "FREQ=WEEKLY;INTERVAL=abc"];
    for (const rule of empty) expect(ruleProblem(rule), rule).not.toBeNull();
    for (const rule of ["FREQ=MONTHLY;BYDAY=1MO", "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", "FREQ=WEEKLY;UNTIL=20200101"]) {
      expect(ruleProblem(rule), rule).toBeNull();
      expandSeries(weekly("2026-01-01", "10:00", rule), "UTC", "2026-01-01", "2029-01-01");
    }
  });

  it("the form's presets round-trip through the stored rule", () => {
    const cases = [
      { repeats: "once", weekdays: [], until: null, customRule: null },
      { repeats: "weekly", weekdays: ["MO", "TH"], until: null, customRule: null },
      { repeats: "biweekly", weekdays: ["WE"], until: "2026-12-31", customRule: null },
      { repeats: "daily", weekdays: [], until: "2026-06-30", customRule: null },
      { repeats: "monthly", weekdays: [], until: null, customRule: null },
      { repeats: "custom", weekdays: [], until: null, customRule: "FREQ=MONTHLY;BYDAY=1MO" },
    ] as const;
    for (const c of cases) expect(fromRule(toRule({ ...c, weekdays: [...c.weekdays] }))).toEqual(c);
    expect(describeRule("FREQ=WEEKLY;BYDAY=MO,TH")).toBe("Every week on Mon, Thu");
  });

  it("a session that ends before it starts, or an invalid custom rule, does not parse", () => {
    const base = { title: "House meeting", kind: "house_meeting", startsOn: "2026-05-04", startTime: "19:00", endTime: "20:00", repeats: "weekly", attendance: "all" };
    expect(SeriesInput.safeParse(base).success).toBe(true);
    const ends = SeriesInput.safeParse({ ...base, endTime: "18:30" });
    expect(ends.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["endTime", expect.stringMatching(/ends before it starts/)]]);
    const rule = SeriesInput.safeParse({ ...base, repeats: "custom", customRule: "FREQ=SOMETIMES" });
    expect(rule.error?.issues.map((i) => i.path.join("."))).toEqual(["customRule"]);
  });

  it("weeks start on Monday", () => {
    expect(mondayOf("2026-03-09")).toBe("2026-03-09");
    expect(mondayOf("2026-03-15")).toBe("2026-03-09");
    expect(mondayOf("2026-03-16")).toBe("2026-03-16");
  });
});

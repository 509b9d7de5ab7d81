import * as rruleModule from "rrule";
import { describe, expect, it } from "vitest";
import { addDays } from "./dates";
import { floating, localInstant, ruleDays, ruleInWords, ruleProblem } from "./recurrence";

const { RRule } = ((rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule) as typeof rruleModule;

describe("ruleProblem", () => {
  it("accepts the rules people use, in any case and with RRULE:", () => {
    for (const rule of ["FREQ=WEEKLY;BYDAY=MO,TH", "freq=weekly;byday=mo", "RRULE:FREQ=DAILY", "FREQ=MONTHLY;BYDAY=1MO", "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", "FREQ=WEEKLY;UNTIL=20200101", "FREQ=DAILY;COUNT=10"]) {
      expect(ruleProblem(rule), rule).toBeNull();
    }
  });

  it("refuses each kind of bad rule with its own message", () => {
    expect(ruleProblem("")).toMatch(/Enter a recurrence rule/);
    expect(ruleProblem(`FREQ=DAILY;${"X".repeat(500)}`)).toMatch(/at most 500/);
    expect(ruleProblem("garbage")).toMatch(/isn't valid/);
    expect(ruleProblem("BYDAY=MO")).toMatch(/needs a FREQ/);
    expect(ruleProblem("FREQ=HOURLY")).toMatch(/at most daily/);
    expect(ruleProblem("FREQ=WEEKLY;BYDAY=XX")).toMatch(/isn't valid/);
    expect(ruleProblem("FREQ=DAILY;BYHOUR=9")).toMatch(/time of day out of the rule/);
    expect(ruleProblem("DTSTART=20260101;FREQ=DAILY")).toMatch(/first day in its own field/);
    expect(ruleProblem("FREQ=WEEKLY;INTERVAL=0")).toMatch(/isn't valid/);
    expect(ruleProblem("FREQ=WEEKLY;BYDAY=1MO")).toMatch(/Numbered weekdays/);
    expect(ruleProblem("FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=1")).toMatch(/either weekdays or days of the month/);
    expect(ruleProblem("FREQ=MONTHLY;INTERVAL=12;BYMONTH=6")).toMatch(/INTERVAL goes only/);
  });

  it("refuses rules whose filters could match no day (rrule would iterate them to the year 9999)", () => {
    for (const rule of ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;INTERVAL=12;BYMONTH=6", "FREQ=DAILY;INTERVAL=7;BYDAY=TU", "FREQ=MONTHLY;BYDAY=9MO", "FREQ=MONTHLY;BYSETPOS=9"]) {
      expect(ruleProblem(rule), rule).not.toBeNull();
    }
  });
});

describe("ruleDays", () => {
  it("lists the days in [from, to), from the first day on", () => {
    expect(ruleDays("FREQ=WEEKLY;BYDAY=MO,TH", "2026-11-02", "2026-11-01", "2026-11-13")).toEqual(["2026-11-02", "2026-11-05", "2026-11-09", "2026-11-12"]);
    expect(ruleDays("FREQ=DAILY", "2026-11-10", "2026-11-01", "2026-11-12")).toEqual(["2026-11-10", "2026-11-11"]);
    expect(ruleDays("FREQ=DAILY", "2026-11-10", "2026-11-12", "2026-11-12")).toEqual([]);
    expect(ruleDays("FREQ=DAILY;COUNT=2", "2026-11-10", "2026-11-01", "2026-12-01")).toEqual(["2026-11-10", "2026-11-11"]);
  });

  it("expands no rule ruleProblem refuses: one that matches no day would run to the year 9999", () => {
    // Without the check rrule walks day by day to the year 9999 and the test times out.
    expect(ruleDays("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "2026-01-01", "2026-01-01", "2027-01-01")).toEqual([]);
  });

  it("lists the same days whether the series began last week or years ago (rrule walks from a later start, ADR 025)", () => {
    // The reference walks every period from the series' own first day, as rrule does by itself.
    const reference = (rule: string, startsOn: string, from: string, to: string) =>
      new RRule({ ...RRule.parseString(rule), dtstart: floating(startsOn, "18:30") })
        .between(floating(startsOn, "00:00"), floating(to), false)
        .map((d) => d.toISOString().slice(0, 10))
        .filter((d) => d >= from && d < to);
    const rules = [
      "FREQ=DAILY", "FREQ=DAILY;INTERVAL=3", "FREQ=DAILY;BYDAY=SA,SU", "FREQ=DAILY;BYMONTH=1,7",
      "FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2", "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
      "FREQ=WEEKLY;INTERVAL=3;BYDAY=SU,WE;WKST=SU", "FREQ=WEEKLY;INTERVAL=4;BYDAY=MO,FR;WKST=TH",
      "FREQ=MONTHLY;BYMONTHDAY=1,15", "FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY", "FREQ=YEARLY",
      "FREQ=DAILY;UNTIL=20260315", "FREQ=WEEKLY;BYDAY=FR;COUNT=20", "FREQ=DAILY;COUNT=400", "FREQ=WEEKLY;INTERVAL=2;COUNT=30",
    ];
    let seed = 15;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let compared = 0;
    for (const rule of rules) {
      for (let i = 0; i < 40; i++) {
        const startsOn = addDays("2023-01-01", random(1200));
        const from = addDays(startsOn, random(930) - 30);
        const to = addDays(from, 1 + random(40));
        const days = ruleDays(rule, startsOn, from, to, { time: "18:30" });
        expect([rule, startsOn, from, to, days]).toEqual([rule, startsOn, from, to, reference(rule, startsOn, from, to)]);
        compared += days.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("keeps a weekly day across daylight-saving changes (days are floating, not instants)", () => {
    expect(ruleDays("FREQ=WEEKLY;BYDAY=SU", "2026-03-01", "2026-03-01", "2026-03-16", { time: "02:30" })).toEqual(["2026-03-01", "2026-03-08", "2026-03-15"]);
  });
});

describe("localInstant", () => {
  it("puts a wall-clock time in the zone's offset on each side of a change, and moves a skipped time forward", () => {
    expect(localInstant("2026-03-07", "19:00", "America/New_York").toISOString()).toBe("2026-03-08T00:00:00.000Z");
    expect(localInstant("2026-03-09", "19:00", "America/New_York").toISOString()).toBe("2026-03-09T23:00:00.000Z");
    expect(localInstant("2026-03-08", "02:30", "America/New_York").toISOString()).toBe("2026-03-08T07:30:00.000Z"); // 3:30 EDT
    expect(localInstant("2026-11-01", "01:30", "America/Los_Angeles").toISOString()).toBe("2026-11-01T08:30:00.000Z"); // first 1:30, PDT
  });
});

describe("ruleInWords", () => {
  it("reads a rule out, and says Custom for what it cannot read", () => {
    expect(ruleInWords("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")).toBe("Every 2 weeks on Tuesday");
    expect(ruleInWords("not a rule")).toBe("Custom");
  });
});

import { describe, expect, it } from "vitest";
import { dueDay, generateInstalments, planProgress, PlanInput } from "./plans";

const base = { residentId: "00000000-0000-4000-8000-000000000001", every: "week", firstDue: "2026-12-01" } as const;

describe("generating a plan's instalments, exactly in cents", () => {
  it("100.00 in 3 → 33.33, 33.33, 33.34 (the last takes the remainder)", () => {
    const rows = generateInstalments({ amountCents: 10000, count: 3, every: "week", firstDue: "2026-12-01" });
    expect(rows.map((r) => r.amountCents)).toEqual([3333, 3333, 3334]);
    expect(rows.map((r) => r.dueOn)).toEqual(["2026-12-01", "2026-12-08", "2026-12-15"]);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
  });
  it("N of a chosen amount: the last takes what is left, and the sum is the amount", () => {
    const rows = generateInstalments({ amountCents: 45001, count: 4, eachCents: 12000, every: "two_weeks", firstDue: "2026-12-01" });
    expect(rows.map((r) => r.amountCents)).toEqual([12000, 12000, 12000, 9001]);
    expect(rows.reduce((s, r) => s + r.amountCents, 0)).toBe(45001);
    expect(rows[3]!.dueOn).toBe("2027-01-12");
  });
  it("sums exactly for many awkward amounts and counts", () => {
    for (const amount of [1, 7, 99, 10001, 123457, 99999999]) {
      for (const count of [1, 2, 3, 7, 12]) {
        if (count > amount) continue;
        const rows = generateInstalments({ amountCents: amount, count, every: "month", firstDue: "2026-01-31" });
        expect(rows.reduce((s, r) => s + r.amountCents, 0)).toBe(amount);
        expect(rows.every((r) => Number.isInteger(r.amountCents) && r.amountCents >= 1)).toBe(true);
      }
    }
  });
  it("monthly keeps the day of the month, or the month's last day", () => {
    expect([0, 1, 2, 3].map((k) => dueDay("2026-01-31", "month", k))).toEqual(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]);
  });
  it("refuses a plan whose instalments cannot all be at least a cent", () => {
    expect(() => generateInstalments({ amountCents: 2, count: 3, every: "week", firstDue: "2026-12-01" })).toThrow(RangeError);
    expect(() => generateInstalments({ amountCents: 100, count: 2, eachCents: 100, every: "week", firstDue: "2026-12-01" })).toThrow(RangeError);
  });
});

describe("the plan form's rules", () => {
  const ok = { ...base, amount: "100", count: 3 };
  it("accepts a plan and parses money to cents", () => {
    const r = PlanInput.safeParse(ok);
    expect(r.success && r.data.amount).toBe(10000);
  });
  it.each([
    ["count", { count: 0 }],
    ["count", { count: 105 }],
    ["count", { count: 2.5 }],
    ["amount", { amount: "12.345" }],
    ["every", { every: "daily" }],
    ["firstDue", { firstDue: "2026-13-01" }],
    ["instalment", { instalment: "50" }], // 3 × 50 over 100: the last would be nothing
    ["instalment", { instalment: "20" }], // 3 × 20 short of 100
  ])("refuses a bad %s", (field, change) => {
    const r = PlanInput.safeParse({ ...ok, ...change });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path[0])).toContain(field);
  });
});

describe("a plan's progress, computed from what was paid", () => {
  const plan = generateInstalments({ amountCents: 30000, count: 3, every: "week", firstDue: "2026-12-01" }); // 100 on Dec 1, 8, 15
  it("nothing paid before the first is due: on track, the first coming up", () => {
    const p = planProgress(plan, 0, "2026-11-30");
    expect(p.onTrack).toBe(true);
    expect(p.next?.seq).toBe(1);
    expect(p.instalments.map((i) => i.status)).toEqual(["due", "due", "due"]);
  });
  it("an instalment due today is not yet behind", () => {
    expect(planProgress(plan, 0, "2026-12-01").behindCents).toBe(0);
  });
  it("payments apply in due order: paid, partly paid, coming up", () => {
    const p = planProgress(plan, 15000, "2026-12-05");
    expect(p.instalments.map((i) => [i.status, i.paidCents])).toEqual([["paid", 10000], ["partly_paid", 5000], ["due", 0]]);
    expect(p.onTrack).toBe(true);
    expect(p.next?.seq).toBe(2);
  });
  it("behind by what was due before today and is unpaid", () => {
    const p = planProgress(plan, 15000, "2026-12-09");
    expect(p.instalments.map((i) => i.status)).toEqual(["paid", "overdue", "due"]);
    expect(p.behindCents).toBe(5000);
    expect(p.onTrack).toBe(false);
  });
  it("overpaying completes the plan and counts no more than its total", () => {
    const p = planProgress(plan, 99999, "2027-01-01");
    expect(p.complete).toBe(true);
    expect(p.paidCents).toBe(30000);
    expect(p.next).toBeNull();
  });
  it("a negative net (refunds larger than payments) counts as nothing paid", () => {
    expect(planProgress(plan, -500, "2026-12-02").paidCents).toBe(0);
  });
});

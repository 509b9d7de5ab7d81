import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "#app/lib/dates";
import { rotate, startingLoads, type RotationInput } from "./rotation";

/**
 * The rotation's promises, over random houses and weeks (fast-check): balance within
 * one chore's effort for everyone present the whole period, nobody assigned on a day
 * they are away, every due chore assigned when someone is in, the same answer for the
 * same input — and the cases people ask about by name.
 */

const START = "2026-03-02"; // a Monday

/** A random house and period: 1–14 days, 1–8 residents (some arriving or leaving mid-period), 1–10 chores. */
const houses = fc
  .record({
    length: fc.integer({ min: 1, max: 14 }),
    residents: fc.array(fc.record({ from: fc.integer({ min: 0, max: 13 }), span: fc.integer({ min: 1, max: 14 }), whole: fc.boolean() }), { minLength: 1, maxLength: 8 }),
    chores: fc.array(fc.record({ effort: fc.integer({ min: 1, max: 5 }), every: fc.integer({ min: 1, max: 4 }), offset: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 10 }),
    history: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 8 }),
    last: fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 10 }),
  })
  .map(({ length, residents, chores, history, last }): RotationInput => {
    const days = Array.from({ length }, (_, i) => addDays(START, i));
    const rs = residents.map((r, i) => ({
      id: `r${i}`,
      present: r.whole ? days : days.filter((_, d) => d >= Math.min(r.from, length - 1) && d < r.from + r.span),
    }));
    return {
      days,
      residents: rs,
      chores: chores.map((c, i) => ({ id: `c${i}`, effort: c.effort, due: days.filter((_, d) => d >= c.offset && (d - c.offset) % c.every === 0) })),
      history: Object.fromEntries(history.map((h, i) => [`r${i}`, h])),
      lastAssignee: Object.fromEntries(last.map((r, i) => [`c${i}`, `r${r}`])),
    };
  });

const maxEffort = (input: RotationInput) => Math.max(...input.chores.map((c) => c.effort));
const presentAll = (input: RotationInput) => input.residents.filter((r) => input.days.every((d) => r.present.includes(d))).map((r) => r.id);

function totals(input: RotationInput, withCarried: boolean) {
  const carried = startingLoads(input, maxEffort(input));
  const t = new Map(input.residents.map((r) => [r.id, withCarried ? carried.get(r.id)! : 0]));
  for (const a of rotate(input)) t.set(a.residentId, t.get(a.residentId)! + a.effort);
  return t;
}

describe("the fair rotation (properties)", () => {
  it("keeps everyone present the whole period within one chore's effort of each other (carried load included)", () => {
    fc.assert(
      fc.property(houses, (input) => {
        const t = totals(input, true);
        const loads = presentAll(input).map((id) => t.get(id)!);
        if (loads.length < 2) return;
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(maxEffort(input));
      }),
      { numRuns: 400 },
    );
  });

  it("with no history, this period's effort alone is within one chore's effort", () => {
    fc.assert(
      fc.property(houses, (generated) => {
        const input = { ...generated, history: {} };
        const t = totals(input, false);
        const loads = presentAll(input).map((id) => t.get(id)!);
        if (loads.length < 2) return;
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(maxEffort(input));
      }),
      { numRuns: 400 },
    );
  });

  it("never assigns someone on a day they are not in the house", () => {
    fc.assert(
      fc.property(houses, (input) => {
        const present = new Map(input.residents.map((r) => [r.id, new Set(r.present)]));
        for (const a of rotate(input)) expect(present.get(a.residentId)!.has(a.day)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("assigns every due chore exactly once on each day someone is in, and none when nobody is", () => {
    fc.assert(
      fc.property(houses, (input) => {
        const got = rotate(input).map((a) => `${a.day}|${a.choreId}`).sort();
        const occupied = new Set(input.residents.flatMap((r) => r.present));
        const want = input.chores.flatMap((c) => c.due.filter((d) => occupied.has(d)).map((d) => `${d}|${c.id}`)).sort();
        expect(got).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it("is deterministic: the same input gives the same assignments, whatever the order of its lists", () => {
    fc.assert(
      fc.property(houses, (input) => {
        const shuffled = { ...input, residents: [...input.residents].reverse(), chores: [...input.chores].reverse() };
        expect(rotate(shuffled)).toEqual(rotate(input));
        expect(rotate(input)).toEqual(rotate(input));
      }),
      { numRuns: 200 },
    );
  });
});

describe("the fair rotation (cases)", () => {
  const week = Array.from({ length: 7 }, (_, i) => addDays(START, i));
  const daily = (id: string, effort = 1) => ({ id, effort, due: week });

  it("one resident does every chore", () => {
    const out = rotate({ days: week, chores: [daily("kitchen", 3), daily("trash")], residents: [{ id: "ray", present: week }] });
    expect(out).toHaveLength(14);
    expect(new Set(out.map((a) => a.residentId))).toEqual(new Set(["ray"]));
  });

  it("more chores than residents: all assigned, shared evenly", () => {
    const chores = ["a", "b", "c", "d", "e"].map((id) => daily(id));
    const out = rotate({ days: week, chores, residents: [{ id: "x", present: week }, { id: "y", present: week }] });
    expect(out).toHaveLength(35);
    const x = out.filter((a) => a.residentId === "x").length;
    expect(Math.abs(x - (35 - x))).toBeLessThanOrEqual(1);
  });

  it("a mid-period admission starts on move-in day, and someone moving out stops the day before move-out", () => {
    const residents = [
      { id: "stays", present: week },
      { id: "arrives", present: week.slice(3) },
      { id: "leaves", present: week.slice(0, 2) },
    ];
    const out = rotate({ days: week, chores: [daily("kitchen"), daily("bath")], residents });
    expect(out.filter((a) => a.residentId === "arrives").every((a) => a.day >= week[3]!)).toBe(true);
    expect(out.filter((a) => a.residentId === "arrives").length).toBeGreaterThan(0);
    expect(out.filter((a) => a.residentId === "leaves").every((a) => a.day < week[2]!)).toBe(true);
  });

  it("does not give the same chore to the same person twice in a row when someone else can take it", () => {
    const residents = ["a", "b", "c"].map((id) => ({ id, present: week }));
    const out = rotate({ days: week, chores: [daily("kitchen", 2), daily("trash", 2)], residents, lastAssignee: { kitchen: "a" } });
    for (const chore of ["kitchen", "trash"]) {
      const order = out.filter((a) => a.choreId === chore).map((a) => a.residentId);
      if (chore === "kitchen") expect(order[0]).not.toBe("a");
      for (let i = 1; i < order.length; i++) expect(order[i]).not.toBe(order[i - 1]);
    }
  });

  it("a resident who carried more recently starts the week with less, and a newcomer with no history is not handed a backlog", () => {
    const residents = ["busy", "rested", "new"].map((id) => ({ id, present: week }));
    const out = rotate({ days: week, chores: [daily("kitchen", 3), daily("trash", 1)], residents, history: { busy: 40, rested: 10 } });
    const effort = (id: string) => out.filter((a) => a.residentId === id).reduce((s, a) => s + a.effort, 0);
    expect(effort("busy")).toBeLessThan(effort("new"));
    expect(effort("new") - effort("busy")).toBeLessThanOrEqual(3);
  });

  it("nobody in the house: nothing is assigned", () => {
    expect(rotate({ days: week, chores: [daily("kitchen")], residents: [] })).toEqual([]);
  });
});

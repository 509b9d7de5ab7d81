import { describe, expect, it } from "vitest";
import { readiness, sumCounts } from "./readiness";

const counts = (c: Partial<Parameters<typeof readiness>[0]>) => ({ items: 0, answered: 0, applicable: 0, met: 0, requiredApplicable: 0, requiredMet: 0, ...c });

describe("readiness (ADR 058)", () => {
  it("weighs a required item twice a recommended one", () => {
    // 2 required (1 met), 2 recommended (both met): (2 + 2) of (4 + 2) points.
    expect(readiness(counts({ applicable: 4, met: 3, requiredApplicable: 2, requiredMet: 1 })).percent).toBe(66);
    // The same answers unweighted would read 75%.
    expect(readiness(counts({ applicable: 4, met: 3, requiredApplicable: 0, requiredMet: 0 })).percent).toBe(75);
  });

  it("rounds down: 100% only when every applicable item is met, 0% with nothing applicable", () => {
    expect(readiness(counts({ applicable: 200, met: 199, requiredApplicable: 200, requiredMet: 199 })).percent).toBe(99);
    expect(readiness(counts({ applicable: 5, met: 5, requiredApplicable: 3, requiredMet: 3 })).percent).toBe(100);
    expect(readiness(counts({})).percent).toBe(0);
  });

  it("adds domains up", () => {
    expect(sumCounts([counts({ items: 3, met: 1 }), counts({ items: 2, met: 2, requiredMet: 1 })])).toMatchObject({ items: 5, met: 3, requiredMet: 1 });
  });
});

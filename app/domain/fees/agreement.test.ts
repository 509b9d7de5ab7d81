import { describe, expect, it } from "vitest";
import { agreementTerms, agreementText, covers, termOf, type AgreementSchedule } from "./agreement";
import { agreementHash } from "./agreement.server";

/** The agreement's terms and its content hash (ADR 031), pure. */
const s = (over: Partial<AgreementSchedule>): AgreementSchedule => ({
  id: "00000000-0000-4000-8000-000000000001",
  name: "Rent",
  houseId: "h1",
  bedId: null,
  cadence: "weekly",
  weekday: 1,
  monthDay: null,
  amountCents: 15000,
  isDeposit: false,
  effectiveFrom: "2026-01-01",
  effectiveTo: null,
  ...over,
});
const stay = { houseId: "h1", bedId: "b1", from: "2026-11-10", to: null };

describe("agreement terms", () => {
  it("takes org-wide, the house's and the bed's schedules that apply at any time during the stay (ended ones too), in a fixed order", () => {
    const schedules = [
      s({ id: "bed", bedId: "b1", name: "Single room" }),
      s({ id: "otherbed", bedId: "b2" }),
      s({ id: "otherhouse", houseId: "h2" }),
      s({ id: "org", houseId: null, name: "Program fee", cadence: "monthly", weekday: null, monthDay: 1 }),
      s({ id: "ended", effectiveTo: "2026-11-29" }),
      s({ id: "endedBeforeStay", effectiveTo: "2026-11-09" }),
      s({ id: "endsToday", effectiveTo: "2026-11-30" }),
      s({ id: "movein", cadence: "once", weekday: null, effectiveFrom: "2026-11-01" }),
      s({ id: "oldmovein", cadence: "once", weekday: null, effectiveFrom: "2026-01-01", effectiveTo: "2026-06-30" }),
      s({ id: "upcoming", effectiveFrom: "2027-01-01" }),
    ];
    expect(agreementTerms(schedules, stay).map((t) => t.scheduleId)).toEqual(["org", "ended", "endsToday", "movein", "upcoming", "bed"]);
    expect(agreementTerms(schedules, stay).map((t) => t.scope)).toEqual(["org", "house", "house", "house", "house", "bed"]);
  });

  it("the text and hash are stable: the same terms in any order give the same bytes; any change gives another hash", () => {
    const a = [s({ id: "a" }), s({ id: "b", name: "Key", cadence: "once", weekday: null })];
    const text1 = agreementText("USD", agreementTerms(a, stay));
    const text2 = agreementText("USD", agreementTerms([...a].reverse(), stay));
    expect(text1).toBe(text2);
    expect(agreementHash(text1)).toMatch(/^[0-9a-f]{64}$/);
    expect(agreementHash(text1)).toBe(agreementHash(text2));
    const changed = agreementText("USD", agreementTerms([s({ id: "a", amountCents: 15001 }), a[1]!], stay));
    expect(agreementHash(changed)).not.toBe(agreementHash(text1));
    // A known value: the hash is of these exact bytes (a change of format is a change of hash).
    expect(agreementHash(agreementText("USD", []))).toBe(agreementHash('{"version":1,"currency":"USD","terms":[]}'));
  });

  it("covers: the same schedule and terms, or one ended earlier than agreed; not a new amount, day or start", () => {
    const agreed = [termOf(s({ effectiveTo: null }))];
    expect(covers(agreed, s({}))).toBe(true);
    expect(covers(agreed, s({ effectiveTo: "2026-12-31" }))).toBe(true);
    expect(covers(agreed, s({ amountCents: 16000 }))).toBe(false);
    expect(covers(agreed, s({ weekday: 2 }))).toBe(false);
    expect(covers(agreed, s({ effectiveFrom: "2026-01-02" }))).toBe(false);
    expect(covers(agreed, s({ id: "other" }))).toBe(false);
    const endsSoon = [termOf(s({ effectiveTo: "2026-12-31" }))];
    expect(covers(endsSoon, s({ effectiveTo: "2027-01-31" }))).toBe(false);
    expect(covers(endsSoon, s({ effectiveTo: null }))).toBe(false);
  });
});

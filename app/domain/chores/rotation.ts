import type { CalendarDate } from "#app/lib/dates";

/**
 * The fair rotation (pure: no database, no clock; ADR 024). Given the period's days, the
 * chores due on each day, who is in the house on each day and the effort each resident
 * carried over the last weeks, it assigns every due chore on a day someone is present:
 *
 *  - **Balance.** Each resident starts the period with a carried load: their recent effort
 *    above the least-loaded resident's, capped at one chore's largest effort (so a
 *    newcomer, or someone back from a hospital stay, is never handed a backlog). Chores
 *    are handed out day by day, heaviest first, to someone whose load after taking it is
 *    at most the lowest present load plus the heaviest chore: the spread between
 *    residents present the whole period (carried load + this period) never exceeds one
 *    chore's largest effort.
 *  - **No repeats.** Among those, someone who did not do this chore the last time it was
 *    due is preferred; only when everyone within the balance bound did it last time
 *    does a repeat happen.
 *  - **Presence.** Only residents present on the day are considered (move-in day
 *    counts, move-out day does not — the stay's [move-in, move-out) range).
 *  - **Determinism.** Ties are broken by a hash of the day, chore and resident, so the
 *    same input always gives the same assignments, and ties do not always favour the
 *    same person.
 */

export type RotationInput = {
  /** The period's days, in order. */
  days: readonly CalendarDate[];
  /** The chores, each with its effort and the days (within the period) it is due. */
  chores: readonly { id: string; effort: number; due: readonly CalendarDate[] }[];
  /** Residents with the days (within the period) they are in the house. */
  residents: readonly { id: string; present: readonly CalendarDate[] }[];
  /** Effort each resident carried over the last weeks (missing = 0). */
  history?: Readonly<Record<string, number>>;
  /** Who did each chore the last time before the period (missing = nobody). */
  lastAssignee?: Readonly<Record<string, string>>;
};

export type Assignment = { day: CalendarDate; choreId: string; residentId: string; effort: number };

export function rotate(input: RotationInput): Assignment[] {
  const maxEffort = Math.max(1, ...input.chores.map((c) => c.effort));
  const load = startingLoads(input, maxEffort);
  const last = new Map(Object.entries(input.lastAssignee ?? {}));
  const presentOn = new Map<CalendarDate, string[]>();
  for (const r of input.residents) {
    for (const day of r.present) presentOn.set(day, [...(presentOn.get(day) ?? []), r.id]);
  }
  const dueOn = new Map<CalendarDate, { id: string; effort: number }[]>();
  for (const c of input.chores) {
    for (const day of new Set(c.due)) dueOn.set(day, [...(dueOn.get(day) ?? []), { id: c.id, effort: c.effort }]);
  }

  const out: Assignment[] = [];
  for (const day of [...new Set(input.days)].sort()) {
    const present = [...new Set(presentOn.get(day) ?? [])].sort();
    if (!present.length) continue;
    const chores = [...(dueOn.get(day) ?? [])].sort((a, b) => b.effort - a.effort || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const countToday = new Map<string, number>();
    for (const chore of chores) {
      const lowest = Math.min(...present.map((r) => load.get(r)!));
      // Within the balance bound: taking the chore keeps everyone within maxEffort of the lowest.
      const allowed = present.filter((r) => load.get(r)! + chore.effort <= lowest + maxEffort);
      const pool = allowed.length ? allowed : present; // (never empty: the lowest always fits)
      const fresh = pool.filter((r) => r !== last.get(chore.id));
      const candidates = fresh.length ? fresh : pool;
      const chosen = candidates.reduce((best, r) => (better(r, best, { load, countToday, day, choreId: chore.id }) ? r : best));
      load.set(chosen, load.get(chosen)! + chore.effort);
      countToday.set(chosen, (countToday.get(chosen) ?? 0) + 1);
      last.set(chore.id, chosen);
      out.push({ day, choreId: chore.id, residentId: chosen, effort: chore.effort });
    }
  }
  return out;
}

/** Carried load: recent effort above the least-loaded resident's, capped at one chore's largest effort. */
export function startingLoads(input: Pick<RotationInput, "residents" | "history">, maxEffort: number): Map<string, number> {
  const history = input.history ?? {};
  const ids = input.residents.map((r) => r.id);
  const floor = ids.length ? Math.min(...ids.map((id) => history[id] ?? 0)) : 0;
  return new Map(ids.map((id) => [id, Math.min(maxEffort, Math.max(0, (history[id] ?? 0) - floor))]));
}

type Tie = { load: Map<string, number>; countToday: Map<string, number>; day: string; choreId: string };

/** Is `a` a better pick than `b`? Lower load, then fewer chores today, then the hash. */
function better(a: string, b: string, t: Tie): boolean {
  const la = t.load.get(a)!;
  const lb = t.load.get(b)!;
  if (la !== lb) return la < lb;
  const ca = t.countToday.get(a) ?? 0;
  const cb = t.countToday.get(b) ?? 0;
  if (ca !== cb) return ca < cb;
  const ha = hash(`${t.day}|${t.choreId}|${a}`);
  const hb = hash(`${t.day}|${t.choreId}|${b}`);
  return ha !== hb ? ha < hb : a < b;
}

/** FNV-1a, 32 bits: a stable, well-spread tie-breaker. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

import { faker } from "@faker-js/faker";
import type { Role } from "#app/db/schema";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { setMembershipHouses, createHouse } from "#app/domain/houses/houses.server";
import { addBeds, createRoom } from "#app/domain/houses/layout.server";
import type { HouseInput } from "#app/domain/houses/schemas";
import { createResident } from "#app/domain/residents/residents.server";
import type { ResidentInput } from "#app/domain/residents/schemas";
import { admitResident } from "#app/domain/admissions/stays.server";
import { isDomainError, type DomainErrorKind } from "#app/domain/errors.server";
import { makeOrg, makeUser } from "./factories";

/** Factories for houses, beds, residents and stays (through the domain API, under RLS). */

export type OrgFixture = { orgId: string; ownerId: string; owner: TenantContext };

export async function makeOperator(): Promise<OrgFixture> {
  const org = await makeOrg();
  const owner = await makeUser({ orgId: org.id, role: "owner" });
  return { orgId: org.id, ownerId: owner.id, owner: { orgId: org.id, userId: owner.id, role: "owner" } };
}

/** A member of the org with `role`, optionally assigned to houses; returns their tenant context. */
export async function makeMember(
  fx: OrgFixture,
  role: Role,
  houseIds: string[] = [],
): Promise<{ userId: string; membershipId: string; ctx: TenantContext }> {
  const user = await makeUser({ orgId: fx.orgId, role });
  const membershipId = await withTenant(fx.owner, async (tx) => {
    const m = await tx.selectFrom("membership").select("id").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    if (houseIds.length) await setMembershipHouses(tx, { membershipId: m.id, houseIds });
    return m.id;
  });
  return { userId: user.id, membershipId, ctx: { orgId: fx.orgId, userId: user.id, role } };
}

let houseCounter = 0;
export function houseInput(overrides: Partial<HouseInput> = {}): HouseInput {
  return {
    name: `${faker.location.street()} House ${++houseCounter}`,
    addressLine1: faker.location.streetAddress(),
    city: "Philadelphia",
    region: "PA",
    postalCode: "19104",
    populations: ["men"],
    narrLevel: 2,
    ...overrides,
  };
}

export type HouseFixture = { houseId: string; roomIds: string[]; bedIds: string[] };

/** A house with `rooms` rooms of `bedsPerRoom` beds (labels A, B, …). */
export async function makeHouse(
  ctx: TenantContext,
  opts: { rooms?: number; bedsPerRoom?: number; house?: Partial<HouseInput> } = {},
): Promise<HouseFixture> {
  return withTenant(ctx, async (tx) => {
    const { id: houseId } = await createHouse(tx, houseInput(opts.house));
    const roomIds: string[] = [];
    const bedIds: string[] = [];
    for (let i = 1; i <= (opts.rooms ?? 1); i++) {
      const { id: roomId } = await createRoom(tx, { houseId, name: `Room ${i}` });
      roomIds.push(roomId);
      const beds = await addBeds(tx, { roomId, count: opts.bedsPerRoom ?? 2 });
      bedIds.push(...beds.map((b) => b.id));
    }
    return { houseId, roomIds, bedIds };
  });
}

export function residentInput(overrides: Partial<ResidentInput> = {}): ResidentInput {
  return { legalName: faker.person.fullName(), phone: "215-555-0100", ...overrides };
}

export async function makeResident(ctx: TenantContext, overrides: Partial<ResidentInput> = {}): Promise<string> {
  return withTenant(ctx, async (tx) => (await createResident(tx, residentInput(overrides))).id);
}

/** A resident admitted to `bedId` from `moveIn` (open-ended unless moveOut). */
export async function makeStay(
  ctx: TenantContext,
  bedId: string,
  moveIn: string,
  moveOut: string | null = null,
): Promise<{ residentId: string; stayId: string }> {
  return withTenant(ctx, async (tx) => {
    const { id: residentId } = await createResident(tx, residentInput());
    const { stayId } = await admitResident(tx, { residentId, bedId, moveInDate: moveIn, expectedMoveOutDate: moveOut });
    return { residentId, stayId };
  });
}

/** What a refusal must say: its field (null = the form as a whole) and its message (exact, or a pattern). */
export type ExpectedRefusal = { field?: string | null; message?: string | RegExp };

/**
 * Await a promise expected to fail with a DomainError of `kind` — and, when given, on
 * `field` with `message` (so a test of one rule fails when another rule refuses the
 * input instead). Returns the error.
 */
export async function expectDomainError(p: Promise<unknown>, kind: DomainErrorKind, expected: ExpectedRefusal = {}) {
  let caught: unknown;
  try {
    await p;
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error(`expected a DomainError(${kind}), but it succeeded`);
  if (!isDomainError(caught, kind)) throw new Error(`expected a DomainError(${kind}), got ${String(caught)}`, { cause: caught });
  const what = `DomainError(${kind}, ${JSON.stringify(caught.field ?? null)}, ${JSON.stringify(caught.message)})`;
  if (expected.field !== undefined && (caught.field ?? null) !== expected.field) {
    throw new Error(`expected the refusal on field ${JSON.stringify(expected.field)}, got ${what}`, { cause: caught });
  }
  const m = expected.message;
  if (m !== undefined && (typeof m === "string" ? caught.message !== m : !m.test(caught.message))) {
    throw new Error(`expected the message ${String(m)}, got ${what}`, { cause: caught });
  }
  return caught;
}

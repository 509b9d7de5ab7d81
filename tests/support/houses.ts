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

/** Await a promise expected to fail with a DomainError of `kind`; returns the error. */
export async function expectDomainError(p: Promise<unknown>, kind: DomainErrorKind) {
  try {
    await p;
  } catch (error) {
    if (isDomainError(error, kind)) return error;
    throw new Error(`expected a DomainError(${kind}), got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected a DomainError(${kind}), but it succeeded`);
}

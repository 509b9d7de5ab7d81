import type { Tx } from "#app/db/tenant.server";
import { DomainError, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";

/**
 * Pages address rooms and beds below a house (`/houses/:houseId/rooms`), while the
 * layout functions take a room or bed id alone. These checks make sure the id in a
 * form belongs to the house in the URL (and is visible to the caller), so a form
 * posted to one house can never change another. One query each.
 */

export async function requireRoomInHouse(tx: Tx, houseId: string, roomId: string): Promise<void> {
  const house = parseInput(idSchema, houseId);
  const room = parseInput(idSchema, roomId);
  const row = await tx.selectFrom("room").select("id").where("id", "=", room).where("house_id", "=", house).executeTakeFirst();
  if (!row) throw new DomainError("not_found", "That room is not in this house. Reload the page and try again.", { field: "roomId" });
}

export async function requireBedInHouse(tx: Tx, houseId: string, bedId: string): Promise<void> {
  const house = parseInput(idSchema, houseId);
  const bed = parseInput(idSchema, bedId);
  const row = await tx.selectFrom("bed").select("id").where("id", "=", bed).where("house_id", "=", house).executeTakeFirst();
  if (!row) throw new DomainError("not_found", "That bed is not in this house. Reload the page and try again.", { field: "bedId" });
}

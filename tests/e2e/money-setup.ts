import type { BrowserContext, Locator, Page } from "@playwright/test";
import { addDays, todayIn } from "../../app/lib/dates";
import { expect } from "./fixtures";

/**
 * Set-up helpers for the money specs (fee-agreement, online-payment): a house of the spec's
 * own (its name should sort after the demo houses, so "first free bed" elsewhere never
 * lands there), residents unique to the run, admitted and invited through the UI as a
 * house manager would. Nothing here touches the demo rows.
 */

export const ORG = "/o/riverside";
export const PASSWORD = "juniper kettle saffron 61";
export const today = todayIn("America/New_York");
export const moveIn = addDays(today, -10); // ten days ago: at least one full weekly period is due
export const feeFrom = addDays(today, -40);

export const runId = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function fitsThePhone(page: Page) {
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
}

/** A house of the manager's own, one room with `beds` beds and (given `feeName`) a weekly $70 fee from 40 days ago. Returns its base path. */
export async function setUpHouse(page: Page, houseName: string, feeName: string | null, beds: number) {
  await page.goto(`${ORG}/houses/new`);
  await page.getByLabel("House name").fill(houseName);
  await page.getByLabel("Street address").fill("12 Quarry Road");
  await page.getByLabel("City").fill("Philadelphia");
  await page.getByLabel("State or province").fill("PA");
  await page.getByLabel("ZIP or postal code").fill("19147");
  await page.getByRole("checkbox", { name: "Men", exact: true }).check();
  await page.getByRole("button", { name: "Add house" }).click();
  await expect(page).toHaveURL(new RegExp(`${ORG}/houses/[0-9a-f-]{36}/rooms$`));
  const houseUrl = new URL(page.url()).pathname.replace(/\/rooms$/, "");
  const addRoom = page.locator("form#add-room");
  await addRoom.getByLabel("Room name").fill("Room 1");
  await addRoom.getByRole("button", { name: "Add room" }).click();
  await expect(page.getByText("Room 1 added. Now add its beds.")).toBeVisible();
  const card = page.getByRole("region", { name: "Room 1", exact: true });
  await card.getByLabel("How many beds").fill(String(beds));
  await card.getByRole("button", { name: "Add beds to Room 1" }).click();
  await expect(page.getByText(new RegExp(`^Added ${beds} beds?:`))).toBeVisible();

  if (!feeName) return houseUrl;
  await page.goto(`${houseUrl}/fees`);
  const schedule = page.locator("form#schedule");
  await schedule.getByLabel("Name").fill(feeName);
  await schedule.getByLabel("Amount").fill("70");
  await schedule.getByLabel("How often").selectOption("weekly");
  await schedule.getByLabel("Weekday (weekly, every two weeks)").selectOption("1");
  await schedule.getByLabel("First day").fill(feeFrom);
  await schedule.getByRole("button", { name: "Add fee" }).click();
  await expect(page.getByText(`“${feeName}” added.`, { exact: false })).toBeVisible();
  return houseUrl;
}

/** A new resident profile, admitted to `bedLabel` in the house from ten days ago. Returns their id. */
export async function addAndAdmit(page: Page, legalName: string, email: string | null, houseName: string, bedLabel: string) {
  await page.goto(`${ORG}/residents/new`);
  await page.getByLabel("Legal name").fill(legalName);
  if (email) await page.getByLabel("Email (optional)").fill(email);
  await page.getByRole("button", { name: "Add resident" }).click();
  await expect(page).toHaveURL(new RegExp(`${ORG}/residents/[0-9a-f-]{36}$`));
  const residentId = new URL(page.url()).pathname.split("/").at(-1)!;
  await page.goto(`${ORG}/admit?residentId=${residentId}&moveInDate=${moveIn}`);
  const bed = page.getByLabel("Bed", { exact: true });
  await bed.selectOption((await bedOption(bed, houseName, bedLabel))!);
  await page.getByRole("button", { name: /^Admit from / }).click();
  await expect(page).toHaveURL(new RegExp(`${ORG}/stays/[0-9a-f-]{36}$`));
  await expect(page.getByRole("heading", { name: "Admitted" })).toBeVisible();
  return residentId;
}

/** The manager invites the resident to the portal; the resident accepts from the email in `context`. */
export async function inviteAndAccept(page: Page, context: BrowserContext, residentId: string, who: { name: string; email: string }) {
  await page.goto(`${ORG}/residents/${residentId}`);
  await page.getByRole("button", { name: "Invite to the resident portal" }).click();
  await expect(page.getByText("Invitation sent. The link works once and expires in 7 days.")).toBeVisible();
  const resident = await context.newPage();
  await resident.goto("/dev/mailbox");
  const message = resident.getByRole("row").filter({ hasText: who.email }).first().getByRole("link");
  await expect(async () => {
    await resident.reload();
    await expect(message).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await message.click();
  const inviteLink = resident.locator('a[href*="/invite/"]').first();
  await expect(inviteLink).toBeVisible();
  await resident.goto((await inviteLink.getAttribute("href"))!);
  await resident.getByLabel("Your name").fill(who.name);
  await resident.getByLabel("Password").fill(PASSWORD);
  await resident.getByRole("button", { name: "Accept invitation" }).click();
  await expect(resident).toHaveURL(new RegExp(`${ORG}/me(/documents)?$`));
  return resident;
}

/** The value of the option labelled `label` in the `house` group of a bed select. */
export async function bedOption(select: Locator, house: string, label: string) {
  const option = select.locator(`optgroup[label="${house}"] > option`).filter({ hasText: label });
  await expect(option).toHaveCount(1);
  return option.getAttribute("value");
}

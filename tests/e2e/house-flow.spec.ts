import type { Locator } from "@playwright/test";
import { addDays, todayIn } from "../../app/lib/dates";
import { DEMO, expect, expectAxeClean, test } from "./fixtures";

// The acceptance scenario, end to end in one story: a house manager sets up a
// house of their own (2 rooms × 3 beds), screens and admits someone who applied online
// for it, moves them to another bed, invites them to the portal — where they sign in
// and see their bed — and records their discharge.
//
// Independent of the demo data and of specs running alongside: the house, the
// applicant and their email are unique to this run, every bed is chosen by house and
// label, and the house's name sorts after the demo houses ("first free bed" elsewhere
// never lands here).

test("a house manager sets up a house and takes an applicant from application to discharge; the resident sees their bed", async ({
  page,
  browser,
  baseURL,
  signIn,
  consoleErrors,
}) => {
  test.setTimeout(480_000);
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const houseName = `Zinnia House ${run}`;
  const applicant = { name: `Avery Quill ${run}`, email: `avery.${run}@example.test`, password: "meadow lantern cobalt 83" };
  const today = todayIn("America/New_York");
  const moveIn = addDays(today, -3); // moved in a few days ago, so they can move beds today
  const org = "/o/riverside";

  // 1. The house manager adds a house: it's theirs to run from then on.
  await signIn(DEMO.houseManager);
  await page.goto(`${org}/houses`);
  await expect(page.getByRole("heading", { level: 1, name: "Houses" })).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole("link", { name: "Add a house" }).click();
  await expect(page).toHaveURL(new RegExp(`${org}/houses/new$`));
  await expect(page.getByRole("heading", { level: 1, name: "Add a house" })).toBeVisible();
  await expectAxeClean(page);

  await page.getByLabel("House name").fill(houseName);
  await page.getByLabel("Street address").fill("88 Orchard Lane");
  await page.getByLabel("City").fill("Philadelphia");
  await page.getByLabel("State or province").fill("PA");
  await page.getByLabel("ZIP or postal code").fill("19147");
  await page.getByRole("checkbox", { name: "Men", exact: true }).check();
  await page.getByRole("checkbox", { name: "Medication for OUD welcome" }).check();
  await page.getByRole("button", { name: "Add house" }).click();

  // 2. … and lands on its rooms page: 2 rooms × 3 beds.
  await expect(page).toHaveURL(new RegExp(`${org}/houses/[0-9a-f-]{36}/rooms$`));
  const houseUrl = page.url().replace(/\/rooms$/, "");
  await expect(page.getByRole("heading", { level: 1, name: "Rooms and beds" })).toBeVisible();
  await expect(page.getByText("House added. Next, add its rooms and beds.")).toBeVisible();
  await expectAxeClean(page);
  for (const room of ["Room 1", "Room 2"]) {
    const addRoom = page.locator("form#add-room");
    await addRoom.getByLabel("Room name").fill(room);
    await addRoom.getByRole("button", { name: "Add room" }).click();
    await expect(page.getByText(`${room} added. Now add its beds.`)).toBeVisible();
    const card = page.getByRole("region", { name: room, exact: true });
    await card.getByLabel("How many beds").fill("3");
    await card.getByRole("button", { name: `Add beds to ${room}` }).click();
    await expect(page.getByText("Added 3 beds: A, B, C.")).toBeVisible();
  }
  await expect(page.getByText(`${houseName}: 2 rooms, 6 beds.`)).toBeVisible();
  await expectAxeClean(page);

  // 3. Someone applies online for this house (an anonymous visitor, in their own browser).
  const visitorContext = await browser.newContext({ baseURL });
  consoleErrors.watch(visitorContext);
  const visitor = await visitorContext.newPage();
  await visitor.goto("/apply/riverside");
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Apply to Riverside Recovery Homes");
  await expectAxeClean(visitor);
  await visitor.getByLabel("Your name").fill(applicant.name);
  await visitor.getByLabel("Email address").fill(applicant.email);
  await visitor.getByRole("radio", { name: "A treatment program" }).check();
  await visitor.getByLabel("Which house would you prefer? (optional)").selectOption({ label: houseName });
  await visitor.getByLabel(/I agree that Riverside Recovery Homes may contact me/).check();
  await visitor.getByRole("button", { name: "Send my application" }).click();
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Thank you — we've received your application");
  await expectAxeClean(visitor);
  await visitorContext.close();

  // 4. The manager finds it among the applications and screens it.
  await page.goto(`${org}/applications`);
  await expect(page.getByRole("heading", { level: 1, name: "Applications" })).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole("link", { name: applicant.name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Application from ${applicant.name}`);
  await expect(page.getByText(houseName)).toBeVisible(); // the house preference
  await expectAxeClean(page);
  await page.getByRole("button", { name: "Start screening" }).click();
  await expect(page.getByText("Status changed to Screening.")).toBeVisible();
  await page.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(page.getByText("Status changed to Accepted.")).toBeVisible();
  await expectAxeClean(page);

  // 5. Admit into the new house, Room 1 bed A, from a few days ago.
  await page.getByLabel("Move-in date").fill(moveIn);
  await page.getByRole("button", { name: "Show free beds" }).click();
  await expect(page).toHaveURL(new RegExp(`moveInDate=${moveIn}`));
  const admitBed = page.getByLabel("Bed", { exact: true });
  await admitBed.selectOption((await bedOption(admitBed, houseName, "Room 1 · Bed A"))!);
  await expectAxeClean(page);
  await page.getByRole("button", { name: /^Admit from / }).click();
  await expect(page).toHaveURL(new RegExp(`${org}/stays/[0-9a-f-]{36}$`));
  const firstStayUrl = page.url();
  await expect(page.getByRole("heading", { name: "Admitted" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Stay" })).toBeVisible();
  await expect(page.getByText(`${houseName}, Room 1 · Bed A`, { exact: true })).toBeVisible();
  await expectAxeClean(page);

  // 6. Move them to Room 2 bed A today.
  const newBed = page.getByLabel("New bed");
  await newBed.selectOption((await bedOption(newBed, houseName, "Room 2 · Bed A"))!);
  await page.getByRole("button", { name: /^Transfer on / }).click();
  await expect(page).not.toHaveURL(firstStayUrl);
  await expect(page).toHaveURL(new RegExp(`${org}/stays/[0-9a-f-]{36}$`));
  await expect(page.getByRole("heading", { name: "Move recorded" })).toBeVisible();
  const stayUrl = page.url().split("?")[0]!;
  await expect(page.getByText(`${houseName}, Room 2 · Bed A`, { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "The previous stay" })).toBeVisible();
  await expectAxeClean(page);

  // 7. Invite them to the resident portal from their profile (their email came with the application).
  await page.getByRole("link", { name: applicant.name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${org}/residents/[0-9a-f-]{36}$`));
  await expect(page.getByRole("heading", { level: 1, name: applicant.name })).toBeVisible();
  await expect(page.getByText(applicant.email)).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole("button", { name: "Invite to the resident portal" }).click();
  await expect(page.getByText("Invitation sent. The link works once and expires in 7 days.")).toBeVisible();
  await expectAxeClean(page);

  // 8. The resident, in their own browser, finds the email and accepts with a password.
  const residentContext = await browser.newContext({ baseURL });
  consoleErrors.watch(residentContext);
  const resident = await residentContext.newPage();
  await resident.goto("/dev/mailbox");
  const message = resident.getByRole("row").filter({ hasText: applicant.email }).first().getByRole("link");
  await expect(async () => {
    await resident.reload();
    await expect(message).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await expectAxeClean(resident);
  await message.click();
  const inviteLink = resident.locator('a[href*="/invite/"]').first();
  await expect(inviteLink).toBeVisible();
  await expectAxeClean(resident);
  await resident.goto((await inviteLink.getAttribute("href"))!);
  await expect(resident).toHaveURL(/\/invite\/[^/]+$/);
  await expectAxeClean(resident);
  await resident.getByLabel("Your name").fill(applicant.name);
  await resident.getByLabel("Password").fill(applicant.password);
  await resident.getByRole("button", { name: "Accept invitation" }).click();
  // Their house documents wait for their signature first; their home is one tap on.
  await expect(resident).toHaveURL(new RegExp(`${org}/me/documents$`));
  await resident.getByRole("link", { name: "Continue to my home" }).click();
  await expect(resident).toHaveURL(new RegExp(`${org}/me$`));

  // 9. They sign in again with that password and see their current bed, and who runs the house.
  await resident.getByRole("button", { name: "Sign out" }).click();
  await expect(resident).toHaveURL(/\/login$/);
  await expectAxeClean(resident);
  await resident.getByLabel("Email").fill(applicant.email);
  await resident.getByLabel("Password").fill(applicant.password);
  await resident.getByRole("button", { name: "Sign in" }).click();
  // The org's house documents wait for their signature first; their home is one tap on.
  await expect(resident).toHaveURL(new RegExp(`${org}/me/documents$`));
  await resident.getByRole("link", { name: "Continue to my home" }).click();
  await expect(resident).toHaveURL(new RegExp(`${org}/me$`));
  await expect(resident.getByRole("heading", { level: 1, name: "My home" })).toBeVisible();
  await expect(resident.getByRole("heading", { name: "Where you live" })).toBeVisible();
  await expect(resident.getByText(houseName)).toBeVisible();
  await expect(resident.getByText("Room 2, bed A")).toBeVisible();
  await expect(resident.getByText("Luis Ortega")).toBeVisible(); // the manager who set the house up runs it
  await expectAxeClean(resident);

  // 10. The manager records the discharge (moving out tomorrow, program completed).
  await page.goto(stayUrl);
  await expect(page.getByRole("heading", { level: 1, name: "Stay" })).toBeVisible();
  await page.getByLabel("Move-out date").fill(addDays(today, 1));
  await page.getByLabel("Discharge reason").selectOption({ label: "Completed the program" });
  await page.getByLabel("Destination (optional)").fill("Own apartment");
  await page.getByRole("button", { name: /^Record discharge/ }).click();
  await page.getByRole("button", { name: "Yes, record the discharge" }).click();
  await expect(page.getByRole("status")).toHaveText(/Discharge recorded\./);
  await expect(page.getByText("Discharge — Completed the program")).toBeVisible();
  await expect(page.getByText("Current — discharge scheduled")).toBeVisible();
  await expectAxeClean(page);

  // The board of the new house shows the resident in Room 2 until then.
  await page.goto(houseUrl);
  await expect(page.getByRole("heading", { level: 1, name: houseName })).toBeVisible();
  await expect(page.getByRole("region", { name: "Room 2", exact: true }).getByRole("link", { name: applicant.name, exact: true })).toBeVisible();
  await expectAxeClean(page);
  await residentContext.close();
});

/** The value of the option labelled `label` in the `house` group of a bed select. */
async function bedOption(select: Locator, house: string, label: string) {
  const option = select.locator(`optgroup[label="${house}"] > option`).filter({ hasText: label });
  await expect(option).toHaveCount(1);
  return option.getAttribute("value");
}

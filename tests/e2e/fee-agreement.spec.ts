import type { BrowserContext, Locator, Page } from "@playwright/test";
import { addDays, formatDay, todayIn } from "../../app/lib/dates";
import { DEMO, expect, expectAxeClean, failedLoad, test } from "./fixtures";

// Fee agreements (issue 11, item 1; ADR 031) on a phone: a resident acknowledges their fees
// with a typed full name (with and without JavaScript) and their charges, waiting until
// then, post back to the first day of their stay; the house manager sees the agreement
// acknowledged. And the paper path: a manager records a paper acknowledgement.
//
// Independent of the demo rows and of the specs running alongside: each test sets up a
// house of its own (its name sorts after the demo houses, so "first free bed" elsewhere
// never lands here) with a weekly fee, and residents unique to the run.

const ORG = "/o/riverside";
const PASSWORD = "juniper kettle saffron 61";
const today = todayIn("America/New_York");
const moveIn = addDays(today, -10); // ten days ago: at least one full weekly period is due
const feeFrom = addDays(today, -40);

test.use({ viewport: { width: 390, height: 844 } });

const runId = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function fitsThePhone(page: Page) {
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
}

/** A house of the manager's own, one room with `beds` beds and a weekly fee from 40 days ago. Returns its base URL. */
async function setUpHouse(page: Page, houseName: string, feeName: string, beds: number) {
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
async function addAndAdmit(page: Page, legalName: string, email: string | null, houseName: string, bedLabel: string) {
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
async function inviteAndAccept(page: Page, context: BrowserContext, residentId: string, who: { name: string; email: string }) {
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

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "JS" : "no JS";
  test(`a resident acknowledges their fees on a phone and sees the charges from their first day; the manager sees it acknowledged (${mode})`, async ({
    page,
    browser,
    baseURL,
    signIn,
    consoleErrors,
  }) => {
    test.setTimeout(240_000);
    consoleErrors.allow(failedLoad(400)); // the refused name answers 400 (a document without JavaScript)
    const run = runId();
    const houseName = `Zephyr House ${run}`;
    const feeName = `Weekly rent ${run}`;
    const who = { name: `Quinn Ashgrove ${run}`, email: `quinn.${run}@example.test` };

    await signIn(DEMO.houseManager);
    const houseUrl = await setUpHouse(page, houseName, feeName, 1);
    const residentId = await addAndAdmit(page, who.name, who.email, houseName, "Room 1 · Bed A");

    // Before they acknowledge, the house's agreements page says so, and the charges wait.
    await page.goto(`${houseUrl}/fees/agreements`);
    const agreements = page.getByRole("list", { name: "Fee agreements" });
    await expect(agreements.getByRole("listitem").filter({ hasText: who.name })).toContainText("Waiting for them to acknowledge");
    await expect(page.getByRole("list", { name: "Charges waiting" }).getByRole("listitem").filter({ hasText: who.name })).toBeVisible();

    // The resident, on a phone in a browser of their own (JavaScript on or off).
    const residentContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, javaScriptEnabled });
    consoleErrors.watch(residentContext);
    const resident = await inviteAndAccept(page, residentContext, residentId, who);
    const axe = () => expectAxeClean(resident, { javaScriptDisabled: !javaScriptEnabled });

    await resident.goto(`${ORG}/me/dues`);
    await expect(resident.getByRole("heading", { level: 1, name: "My dues" })).toBeVisible();
    await expect(resident.getByTestId("balance")).toHaveText("You're all paid up.");
    await resident.getByRole("link", { name: "My fee agreement" }).click();
    await expect(resident.getByRole("heading", { level: 1, name: "My fee agreement" })).toBeVisible();
    await expect(resident.getByRole("list", { name: "Fees" }).getByRole("listitem").filter({ hasText: `${feeName}: $70.00` })).toBeVisible();
    await fitsThePhone(resident);
    await axe();

    // A name that isn't theirs is refused, and nothing is signed.
    const form = resident.locator("form#acknowledge");
    await form.getByLabel("Your full name").fill("Somebody Else");
    await form.getByRole("button", { name: "Acknowledge my fees" }).click();
    await expect(form.getByText(/doesn't match the name on your record/)).toBeVisible();
    await expect(form.getByLabel("Your full name")).toHaveValue("Somebody Else");
    await axe();

    // Their own name signs it.
    await form.getByLabel("Your full name").fill(who.name);
    await form.getByRole("button", { name: "Acknowledge my fees" }).click();
    await expect(resident.getByText(`You acknowledged these terms as “${who.name}” on`)).toBeVisible();
    await expect(resident.locator("form#acknowledge")).toHaveCount(0);
    await fitsThePhone(resident);
    await axe();

    // "My dues": the charges posted back to the first day of the stay.
    await resident.getByRole("link", { name: "Back to my dues" }).click();
    await expect(resident.getByRole("heading", { level: 1, name: "My dues" })).toBeVisible();
    await expect(resident.getByTestId("balance")).toHaveText(/^You owe \$\d+\.\d\d$/);
    const history = resident.getByRole("list", { name: "History" });
    // The first charge is dated the day they moved in (a part period, charged by the day).
    await expect(history.getByRole("listitem").filter({ hasText: `Charge ${formatDay(moveIn)}` }).first()).toBeVisible();
    expect(await history.getByRole("listitem").filter({ hasText: /^Charge/ }).count()).toBeGreaterThanOrEqual(2);
    await fitsThePhone(resident);
    await axe();
    await residentContext.close();

    // The manager sees the agreement acknowledged, and no charge waiting for them.
    await page.goto(`${houseUrl}/fees/agreements`);
    const row = agreements.getByRole("listitem").filter({ hasText: who.name });
    await expect(row).toContainText("Acknowledged");
    await expect(page.getByRole("list", { name: "Charges waiting" }).getByRole("listitem").filter({ hasText: who.name })).toHaveCount(0);
    await row.getByRole("link", { name: /^Signed copy of / }).click();
    await expect(page.getByText(who.name).first()).toBeVisible();
    await fitsThePhone(page);
    await expectAxeClean(page);
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a house manager records a paper acknowledgement; the waiting charges post from the first day", async ({ page, signIn, consoleErrors }) => {
    test.setTimeout(180_000);
    consoleErrors.allow(failedLoad(400)); // the refused day answers 400
    const run = runId();
    const houseName = `Zephyr House ${run}`;
    const feeName = `Weekly rent ${run}`;
    const name = `Rowan Pelletier ${run}`;

    await signIn(DEMO.houseManager);
    const houseUrl = await setUpHouse(page, houseName, feeName, 1);
    const residentId = await addAndAdmit(page, name, null, houseName, "Room 1 · Bed A");

    await page.goto(`${houseUrl}/fees/agreements`);
    await page.getByRole("link", { name: `Record a paper acknowledgement for ${name}` }).click();
    await expect(page).toHaveURL(new RegExp(`${houseUrl}/fees/agreements/paper/${residentId}$`));
    await expect(page.getByRole("heading", { level: 1, name: `Paper acknowledgement: ${name}` })).toBeVisible();
    await expect(page.getByRole("list", { name: "Fees" }).getByRole("listitem").filter({ hasText: `${feeName}: $70.00` })).toBeVisible();
    await fitsThePhone(page);
    await expectAxeClean(page, { javaScriptDisabled: true });

    // A signing day in the future is refused; what was typed stays.
    const form = page.locator("form#paper");
    await form.getByLabel("Your full name").fill("Luis Ortega");
    await form.getByLabel("The day they signed").fill(addDays(today, 2));
    await form.getByLabel("Note").fill(`Signed copy in the office binder ${run}`);
    await form.getByRole("button", { name: "Record paper acknowledgement" }).click();
    await expect(page.getByText("The day they signed can't be in the future.")).toBeVisible();
    await expect(form.getByLabel("Your full name")).toHaveValue("Luis Ortega");
    await expect(form.getByLabel("Note")).toHaveValue(`Signed copy in the office binder ${run}`);
    await expectAxeClean(page, { javaScriptDisabled: true });

    await form.getByLabel("The day they signed").fill(moveIn);
    await form.getByRole("button", { name: "Record paper acknowledgement" }).click();
    await expect(page).toHaveURL(new RegExp(`${houseUrl}/fees/agreements$`));
    const row = page.getByRole("list", { name: "Fee agreements" }).getByRole("listitem").filter({ hasText: name });
    await expect(row).toContainText("Acknowledged");
    await expect(page.getByRole("list", { name: "Charges waiting" }).getByRole("listitem").filter({ hasText: name })).toHaveCount(0);

    // The signed copy reads back every field recorded.
    await row.getByRole("link", { name: /^Signed copy of / }).click();
    await expect(page.getByText(`Signed on paper on ${formatDay(moveIn)}, recorded by Luis Ortega on `)).toBeVisible();
    await expect(page.getByText(`Note: Signed copy in the office binder ${run}`)).toBeVisible();
    await fitsThePhone(page);
    await expectAxeClean(page, { javaScriptDisabled: true });

    // The resident's ledger has the charges from the first day of the stay.
    await page.goto(`${houseUrl}/fees/${residentId}`);
    await expect(page.getByRole("list", { name: "Entries" }).getByRole("listitem").filter({ hasText: formatDay(moveIn) }).first()).toBeVisible();
    await fitsThePhone(page);
  });
});

/** The value of the option labelled `label` in the `house` group of a bed select. */
async function bedOption(select: Locator, house: string, label: string) {
  const option = select.locator(`optgroup[label="${house}"] > option`).filter({ hasText: label });
  await expect(option).toHaveCount(1);
  return option.getAttribute("value");
}

import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { ROLE_LABELS } from "../../app/domain/permissions";
import { expect, expectAxeClean, test } from "./fixtures";

// A new operator signs up, invites a colleague, and the colleague joins from the email.
test("a new operator signs up and invites a colleague who joins from the email", async ({ page, browser, baseURL, consoleErrors }) => {
  // Sign-up by email link, two-step set-up and sign-in with a code make this the longest story.
  test.setTimeout(300_000);
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const owner = { name: "Robin Alvarez", email: `robin.${run}@example.test`, password: "lantern orchard pebble 42" };
  const invitee = { name: "Casey Morgan", email: `casey.${run}@example.test`, password: "harbor violet thistle 17" };
  const orgName = `Cedar Grove Homes ${run}`;

  // 1. Sign up.
  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: "Create an operator account" })).toBeVisible();
  await expectAxeClean(page);
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByLabel("Organisation name").fill(orgName);
  await page.getByLabel("Time zone").selectOption("America/Denver");
  await page.getByLabel("Currency").selectOption("USD");
  await page.getByRole("button", { name: "Create account" }).click();
  // The same answer whether or not the address has an account: check your email.
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expectAxeClean(page);
  await page.goto("/dev/mailbox");
  const confirmMail = page.getByRole("row").filter({ hasText: owner.email }).first().getByRole("link");
  await expect(async () => {
    await page.reload();
    await expect(confirmMail).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await confirmMail.click();
  await page.goto((await page.locator('a[href*="/signup/confirm"]').first().getAttribute("href"))!);
  await expect(page.getByRole("heading", { name: "Finish creating your account" })).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole("button", { name: "Create my account" }).click();

  // New organisations ask owners for two-step sign-in: set it up with a code computed here.
  await expect(page).toHaveURL(/\/account\/two-factor\?required=/);
  await expect(page.getByRole("heading", { name: "Set up two-step sign-in" })).toBeVisible();
  await expectAxeClean(page);
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Code from your app").fill(generateTOTP(decodeBase32IgnorePadding(secret), 30, 6));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await expectAxeClean(page);
  await page.getByRole("link", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/o\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByText(`${owner.name} · ${ROLE_LABELS.owner}`).first()).toBeVisible();
  await expect(page.getByText(orgName).first()).toBeVisible();
  await expectAxeClean(page);

  // 2. Invite a colleague from the Team page.
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Team" }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${slug}/members$`));
  await expect(page.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();
  await expectAxeClean(page);
  const inviteForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Send invitation" }) });
  await inviteForm.getByLabel("Email").fill(invitee.email);
  await inviteForm.getByLabel("Role").selectOption({ label: ROLE_LABELS.staff });
  await inviteForm.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${invitee.email}`)).toBeVisible();
  await expectAxeClean(page);

  // 3. The invitee, in their own browser, finds the email (delivered by the outbox worker).
  const inviteeContext = await browser.newContext({ baseURL });
  consoleErrors.watch(inviteeContext);
  const inbox = await inviteeContext.newPage();
  await inbox.goto("/dev/mailbox");
  // Newest first; other tests may send mail too, so take the newest one to the invitee.
  const message = inbox.getByRole("row").filter({ hasText: invitee.email }).first().getByRole("link");
  await expect(async () => {
    await inbox.reload();
    await expect(message).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await expectAxeClean(inbox);
  await message.click();
  const inviteLink = inbox.locator('a[href*="/invite/"]').first();
  await expect(inviteLink).toBeVisible();
  await expectAxeClean(inbox);
  const href = (await inviteLink.getAttribute("href"))!;
  expect(new URL(href, baseURL).origin, "invite links point at APP_URL").toBe(new URL(baseURL!).origin);

  // 4. Accept the invitation: a new account, straight into the org.
  await inbox.goto(href);
  await expect(inbox).toHaveURL(/\/invite\/[^/]+$/);
  await expect(inbox.getByRole("heading", { name: "Accept your invitation" })).toBeVisible();
  await expect(inbox.getByText(orgName)).toHaveCount(0);
  await expectAxeClean(inbox);
  await inbox.getByLabel("Your name").fill(invitee.name);
  await inbox.getByLabel("Password").fill(invitee.password);
  await inbox.getByRole("button", { name: "Accept invitation" }).click();

  // Staff land on their Today page.
  await expect(inbox).toHaveURL(new RegExp(`/o/${slug}/today$`));
  await expect(inbox.getByText(`${invitee.name} · ${ROLE_LABELS.staff}`).first()).toBeVisible();
  await expectAxeClean(inbox);

  // 5. The owner sees the new member on the Team page.
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: invitee.email })).toContainText(ROLE_LABELS.staff);

  // 6. The invitee signs out.
  await inbox.getByRole("button", { name: "Sign out" }).click();
  await expect(inbox).toHaveURL(/\/login$/);
  await inbox.goto(`/o/${slug}`);
  await expect(inbox).toHaveURL(/\/login\?redirectTo=/);
  await inviteeContext.close();

  // 7. The owner signs out and back in: password, then a code from the app.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await expect(page.getByRole("heading", { name: "Enter your code" })).toBeVisible();
  await expectAxeClean(page);
  // A code is accepted once: the set-up code's step may still be current, so use the next
  // step's code (accepted within the one-step grace).
  const nextStep = BigInt(Math.floor(Date.now() / 30_000) + 1);
  await page.getByLabel("Code").fill(generateHOTP(decodeBase32IgnorePadding(secret), nextStep, 6));
  await page.getByRole("button", { name: "Sign in" }).click();
  // The org list sends someone with one organisation straight into it.
  await expect(page).toHaveURL(/\/(orgs|o\/cedar-grove-homes[a-z0-9-]*)$/);
});

import { withTenant, type TenantContext } from "#app/db/tenant.server";
import type { ServiceCategoryCode, ServiceLanguage } from "#app/db/schema";
import { audit } from "#app/domain/audit/audit.server";
import { writeEntries } from "#app/domain/services/directory.server";
import type { ServiceEntry } from "#app/domain/services/entries";
import { derivedId } from "#app/domain/services/hsds.server";
import { SERVICE_CATEGORY_CODES } from "#app/domain/services/labels";
import { addDays, todayIn } from "#app/lib/dates";

/**
 * The demo services directory (issue 12): about 60 invented services across every category
 * in each demo city, with hours, phones and languages; a few not verified for over a year so
 * the flag shows. Deterministic (ids derived from the city and index).
 */
export const KINDS: Record<ServiceCategoryCode, { names: string[]; what: string }> = {
  treatment: { names: ["Harborview Outpatient Program", "New Dawn Treatment Center", "Crossroads Intensive Outpatient", "Clearwater Residential Treatment", "Bridgeway Counseling Services"], what: "Outpatient and intensive outpatient substance-use treatment, individual and group counselling." },
  moud: { names: ["Lantern Medication Clinic", "Steady Path MOUD Program", "Open Door Buprenorphine Clinic", "Northside Opioid Treatment Program"], what: "Medication for opioid use disorder: buprenorphine, methadone and naltrexone, with same-week starts." },
  mental_health: { names: ["Willow Community Mental Health", "Kinship Counseling Collective", "Brightwater Behavioral Health", "Calm Harbor Peer Support Line"], what: "Therapy, psychiatry and crisis support, including co-occurring disorders." },
  primary_care: { names: ["Eastside Community Health Center", "Riverbend Family Clinic", "Good Neighbor Free Clinic", "Parkway Dental Outreach"], what: "Primary care, checkups, hepatitis C and HIV testing, dental care on a sliding scale." },
  mutual_aid: { names: ["Tuesday Night Recovery Circle", "Sunrise Fellowship Hall", "SMART Recovery Meeting at the Library", "Recovery Dharma Sangha"], what: "Free peer-led mutual aid meetings, open to anyone in recovery." },
  recovery_coach: { names: ["Second Wind Recovery Coaching", "Peer Path Recovery Community Center", "Lighthouse Recovery Coaches", "Hand in Hand Peer Mentors"], what: "Certified peer recovery coaches who help with goals, appointments and getting connected." },
  employment: { names: ["Northside Job Training Center", "Fresh Start Employment Services", "Workforce Bridge Career Center", "Second Chance Hiring Network", "TradesUp Apprenticeship Program"], what: "Job training, résumé help, interview practice and employers who hire people in recovery and with records." },
  education: { names: ["Lifelong Learning GED Program", "Community College Recovery Scholars", "Open Book Adult Literacy", "Digital Skills Lab"], what: "GED classes, adult literacy, college enrolment support and computer skills." },
  legal: { names: ["Community Legal Aid Clinic", "Clean Slate Expungement Project", "Tenant Rights Help Desk", "Family Court Self-Help Center"], what: "Free legal help with records, expungement, housing, child support and benefits appeals." },
  benefits: { names: ["Benefits Access Center", "Health Coverage Navigators", "SNAP and Cash Assistance Help", "ID and Documents Desk"], what: "Help applying for Medicaid, SNAP, SSI/SSDI, and getting IDs and birth certificates." },
  food: { names: ["St. Brigid's Food Pantry", "Common Table Community Meals", "Fresh Market Mobile Pantry", "Harvest Share Grocery Program"], what: "Free groceries, hot meals and fresh produce, no questions asked." },
  childcare: { names: ["Little Steps Child Care Center", "Family Recovery Childcare Program", "Head Start Enrollment Office", "Parents in Recovery Playgroup"], what: "Childcare for parents in treatment or working, subsidised places and parenting support." },
  transportation: { names: ["Ride to Recovery Van Service", "Reduced Fare Transit Program", "Bike Works Community Shop", "Medical Trip Scheduling Line"], what: "Rides to treatment and work, reduced transit fares and Medicaid medical trips." },
  housing: { names: ["Pathways Housing Navigation", "Home Again Rapid Rehousing", "Affordable Housing Waitlist Help", "Oxford-Style Housing Network"], what: "Help finding longer-term housing after a recovery residence: navigation, deposits and waitlists." },
};
const LANGS: ServiceLanguage[][] = [["en"], ["en", "es"], ["en"], ["en", "es", "zh"], ["en", "ase"], ["en", "vi"]];
const STREETS = ["Market St", "Oak Ave", "Main St", "Chestnut St", "Lake Shore Dr", "Broad St", "Elm St", "Park Ave"];

export type DemoCity = { key: string; city: string; state: string; zip: string; area: string };

/** About 60 invented entries for a city. */
export function demoDirectory(c: DemoCity, today: string): ServiceEntry[] {
  const entries: ServiceEntry[] = [];
  let n = 0;
  for (const code of SERVICE_CATEGORY_CODES) {
    const kind = KINDS[code];
    kind.names.forEach((name, i) => {
      n += 1;
      const id = derivedId("demo-service", c.key, String(n));
      const orgId = derivedId("demo-org", c.key, String(n));
      const locId = derivedId("demo-location", c.key, String(n));
      const second = code === "employment" ? (["education"] as ServiceCategoryCode[]) : code === "moud" ? (["treatment"] as ServiceCategoryCode[]) : [];
      const weekdays = code === "mutual_aid" ? [2, 4, 6] : [1, 2, 3, 4, 5];
      entries.push({
        id,
        name,
        description: `${kind.what} Serving ${c.city} and nearby.`,
        url: `https://example.org/${c.key}/${n}`,
        email: null,
        status: "active",
        categories: [code, ...second],
        languages: LANGS[n % LANGS.length]!,
        eligibility: code === "childcare" ? "Parents and guardians of children under 6." : "Adults 18 and over.",
        fees: n % 3 === 0 ? "Sliding scale; Medicaid accepted." : "Free.",
        applicationProcess: n % 2 ? "Walk in during opening hours." : "Call to make an appointment.",
        assuredDate: addDays(today, n % 9 === 0 ? -400 - n : -(n * 3)),
        organization: { id: orgId, name: `${name.split(" ").slice(0, 2).join(" ")} Inc.`, description: null, website: null, email: null },
        locations: [
          { id: locId, name: null, address1: `${100 + n * 7} ${STREETS[n % STREETS.length]}`, city: c.city, state: c.state, postalCode: `${c.zip}${String(n % 50).padStart(2, "0")}`, country: "US", accessibility: n % 2 ? "Step-free entrance." : null },
        ],
        phones: [{ id: derivedId("demo-phone", c.key, String(n)), number: `${c.area}-555-${String(1000 + n).slice(-4)}`, type: code === "mental_health" && i === 3 ? "hotline" : "voice", description: null }],
        contacts: i === 0 ? [{ id: derivedId("demo-contact", c.key, String(n)), name: "Intake coordinator", title: "Intake", email: null }] : [],
        schedules: weekdays.map((d) => ({ id: derivedId("demo-hours", c.key, String(n), String(d)), weekday: d, opensAt: code === "mutual_aid" ? "18:00" : "09:00", closesAt: code === "mutual_aid" ? "20:00" : "17:00" })),
      });
    });
  }
  return entries;
}

export const DEMO_CITIES: Record<"riverside" | "maple", DemoCity & { timeZone: string; owner: string }> = {
  riverside: { key: "riverside", city: "Philadelphia", state: "PA", zip: "191", area: "215", timeZone: "America/New_York", owner: "dana.owner@demo.hearth.test" },
  maple: { key: "maple", city: "Chicago", state: "IL", zip: "606", area: "312", timeZone: "America/Chicago", owner: "pat.owner@demo.hearth.test" },
};

/** Store a city's directory as the org's owner (under RLS). */
export async function seedDirectory(ctx: TenantContext & { orgId: string }, city: DemoCity, today: string) {
  const entries = demoDirectory(city, today);
  await withTenant(ctx, async (tx) => {
    await writeEntries(tx, ctx.orgId, entries);
    await audit(tx, "service.imported", null, { format: "demo", count: entries.length, skipped: 0 });
  });
  return entries;
}

export async function seedServicesDemo({ orgs, users }: { orgs: Record<"riverside" | "maple", { id: string }>; users: Record<string, { id: string }> }) {
  for (const key of ["riverside", "maple"] as const) {
    const c = DEMO_CITIES[key];
    await seedDirectory({ orgId: orgs[key].id, userId: users[c.owner]!.id, role: "owner" }, c, todayIn(c.timeZone));
  }
}

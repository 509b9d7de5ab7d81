import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { isDomainError } from "#app/domain/errors.server";
import { getMyResident, updateMyContact } from "#app/domain/residents/residents.server";
import { FormMessage } from "#app/ui/form";
import { PageHeader } from "#app/ui/page";
import { ContactForm, residentDefaults } from "#app/ui/resident-form";
import { contactConstraint, contactFormSchema } from "#app/ui/resident-form.server";
import { attempt, formError, invalid } from "#app/ui/forms.server";
import { parseForm } from "#app/ui/parse-form";

export const meta: MetaFunction = () => [{ title: "My details · Hearth" }];

const FIELDS = Object.keys(contactFormSchema.shape);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const me = await withTenant(ctx.tenant, (tx) =>
    getMyResident(tx).catch((error: unknown) => {
      if (isDomainError(error, "not_found")) return null;
      throw error;
    }),
  );
  const home = `/o/${ctx.org.slug}/me`;
  if (!me) return { home, me: null, constraint: null };
  const d = residentDefaults(me);
  return {
    home,
    // Checked in the action only (ADR 029): the page ships no zod.
    constraint: contactConstraint(),
    me: {
      legalName: me.legalName,
      preferredName: me.preferredName,
      pronouns: me.pronouns,
      defaults: {
        phone: d.phone,
        email: d.email,
        emergencyContactName: d.emergencyContactName,
        emergencyContactPhone: d.emergencyContactPhone,
        emergencyContactRelationship: d.emergencyContactRelationship,
      },
    },
  };
}

/**
 * A resident changes their own contact details, and nothing else: the schema is strict
 * (any other field is refused with 400), and the domain, RLS and a trigger agree.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const formData = await request.formData();
  if (formData.get("intent") !== "save-contact") return formError("contact", "That action isn't available here.", 400);
  // Every field of the form is always posted (blank when cleared). A submission without them
  // is not a request to erase them: refuse it, so a broken form can never wipe what was saved.
  if (FIELDS.some((name) => !formData.has(name))) {
    return formError("contact", "Your details didn't arrive complete, so nothing was changed. Please try again.", 400);
  }
  const submission = parseForm(formData, contactFormSchema);
  if (submission.status !== "success") return invalid("contact", submission);
  const { intent: _intent, ...input } = submission.value;
  const form = { formId: "contact", submission, fields: FIELDS, notFoundMessage: "Your house hasn't linked your account yet." };
  return attempt(form, async () => {
    await withTenant(ctx.tenant, (tx) => updateMyContact(tx, input));
    return "Your details are saved.";
  });
}

export default function MyDetailsPage() {
  const { home, me, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My details" description="How your house can reach you, and who to call in an emergency." />
      <p className="text-sm">
        <Link to={home}>Back to my home</Link>
      </p>
      {!me ? (
        <section aria-labelledby="not-linked" className="rounded-lg border border-line bg-white p-4">
          <h2 id="not-linked" className="font-semibold">
            Your house hasn't linked your account yet
          </h2>
          <p className="mt-1 text-muted">Once they do, you can keep your phone, email and emergency contact up to date here.</p>
        </section>
      ) : (
        <>
          <section aria-labelledby="about-you" className="rounded-lg border border-line bg-white p-4">
            <h2 id="about-you" className="mb-2 font-semibold">
              About you
            </h2>
            <dl className="space-y-2">
              <div>
                <dt className="text-sm text-muted">Legal name</dt>
                <dd>{me.legalName}</dd>
              </div>
              <div>
                <dt className="text-sm text-muted">Preferred name</dt>
                <dd>{me.preferredName ?? <span className="text-muted">Not recorded</span>}</dd>
              </div>
              <div>
                <dt className="text-sm text-muted">Pronouns</dt>
                <dd>{me.pronouns ?? <span className="text-muted">Not recorded</span>}</dd>
              </div>
            </dl>
            <p className="mt-3 text-sm text-muted">To change your name or pronouns, ask your house manager.</p>
          </section>
          <section aria-labelledby="contact-heading" className="rounded-lg border border-line bg-white p-4">
            <h2 id="contact-heading" className="mb-3 font-semibold">
              Contact details
            </h2>
            <div aria-live="polite" className="mb-3">
              {actionData?.notice ? <FormMessage kind="ok">{actionData.notice}</FormMessage> : null}
              {actionData?.error ? <FormMessage>{actionData.error}</FormMessage> : null}
            </div>
            <ContactForm defaults={me.defaults} constraint={constraint ?? {}} lastResult={actionData?.result} />
          </section>
        </>
      )}
    </div>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { StatementPage } from "#app/ui/statement";
import { loadMyStatement } from "./o.$org.statements.helpers.server";

/** The signed-in resident's own monthly statement (self:read): page and print; the PDF is `…/pdf` (ADR 033). */
export const meta: MetaFunction = () => [{ title: "My statement · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadMyStatement(request, params);
}

export default function MyStatement() {
  return <StatementPage v={useLoaderData<typeof loader>()} />;
}

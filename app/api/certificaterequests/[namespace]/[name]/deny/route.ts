import { decideCertificateRequest } from "@/lib/actions/approval";
import { assertMayChange } from "@/lib/actions/guard";
import { readActionBody } from "@/lib/actions/http";
import { approvalBodySchema } from "@/lib/actions/schemas";
import { toErrorResponse } from "@/lib/http/errors";
import { namespacedNameParams } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";

export const dynamic = "force-dynamic";

/** Denys a pending CertificateRequest as `cmctl deny` does (409 when already approved or denied). */
export async function POST(
  req: Request,
  { params }: { params: Promise<{ namespace: string; name: string }> },
) {
  try {
    assertMayChange();
    const { namespace, name } = namespacedNameParams.parse(await params);
    const body = await readActionBody(req, approvalBodySchema, { optional: true });
    return json(
      await decideCertificateRequest(namespace, name, "deny", body, { context: contextFromRequest(req) }),
    );
  } catch (err) {
    return toErrorResponse(err);
  }
}

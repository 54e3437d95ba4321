import { assertMayChange } from "@/lib/actions/guard";
import { readActionBody } from "@/lib/actions/http";
import { rotateCertificate } from "@/lib/actions/renew";
import { renewBodySchema } from "@/lib/actions/schemas";
import { toErrorResponse } from "@/lib/http/errors";
import { namespacedNameParams } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";

export const dynamic = "force-dynamic";

/** Sets rotationPolicy Always when needed, then renews: the next certificate has a new key. */
export async function POST(
  req: Request,
  { params }: { params: Promise<{ namespace: string; name: string }> },
) {
  try {
    assertMayChange();
    const { namespace, name } = namespacedNameParams.parse(await params);
    const body = await readActionBody(req, renewBodySchema, { optional: true });
    return json(
      await rotateCertificate(namespace, name, { context: contextFromRequest(req), message: body.message }),
    );
  } catch (err) {
    return toErrorResponse(err);
  }
}

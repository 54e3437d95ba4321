import { z } from "zod";
import { namespacedNameParams } from "@/lib/http/params";
import { probeSchema } from "@/lib/probe/schema";
import { applyRotationStep, getRotation, setRotationEndpoint } from "@/lib/rotation/service";
import { STEP_IDS } from "@/lib/rotation/steps";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** RotationView: the CA rotation plan, its steps (who did each, when), previews and trust now. */
export const GET = route({
  route: "/api/rotation/[namespace]/[name]",
  params: namespacedNameParams,
  handler: ({ ctx, params }) => getRotation(params.namespace, params.name, { context: ctx.kube }),
});

const stepBody = z
  .object({
    step: z.enum(STEP_IDS),
    direction: z.enum(["apply", "undo"]).default("apply"),
  })
  .strict();

const endpointBody = z
  .object({
    consumer: namespacedNameParams,
    /** `null` forgets the endpoint. */
    endpoint: z
      .object({ host: probeSchema.shape.host, port: probeSchema.shape.port, sni: probeSchema.shape.sni })
      .strict()
      .nullable(),
  })
  .strict();

/** Either body, chosen by its keys so a bad one gets 422s naming its own fields (not "invalid union"). */
const postBody = z.unknown().transform((v, ctx) => {
  const schema = v && typeof v === "object" && "consumer" in v ? endpointBody : stepBody;
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  for (const i of r.error.issues) ctx.addIssue({ code: "custom", message: i.message, path: i.path });
  return z.NEVER;
});

/**
 * `{ step, direction }` → StepResult: applies (or undoes) one step, recorded as an Event.
 * `{ consumer, endpoint }` → where the verify steps probe that consumer (`endpoint: null` forgets it).
 */
export const POST = route({
  route: "/api/rotation/[namespace]/[name]",
  params: namespacedNameParams,
  body: postBody,
  writes: "rotation-step",
  handler: ({ ctx, params, body }) =>
    "step" in body
      ? applyRotationStep(params.namespace, params.name, body.step, body.direction, { context: ctx.kube })
      : setRotationEndpoint(
          params.namespace,
          params.name,
          body.consumer,
          body.endpoint
            ? {
                host: body.endpoint.host,
                port: body.endpoint.port,
                ...(body.endpoint.sni ? { sni: body.endpoint.sni } : {}),
              }
            : undefined,
          { context: ctx.kube },
        ),
});

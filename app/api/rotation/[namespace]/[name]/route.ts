import { z } from "zod";
import { namespacedNameParams } from "@/lib/http/params";
import { applyRotationStep, getRotation } from "@/lib/rotation/service";
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

const stepBody = z.object({
  step: z.enum(STEP_IDS),
  direction: z.enum(["apply", "undo"]).default("apply"),
});

/** `{ step, direction }` → StepResult: applies (or undoes) one step, recorded as an Event. */
export const POST = route({
  route: "/api/rotation/[namespace]/[name]",
  params: namespacedNameParams,
  body: stepBody,
  writes: "rotation-step",
  handler: ({ ctx, params, body }) =>
    applyRotationStep(params.namespace, params.name, body.step, body.direction, { context: ctx.kube }),
});

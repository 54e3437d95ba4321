"use client";
/** The CA rotation wizard and the adoption page: queries and mutations. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { RotationView, StepResult } from "@/lib/rotation/service";
import type { StepId } from "@/lib/rotation/steps";
import { sendJson } from "./http";

const enc = encodeURIComponent;
/** `/api/rotation/{ns}/{name}`. */
export const rotationUrl = (namespace: string, name: string) =>
  `/api/rotation/${enc(namespace)}/${enc(name)}`;

const rotationKey = (namespace: string, name: string) =>
  ["trustdeck", "trust", "rotation", namespace, name] as const;

/** The rotation of a CA Certificate (re-read every 2 s while `polling`: a step in flight). */
export function useRotation(namespace: string, name: string, polling: boolean) {
  return useQuery({
    queryKey: rotationKey(namespace, name),
    queryFn: () => apiFetch<RotationView>(rotationUrl(namespace, name)),
    refetchInterval: polling ? 2000 : false,
  });
}

/** Applies or undoes one step; the rotation is re-read afterwards. */
export function useRotationStep(namespace: string, name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { step: StepId; direction: "apply" | "undo" }) =>
      sendJson<StepResult>("POST", rotationUrl(namespace, name), v),
    onSettled: () => client.invalidateQueries({ queryKey: rotationKey(namespace, name) }),
  });
}

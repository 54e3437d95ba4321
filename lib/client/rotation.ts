"use client";
/** The CA rotation wizard and the adoption page: queries and mutations. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AdoptionProposal } from "@/lib/adopt/propose";
import type { AdoptResult } from "@/lib/adopt/service";
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

/** Sets (or, with `endpoint: null`, forgets) where the verify steps probe one consumer. */
export function useRotationEndpoint(namespace: string, name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      consumer: { namespace: string; name: string };
      endpoint: { host: string; port: number } | null;
    }) => sendJson<unknown>("POST", rotationUrl(namespace, name), v),
    onSettled: () => client.invalidateQueries({ queryKey: rotationKey(namespace, name) }),
  });
}

/** `/api/adopt/{ns}/{name}`. */
export const adoptUrl = (namespace: string, name: string) => `/api/adopt/${enc(namespace)}/${enc(name)}`;

/** The adoption proposal for a TLS Secret, for the issuer `choose` (or the best one). */
export function useAdoption(namespace: string, name: string, choose?: { kind: string; name: string }) {
  const q = choose ? `?issuerKind=${enc(choose.kind)}&issuerName=${enc(choose.name)}` : "";
  return useQuery({
    queryKey: ["trustdeck", "secrets", "adopt", namespace, name, choose?.kind ?? "", choose?.name ?? ""],
    queryFn: () => apiFetch<AdoptionProposal>(`${adoptUrl(namespace, name)}${q}`),
    retry: false,
  });
}

/** Creates the Certificate that adopts the Secret. */
export function useAdopt(namespace: string, name: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { issuer: { kind: "Issuer" | "ClusterIssuer"; name: string }; reissueNow: boolean }) =>
      sendJson<AdoptResult>("POST", adoptUrl(namespace, name), v),
    onSettled: () => client.invalidateQueries({ queryKey: ["trustdeck", "secrets"] }),
  });
}

"use client";

import { Handle, type NodeProps, Position } from "@xyflow/react";
import type { ReactNode } from "react";
import { CertificateIcon, GatewayIcon, IssuerIcon, KeyIcon } from "@/components/ui/icons";
import { KIND_LABEL, type ViewNode } from "@/lib/trust/layout";

export interface TrustNodeData extends Record<string, unknown> {
  view: ViewNode;
  /** Part of the current "what breaks / what it trusts" answer. */
  highlighted: boolean;
  /** Another answer is shown and this node is not part of it. */
  dimmed: boolean;
  /** The node the answer is about. */
  origin: boolean;
}

export interface FrameData extends Record<string, unknown> {
  label: string;
  size: number;
  onCollapse: () => void;
}

function GlobeIcon({ size = 16 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      aria-hidden="true"
    >
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3Z" />
    </svg>
  );
}

function StackIcon({ size = 16 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      aria-hidden="true"
    >
      <path d="m12 3 9 5-9 5-9-5 9-5Z" />
      <path d="m3 13 9 5 9-5" />
    </svg>
  );
}

const KIND_STYLE: Record<ViewNode["kind"], { icon: ReactNode; chip: string }> = {
  clusterissuer: {
    icon: <IssuerIcon size={15} />,
    chip: "bg-violet-100 text-violet-700 dark:bg-violet-500/15 dark:text-violet-300",
  },
  issuer: {
    icon: <IssuerIcon size={15} />,
    chip: "bg-violet-100 text-violet-700 dark:bg-violet-500/15 dark:text-violet-300",
  },
  "ca-certificate": {
    icon: <CertificateIcon size={15} />,
    chip: "bg-sky-100 text-sky-700 dark:bg-sky-500/15 dark:text-sky-300",
  },
  "leaf-certificate": {
    icon: <CertificateIcon size={15} />,
    chip: "bg-emerald-100 text-emerald-700 dark:bg-emerald-500/15 dark:text-emerald-300",
  },
  bundle: {
    icon: <StackIcon size={15} />,
    chip: "bg-teal-100 text-teal-700 dark:bg-teal-500/15 dark:text-teal-300",
  },
  configmap: {
    icon: <StackIcon size={15} />,
    chip: "bg-zinc-200/80 text-zinc-700 dark:bg-zinc-700/50 dark:text-zinc-300",
  },
  secret: {
    icon: <KeyIcon size={15} />,
    chip: "bg-zinc-200/80 text-zinc-700 dark:bg-zinc-700/50 dark:text-zinc-300",
  },
  "apisix-tls": {
    icon: <GatewayIcon size={15} />,
    chip: "bg-orange-100 text-orange-700 dark:bg-orange-500/15 dark:text-orange-300",
  },
  "apisix-upstream": {
    icon: <GatewayIcon size={15} />,
    chip: "bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300",
  },
  workload: {
    icon: <StackIcon size={15} />,
    chip: "bg-indigo-100 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300",
  },
  host: {
    icon: <GlobeIcon size={15} />,
    chip: "bg-teal-100 text-teal-700 dark:bg-teal-500/15 dark:text-teal-300",
  },
  group: {
    icon: <StackIcon size={15} />,
    chip: "bg-zinc-200/80 text-zinc-700 dark:bg-zinc-700/50 dark:text-zinc-300",
  },
};

const RING: Record<ViewNode["status"], string> = {
  critical: "ring-2 ring-red-500 dark:ring-red-500/90",
  warning: "ring-2 ring-amber-400 dark:ring-amber-400/90",
  info: "ring-1 ring-sky-300 dark:ring-sky-500/60",
  ok: "ring-1 ring-zinc-200 dark:ring-zinc-700/80",
};

/** One object of the trust graph (or a collapsed group) as a React Flow node. */
export function TrustGraphNode({ data, selected }: NodeProps & { data: TrustNodeData }) {
  const { view, highlighted, dimmed, origin } = data;
  const style = KIND_STYLE[view.kind];
  const kindLabel =
    view.kind === "group" ? `${view.count ?? 0} object${view.count === 1 ? "" : "s"}` : KIND_LABEL[view.kind];
  return (
    <div
      data-testid="trust-node"
      data-id={view.id}
      data-kind={view.kind}
      data-problems={String(view.problemCount)}
      data-status={view.status}
      data-highlighted={highlighted ? "true" : undefined}
      data-dimmed={dimmed ? "true" : undefined}
      title={view.node ? view.id : `${view.label}: ${view.count} objects (click to expand)`}
      className={`flex h-full w-full items-center gap-2.5 rounded-xl bg-white px-2.5 shadow-xs transition-opacity dark:bg-zinc-900 ${RING[view.status]} ${
        dimmed ? "opacity-25" : ""
      } ${highlighted ? "shadow-md outline-2 outline-sky-500 outline-offset-2" : ""} ${
        origin ? "outline-2 outline-offset-2 outline-zinc-900 dark:outline-zinc-100" : ""
      } ${selected && !highlighted && !origin ? "outline-2 outline-offset-2 outline-sky-400/70" : ""} ${
        view.kind === "group" ? "border border-dashed border-zinc-300 dark:border-zinc-600" : ""
      }`}
    >
      <Handle
        type="target"
        position={Position.Left}
        className="!size-1.5 !border-0 !bg-zinc-400 dark:!bg-zinc-500"
        isConnectable={false}
      />
      <span className={`flex size-8 shrink-0 items-center justify-center rounded-lg ${style.chip}`}>
        {style.icon}
      </span>
      <span className="min-w-0 flex-1 leading-tight">
        <span className="block truncate font-medium text-[13px] text-zinc-900 dark:text-zinc-100">
          {view.label}
        </span>
        <span className="block truncate text-[11px] text-zinc-500 dark:text-zinc-400">
          {kindLabel}
          {view.kind !== "group" ? ` · ${view.sublabel}` : ""}
        </span>
      </span>
      {view.problemCount > 0 ? (
        <span
          className={`flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full px-1.5 font-semibold text-[11px] ${
            view.status === "critical"
              ? "bg-red-500 text-white"
              : view.status === "warning"
                ? "bg-amber-400 text-amber-950"
                : "bg-sky-500 text-white"
          }`}
          title={`${view.problemCount} problem${view.problemCount === 1 ? "" : "s"}`}
        >
          {view.problemCount}
        </span>
      ) : null}
      <Handle
        type="source"
        position={Position.Right}
        className="!size-1.5 !border-0 !bg-zinc-400 dark:!bg-zinc-500"
        isConnectable={false}
      />
    </div>
  );
}

/** The frame drawn behind an expanded group, with its name, size and a collapse button. */
export function GroupFrameNode({ data }: NodeProps & { data: FrameData }) {
  return (
    <div
      data-testid="trust-group"
      className="h-full w-full rounded-2xl border border-zinc-300/80 border-dashed bg-zinc-50/50 dark:border-zinc-700 dark:bg-zinc-800/20"
    >
      <div className="flex items-center justify-between gap-2 px-3 pt-1.5">
        <span className="truncate font-medium text-[11px] text-zinc-500 uppercase tracking-wider dark:text-zinc-400">
          {data.label} <span className="font-normal normal-case">· {data.size}</span>
        </span>
        <button
          type="button"
          onClick={(e) => {
            e.stopPropagation();
            data.onCollapse();
          }}
          className="nodrag rounded px-1.5 text-[11px] text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-zinc-100"
          data-testid="collapse-group"
        >
          Collapse
        </button>
      </div>
    </div>
  );
}

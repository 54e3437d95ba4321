"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { ApisixUpstreamSummary, GatewayMatrixDto } from "@/lib/apisix/types";
import { useGatewayWrite, WriteDeniedReason } from "./gateway-access";
import { UpstreamMtlsDialog } from "./upstream-mtls-dialog";

function UpstreamToggle({ u, onOpen }: { u: ApisixUpstreamSummary; onOpen: () => void }) {
  const may = useGatewayWrite("toggleUpstreamMtls", u.namespace);
  return (
    <>
      <Button
        size="sm"
        variant={u.tlsSecret ? "danger" : "primary"}
        onClick={onOpen}
        disabled={!may.allowed}
        title={may.reason}
        data-testid="upstream-mtls-button"
        data-name={`${u.namespace}/${u.name}`}
      >
        {u.tlsSecret ? "Turn upstream mTLS off" : "Turn upstream mTLS on"}
      </Button>
      <WriteDeniedReason reason={may.reason} className="basis-full" />
    </>
  );
}

/** ApisixUpstreams with their upstream mTLS state and the on/off control. */
export function UpstreamList({ matrix }: { matrix: GatewayMatrixDto }) {
  const [open, setOpen] = useState<ApisixUpstreamSummary>();
  if (matrix.upstreams.length === 0)
    return <p className="px-5 py-4 text-sm text-zinc-500">No ApisixUpstream objects were found.</p>;
  return (
    <>
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
        {matrix.upstreams.map((u) => (
          <li
            key={`${u.namespace}/${u.name}`}
            data-testid="upstream-item"
            data-name={`${u.namespace}/${u.name}`}
            className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm"
          >
            <div className="min-w-0 flex-1">
              <div className="font-medium">
                {u.namespace}/{u.name}
              </div>
              <div className="text-xs text-zinc-500">
                scheme {u.scheme}
                {u.tlsSecret ? ` · client certificate ${u.tlsSecret.namespace}/${u.tlsSecret.name}` : ""}
              </div>
            </div>
            <Badge tone={u.tlsSecret ? "green" : "amber"} data-testid="upstream-mtls-state">
              {u.tlsSecret ? "mTLS on" : "mTLS off"}
            </Badge>
            <UpstreamToggle u={u} onOpen={() => setOpen(u)} />
          </li>
        ))}
      </ul>
      {open ? (
        <UpstreamMtlsDialog
          key={`${open.namespace}/${open.name}/${open.resourceVersion ?? ""}`}
          upstream={open}
          matrix={matrix}
          onClose={() => setOpen(undefined)}
        />
      ) : null}
    </>
  );
}

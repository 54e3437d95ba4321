"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { GatewayMatrixDto } from "@/lib/apisix/types";
import { CreateTlsDialog } from "./create-tls-dialog";

/** "Create ApisixTls" for one host served without TLS, with its dialog. */
export function CreateTlsButton({
  host,
  namespace,
  matrix,
}: {
  host: string;
  namespace: string;
  matrix: GatewayMatrixDto;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="sm"
        variant="primary"
        onClick={() => setOpen(true)}
        data-testid="create-tls-button"
        data-host={host}
      >
        Create ApisixTls for {host}
      </Button>
      {open ? (
        <CreateTlsDialog host={host} namespace={namespace} matrix={matrix} onClose={() => setOpen(false)} />
      ) : null}
    </>
  );
}

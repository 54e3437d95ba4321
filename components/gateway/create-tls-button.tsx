"use client";

import { Button } from "@/components/ui/button";
import { useGatewayWrite, WriteDeniedReason } from "./gateway-access";

/**
 * "Create ApisixTls" for one host served without TLS, disabled with the reason when the identity
 * may not create ApisixTls objects in `namespace`. The dialog lives in the page, not here: once
 * created, the host is covered and this button unmounts while the dialog shows the result.
 */
export function CreateTlsButton({
  host,
  namespace,
  onOpen,
}: {
  host: string;
  namespace: string;
  onOpen: () => void;
}) {
  const may = useGatewayWrite("createTls", namespace);
  return (
    <span className="inline-flex flex-col gap-1">
      <Button
        size="sm"
        variant="primary"
        onClick={onOpen}
        disabled={!may.allowed}
        title={may.reason}
        data-testid="create-tls-button"
        data-host={host}
      >
        Create ApisixTls for {host}
      </Button>
      <WriteDeniedReason reason={may.reason} />
    </span>
  );
}

import { Button } from "@/components/ui/button";

/**
 * "Create ApisixTls" for one host served without TLS. The dialog lives in the page, not here:
 * once created, the host is covered and this button unmounts while the dialog shows the result.
 */
export function CreateTlsButton({ host, onOpen }: { host: string; onOpen: () => void }) {
  return (
    <Button size="sm" variant="primary" onClick={onOpen} data-testid="create-tls-button" data-host={host}>
      Create ApisixTls for {host}
    </Button>
  );
}

/** Server-Sent Events in integration tests: reading a route's stream. */

/** Reads SSE messages (event name + parsed JSON data) from a route's body into `out` until aborted. */
export function readEvents(
  body: ReadableStream<Uint8Array>,
  out: { event: string; data: unknown }[],
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let i = buffer.indexOf("\n\n");
      while (i >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = [...block.matchAll(/^data: (.*)$/gm)].map((m) => m[1]).join("\n");
        if (event) out.push({ event, data: JSON.parse(data) });
        i = buffer.indexOf("\n\n");
      }
    }
  })();
}

/** The first `change` message whose data is exactly `data` (same keys and values, in the stream's key order). */
export function findChange(
  received: readonly { event: string; data: unknown }[],
  data: Record<string, string>,
): { event: string; data: unknown } | undefined {
  const want = JSON.stringify(data);
  return received.find((m) => m.event === "change" && JSON.stringify(m.data) === want);
}

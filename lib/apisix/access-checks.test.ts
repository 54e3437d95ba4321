import { describe, expect, it } from "vitest";
import { GATEWAY_ACTIONS, GATEWAY_PERMISSIONS } from "./access-checks";

describe("GATEWAY_PERMISSIONS", () => {
  it("checks the verbs lib/k8s/apisix-write.ts calls: create for a new ApisixTls, update (replace) for the toggles", () => {
    expect(GATEWAY_PERMISSIONS.createTls).toEqual([
      { verb: "create", group: "apisix.apache.org", resource: "apisixtlses" },
    ]);
    expect(GATEWAY_PERMISSIONS.toggleTlsMtls[0]).toMatchObject({ verb: "update", resource: "apisixtlses" });
    expect(GATEWAY_PERMISSIONS.toggleUpstreamMtls[0]).toMatchObject({
      verb: "update",
      resource: "apisixupstreams",
    });
  });
  it("covers every Gateway write", () => {
    expect(Object.keys(GATEWAY_PERMISSIONS).sort()).toEqual([...GATEWAY_ACTIONS].sort());
  });
});

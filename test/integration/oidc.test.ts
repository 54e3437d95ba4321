import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { KUBECONFIG } from "./helpers/kubectl";
import { signInThroughProvider } from "./helpers/oidc";

/** kubectl as the person holding `token`: the oracle for what their RBAC allows. */
function kubectlAs(token: string, args: string[]) {
  try {
    const out = execFileSync(
      "kubectl",
      ["--kubeconfig", KUBECONFIG, "--context", "trustdeck-admin", "--token", token, ...args],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    return { ok: true, out };
  } catch (err) {
    // `kubectl auth can-i` answers "no" on stdout with exit code 1.
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ""}${e.stderr ?? String(err)}` };
  }
}

/** `kubectl auth can-i`; a resource `x/status` asks about the status subresource. */
const canI = (token: string, verb: string, resource: string, namespace: string) => {
  const [res, sub] = resource.split("/");
  const args = ["auth", "can-i", verb, res ?? "", "-n", namespace, ...(sub ? [`--subresource=${sub}`] : [])];
  return kubectlAs(token, args).out.trim();
};

describe("the local OIDC provider and kube-apiserver's trust in it", () => {
  it("signs alice, bob and carol in through its login page; the API server knows each by name and group", async () => {
    const people = { alice: ["platform-admins"], bob: ["team-payments"], carol: [] as string[] };
    for (const [name, groups] of Object.entries(people)) {
      const s = await signInThroughProvider(name);
      if (s.refused) throw new Error(`${name} was refused`);
      const who = JSON.parse(kubectlAs(s.idToken, ["auth", "whoami", "-o", "json"]).out);
      expect(who.status.userInfo.username).toBe(`oidc:${name}`);
      for (const g of groups) expect(who.status.userInfo.groups).toContain(g);
      expect(who.status.userInfo.groups).toContain("system:authenticated");
    }
  });

  it("refuses a wrong password on the provider's page", async () => {
    const s = await signInThroughProvider("alice", "not-the-password");
    expect(s.refused).toBe(true);
    if (s.refused) expect(s.page).toContain("wrong password");
  });

  it("applies the seeded RBAC: alice everything, bob read + renew in payments only, carol nothing", async () => {
    const tokens = Object.fromEntries(
      await Promise.all(
        ["alice", "bob", "carol"].map(async (n) => {
          const s = await signInThroughProvider(n);
          if (s.refused) throw new Error(`${n} was refused`);
          return [n, s.idToken] as const;
        }),
      ),
    );
    const alice = tokens.alice ?? "";
    const bob = tokens.bob ?? "";
    const carol = tokens.carol ?? "";
    expect(canI(alice, "list", "secrets", "tls")).toBe("yes");
    expect(canI(alice, "patch", "certificates.cert-manager.io/status", "tls")).toBe("yes");
    expect(canI(bob, "list", "certificates.cert-manager.io", "payments")).toBe("yes");
    expect(canI(bob, "patch", "certificates.cert-manager.io/status", "payments")).toBe("yes");
    expect(canI(bob, "list", "secrets", "payments")).toBe("yes");
    expect(canI(bob, "list", "secrets", "tls")).toBe("no");
    expect(canI(bob, "list", "certificates.cert-manager.io", "tls")).toBe("no");
    expect(canI(bob, "create", "certificates.cert-manager.io", "payments")).toBe("no");
    expect(canI(carol, "list", "certificates.cert-manager.io", "payments")).toBe("no");
    const listed = kubectlAs(bob, ["-n", "payments", "get", "certificates.cert-manager.io", "-o", "name"]);
    expect(listed.ok).toBe(true);
    const forbidden = kubectlAs(carol, ["-n", "payments", "get", "certificates.cert-manager.io"]);
    expect(forbidden.ok).toBe(false);
    expect(forbidden.out).toContain("forbidden");
  });
});

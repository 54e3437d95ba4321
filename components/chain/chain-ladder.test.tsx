// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { ChainVerdict } from "@/lib/x509/chain";
import { ChainLadder } from "./chain-ladder";

afterEach(cleanup);

/** A verdict as the engine returns it for a cross-signed intermediate (links left out: not under test). */
function verdictWith(alternatives: ChainVerdict["alternatives"]): ChainVerdict {
  return {
    status: "complete",
    valid: true,
    profiles: { rfc5280: true, webpki: true },
    failedProfiles: [],
    links: [],
    problems: [],
    unusedCertificates: [],
    alternatives,
  };
}

describe("ChainLadder: other paths (cross-signs)", () => {
  it("says which other paths validate and why the others fail", () => {
    render(
      <ChainLadder
        now={new Date()}
        verdict={verdictWith([
          { subjects: ["CN=www.example.local", "CN=R3", "CN=ISRG Root X1"], valid: true },
          {
            subjects: ["CN=www.example.local", "CN=R3", "CN=DST Root CA X3"],
            valid: false,
            problem: { code: "expired", message: 'CA certificate "DST Root CA X3" expired on 2021-09-30.' },
          },
        ])}
      />,
    );
    const items = screen.getAllByTestId("chain-alternative");
    expect(items.map((i) => i.dataset.valid)).toEqual(["true", "false"]);
    expect(items[0]!.textContent).toBe("Also validates via CN=R3 → CN=ISRG Root X1");
    expect(items[1]!.textContent).toBe(
      'Alternative path via CN=R3 → CN=DST Root CA X3 failed because CA certificate "DST Root CA X3" expired on 2021-09-30.',
    );
    expect(screen.getByTestId("chain-alternative-reason").dataset.code).toBe("expired");
  });

  it("shows no other-paths section when there is one path", () => {
    render(<ChainLadder now={new Date()} verdict={verdictWith([])} />);
    expect(screen.queryByTestId("chain-alternatives")).toBeNull();
  });
});

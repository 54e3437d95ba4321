import { SEVERITY_ORDER, worstSeverity } from "@/lib/severity";
import type { CertificateInfo } from "@/lib/types";
import { type ChainRole, type Problem, verifyChain } from "@/lib/x509/chain";
import { type ParsedCertificate, parseCertificateDerWithObjects } from "@/lib/x509/parse";
import type {
  BundleFacts,
  CertBundle,
  LabelSelectorFacts,
  NamespaceFacts,
  SecretFacts,
  SecretRef,
  Severity,
  TrustEdge,
  TrustEdgeKind,
  TrustGraph,
  TrustGraphInput,
  TrustGraphOptions,
  TrustNode,
  TrustNodeKind,
  TrustProblem,
} from "./types";

/**
 * The trust graph: which issuer issued which certificate, which key signed it, where it is
 * stored, and which APISIX objects serve, trust or present it. Pure: built from reduced facts
 * and an injected `now`.
 */

/** Node id of an object: `${kind}:${namespace}/${name}` (empty namespace when cluster-scoped). */
export function trustNodeId(kind: TrustNodeKind, namespace: string | undefined, name: string): string {
  return `${kind}:${namespace ?? ""}/${name}`;
}

function worst(problems: TrustProblem[]): Severity | "ok" {
  return worstSeverity(problems);
}

function hostCovered(host: string, dnsNames: string[]): boolean {
  const h = host.toLowerCase();
  return dnsNames.some((raw) => {
    const d = raw.toLowerCase();
    if (d === h) return true;
    if (d.startsWith("*.") && !h.startsWith("*.")) {
      const dot = h.indexOf(".");
      return dot > 0 && h.slice(dot + 1) === d.slice(2);
    }
    return false;
  });
}

class Builder {
  readonly nodes = new Map<string, TrustNode>();
  readonly edges = new Map<string, TrustEdge>();
  private readonly seen = new Set<string>();

  node(kind: TrustNodeKind, namespace: string | undefined, name: string): TrustNode {
    const id = trustNodeId(kind, namespace, name);
    let n = this.nodes.get(id);
    if (!n) {
      n = { id, kind, name, problems: [], status: "ok" };
      if (namespace !== undefined && namespace !== "") n.namespace = namespace;
      this.nodes.set(id, n);
    }
    return n;
  }

  edge(kind: TrustEdgeKind, from: string, to: string): void {
    const id = `${kind}:${from}->${to}`;
    if (!this.edges.has(id)) this.edges.set(id, { id, kind, from, to });
  }

  /**
   * Adds a finding to a node. A finding about a certificate is kept once per code and
   * certificate (an expired CA reached from many leaves); any other is kept once per code and
   * message, so distinct objects (a missing served Secret and a missing CA Secret; tls.crt and
   * ca.crt both unreadable) are each reported.
   */
  problem(node: TrustNode, p: TrustProblem): void {
    const key = `${node.id}|${p.code}|${p.certificate !== undefined ? `cert:${p.certificate}` : `msg:${p.message}`}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    node.problems.push(p);
  }
}

interface SecretEntry {
  facts: SecretFacts;
  node: TrustNode;
  tls: ParsedCertificate[];
  ca: ParsedCertificate[];
  cert: ParsedCertificate[];
}

function parseBundle(bundle: CertBundle | undefined): ParsedCertificate[] {
  if (!bundle) return [];
  if (bundle.parsed) return bundle.parsed;
  const out: ParsedCertificate[] = [];
  for (const der of bundle.der) {
    try {
      out.push(parseCertificateDerWithObjects(der));
    } catch {
      // Unparseable DER is reported through SecretFacts.errors by whoever built the facts.
    }
  }
  return out;
}

/**
 * Builds the trust graph from reduced cluster facts. Chain verdicts of every Secret's `tls.crt`
 * (against its `ca.crt`) are attached to the object a user acts on: the managing Certificate,
 * else the Secret; problems of a CA link go to the node that holds that CA.
 */
export function buildTrustGraph(input: TrustGraphInput, opts: TrustGraphOptions): TrustGraph {
  const b = new Builder();
  const clusterNs = opts.clusterResourceNamespace ?? "cert-manager";

  // Secrets.
  const secrets = new Map<string, SecretEntry>();
  for (const facts of input.secrets) {
    const node = b.node("secret", facts.namespace, facts.name);
    const entry: SecretEntry = {
      facts,
      node,
      tls: parseBundle(facts.tlsCrt),
      ca: parseBundle(facts.caCrt),
      cert: parseBundle(facts.cert),
    };
    secrets.set(node.id, entry);
    node.fingerprints = {
      tlsCrt: entry.tls.map((c) => c.info.sha256Fingerprint),
      caCrt: entry.ca.map((c) => c.info.sha256Fingerprint),
    };
    if (entry.tls[0]) node.certificate = entry.tls[0].info;
    for (const [key, message] of Object.entries(facts.errors ?? {})) {
      b.problem(node, {
        code: "secret-unparseable",
        severity: "critical",
        message: `Key ${key} of Secret ${facts.namespace}/${facts.name} could not be parsed: ${message}.`,
        fix: `Replace ${key} with PEM certificates (re-issue the Certificate if cert-manager manages this Secret).`,
      });
    }
  }

  /** Resolves a Secret reference; creates a "missing" node when it does not exist. */
  const secretRef = (ref: SecretRef, defaultNs: string): { node: TrustNode; entry?: SecretEntry } => {
    const ns = ref.namespace ?? defaultNs;
    const id = trustNodeId("secret", ns, ref.name);
    const entry = secrets.get(id);
    if (entry) return { node: entry.node, entry };
    const node = b.node("secret", ns, ref.name);
    node.missing = true;
    return { node };
  };
  const missingSecret = (
    owner: TrustNode,
    node: TrustNode,
    what: string,
    severity: Severity,
    fix = `Create the Secret ${node.namespace ?? ""}/${node.name}, or point the reference at an existing one.`,
  ) =>
    b.problem(owner, {
      code: "secret-missing",
      severity,
      message: `${what} Secret ${node.namespace ?? ""}/${node.name} does not exist.`,
      fix,
    });

  // CA certificates by fingerprint -> the secret whose tls.crt starts with them.
  const caHolders = new Map<string, SecretEntry>();
  for (const entry of secrets.values()) {
    const first = entry.tls[0];
    if (first?.info.isCA && !caHolders.has(first.info.sha256Fingerprint)) {
      caHolders.set(first.info.sha256Fingerprint, entry);
    }
  }
  const knownCas = [...caHolders.values()].map((e) => e.tls[0]!);

  // Issuers.
  for (const iss of input.issuers) {
    const cluster = iss.kind === "ClusterIssuer";
    const node = b.node(cluster ? "clusterissuer" : "issuer", cluster ? undefined : iss.namespace, iss.name);
    if (iss.type === "ca" && iss.caSecret) {
      const { node: sNode, entry } = secretRef(iss.caSecret, cluster ? clusterNs : (iss.namespace ?? ""));
      b.edge("signed-by", node.id, sNode.id);
      if (!entry) missingSecret(node, sNode, "CA", "critical");
      else if (entry.tls[0] && !entry.tls[0].info.isCA) {
        b.problem(node, {
          code: "ca-not-ca",
          severity: "critical",
          message: `The CA Secret ${sNode.namespace}/${sNode.name} holds "${entry.tls[0].info.subject}", which is not a CA certificate.`,
          fix: "Point spec.ca.secretName at the Secret of a Certificate with isCA: true.",
        });
      }
    }
  }

  // Certificates.
  const managedBy = new Map<
    string,
    { node: TrustNode; usages: string[]; isCA: boolean; renewalTime?: string }
  >();
  for (const cert of input.certificates) {
    const node = b.node(cert.isCA ? "ca-certificate" : "leaf-certificate", cert.namespace, cert.name);
    const cluster = cert.issuerRef.kind === "ClusterIssuer";
    const issuerId = trustNodeId(
      cluster ? "clusterissuer" : "issuer",
      cluster ? undefined : cert.namespace,
      cert.issuerRef.name,
    );
    const externalGroup = cert.issuerRef.group !== undefined && cert.issuerRef.group !== "cert-manager.io";
    const issuerMissing = !b.nodes.has(issuerId) && !externalGroup;
    if (issuerMissing) {
      const missing = b.node(
        cluster ? "clusterissuer" : "issuer",
        cluster ? undefined : cert.namespace,
        cert.issuerRef.name,
      );
      missing.missing = true;
      b.problem(node, {
        code: "issuer-not-found",
        severity: "critical",
        message: `${cluster ? "ClusterIssuer" : "Issuer"} ${cluster ? "" : `${cert.namespace}/`}${cert.issuerRef.name}, referenced by Certificate ${cert.namespace}/${cert.name}, does not exist.`,
        fix: "Create the issuer or fix spec.issuerRef (name and kind).",
      });
    }
    if (b.nodes.has(issuerId)) b.edge("issued-by", node.id, issuerId);
    const { node: sNode, entry } = secretRef({ name: cert.secretName }, cert.namespace);
    b.edge("stored-in", node.id, sNode.id);
    // cert-manager writes a Certificate's Secret when it issues: a missing one is a symptom (of a
    // missing issuer, or of issuance that is stuck), never something to create by hand.
    if (!entry)
      missingSecret(
        node,
        sNode,
        "Its",
        "warning",
        !issuerMissing
          ? `cert-manager writes this Secret when it issues: open Certificate ${cert.namespace}/${cert.name} to see why issuance has not completed.`
          : `cert-manager writes this Secret once the Certificate can be issued: fix the missing issuer first.`,
      );
    const m: { node: TrustNode; usages: string[]; isCA: boolean; renewalTime?: string } = {
      node,
      usages: cert.usages,
      isCA: cert.isCA,
    };
    if (cert.renewalTime) m.renewalTime = cert.renewalTime;
    managedBy.set(sNode.id, m);
  }

  const ownerOf = (entry: SecretEntry): TrustNode => managedBy.get(entry.node.id)?.node ?? entry.node;

  // Chain verdicts per Secret.
  for (const entry of secrets.values()) {
    if (entry.tls.length === 0) continue;
    const owner = ownerOf(entry);
    const managed = managedBy.get(entry.node.id);
    const hasCa = entry.ca.length > 0;
    const role: ChainRole | undefined = managed?.isCA ? "ca" : undefined;
    const verdict = verifyChain({
      bundle: entry.tls,
      trusted: hasCa ? entry.ca : undefined,
      intermediates: hasCa ? undefined : knownCas,
      ...(role ? { role } : {}),
      ...(managed && !managed.isCA ? { usages: managed.usages } : {}),
      ...(managed?.renewalTime ? { renewalTime: new Date(managed.renewalTime) } : {}),
      now: opts.now,
      ...(opts.expiringSoonDays !== undefined ? { expiringSoonDays: opts.expiringSoonDays } : {}),
    });
    const chain = { status: verdict.status, valid: verdict.valid };
    entry.node.chain = chain;
    owner.chain = chain;
    owner.certificate = entry.tls[0]!.info;

    const linkProblems = new Set<Problem>();
    verdict.links.forEach((link, i) => {
      const holder = i === 0 ? undefined : caHolders.get(link.certificate.sha256Fingerprint);
      const target = i === 0 || !holder ? owner : ownerOf(holder);
      for (const p of link.problems) {
        linkProblems.add(p);
        b.problem(target, p);
      }
    });
    for (const p of verdict.problems) {
      if (linkProblems.has(p)) continue;
      if (p.code === "issuer-missing" && !hasCa) {
        b.problem(owner, {
          ...p,
          severity: "warning",
          message: `${p.message} The Secret has no ca.crt to verify against.`,
          fix: "Add ca.crt to the Secret (cert-manager CA issuers do), or make sure clients trust the issuing root.",
        });
      } else {
        b.problem(owner, p);
      }
    }
    // Cryptographic signed-by edge to the Secret holding the issuing CA.
    const issuerLink = verdict.links[1];
    if (issuerLink && verdict.links[0]?.signatureValid) {
      const holder = caHolders.get(issuerLink.certificate.sha256Fingerprint);
      if (holder && holder !== entry) b.edge("signed-by", entry.node.id, holder.node.id);
    }
  }

  // ApisixTls.
  for (const tls of input.apisixTls ?? []) {
    const node = b.node("apisix-tls", tls.namespace, tls.name);
    const served = secretRef(tls.secret, tls.namespace);
    b.edge("served-for-host", served.node.id, node.id);
    for (const host of tls.hosts) {
      const h = b.node("host", undefined, host);
      b.edge("served-for-host", node.id, h.id);
    }
    if (!served.entry) missingSecret(node, served.node, "Served", "critical");
    const leaf = served.entry?.tls[0]?.info;
    if (leaf) {
      if (
        leaf.extendedKeyUsages.length > 0 &&
        !leaf.extendedKeyUsages.some((u) => u === "server auth" || u === "any")
      ) {
        b.problem(node, {
          code: "missing-server-auth",
          severity: "critical",
          message: `APISIX serves "${leaf.subject}" from ${served.node.namespace}/${served.node.name}, but it lacks the "server auth" usage.`,
          fix: 'Add "server auth" to the Certificate\'s usages and renew it.',
          certificate: leaf.subject,
        });
      }
      const uncovered = tls.hosts.filter((h) => !hostCovered(h, leaf.dnsNames));
      if (uncovered.length > 0) {
        b.problem(node, {
          code: "host-not-covered",
          severity: "critical",
          message: `Host(s) ${uncovered.join(", ")} are not in the served certificate's DNS names (${leaf.dnsNames.join(", ") || "none"}).`,
          fix: "Add the hosts to the Certificate's dnsNames, or serve a certificate that covers them.",
          certificate: leaf.subject,
        });
      }
    }
    if (tls.client) {
      const ca = secretRef(tls.client.caSecret, tls.namespace);
      b.edge("trusted-as-client-ca-by", ca.node.id, node.id);
      if (!ca.entry) {
        missingSecret(node, ca.node, "Client CA", "critical");
      } else {
        judgeClientCa(b, node, ca.entry, secrets);
      }
    }
  }

  // ApisixUpstream.
  for (const up of input.apisixUpstreams ?? []) {
    const node = b.node("apisix-upstream", up.namespace, up.name);
    if (!up.tlsSecret) continue;
    const s = secretRef(up.tlsSecret, up.namespace);
    b.edge("presented-to-upstream", s.node.id, node.id);
    if (!s.entry) missingSecret(node, s.node, "Upstream client", "critical");
    const leaf = s.entry?.tls[0]?.info;
    if (
      leaf &&
      leaf.extendedKeyUsages.length > 0 &&
      !leaf.extendedKeyUsages.some((u) => u === "client auth" || u === "any")
    ) {
      b.problem(node, {
        code: "missing-client-auth",
        severity: "critical",
        message: `APISIX presents "${leaf.subject}" to the upstream, but it lacks the "client auth" usage.`,
        fix: 'Add "client auth" to the Certificate\'s usages and renew it.',
        certificate: leaf.subject,
      });
    }
    if ((up.scheme ?? "http") !== "https") {
      b.problem(node, {
        code: "upstream-scheme-not-https",
        severity: "warning",
        message: `ApisixUpstream ${up.namespace}/${up.name} has a tlsSecret but scheme "${up.scheme ?? "http"}": the client certificate is never sent.`,
        fix: "Set spec.scheme to https.",
      });
    }
  }

  addBundles(b, input, opts, secrets);

  const nodes = [...b.nodes.values()].sort((x, y) => x.id.localeCompare(y.id));
  for (const n of nodes) {
    n.problems.sort((x, y) => SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity]);
    n.status = worst(n.problems);
  }
  return { nodes, edges: [...b.edges.values()].sort((x, y) => x.id.localeCompare(y.id)) };
}

/** The controller reads `cert`, then `tls.crt`, then `ca.crt`: judge what it would trust. */
function judgeClientCa(
  b: Builder,
  node: TrustNode,
  ca: SecretEntry,
  secrets: Map<string, SecretEntry>,
): void {
  const key =
    ca.cert.length > 0 ? "cert" : ca.tls.length > 0 ? "tls.crt" : ca.ca.length > 0 ? "ca.crt" : undefined;
  const where = `${ca.node.namespace ?? ""}/${ca.node.name}`;
  if (!key) {
    b.problem(node, {
      code: "client-ca-empty",
      severity: "critical",
      message: `Client CA Secret ${where} has no cert, tls.crt or ca.crt certificate.`,
      fix: "Point client.caSecret at the CA Certificate's own Secret (the one holding the CA in tls.crt).",
    });
    return;
  }
  const read = key === "cert" ? ca.cert : key === "tls.crt" ? ca.tls : ca.ca;
  const first = read[0]!.info;
  if (first.isCA) return;
  const better = findCaSecretFor(first, secrets);
  b.problem(node, {
    code: "client-ca-is-leaf",
    severity: "critical",
    message: `client.caSecret ${where} is a leaf Secret: APISIX reads "${key}" before ca.crt, so it would trust only the leaf "${first.subject}", not its CA.`,
    fix: better
      ? `Point client.caSecret at ${better.namespace}/${better.name}, the Secret of the CA "${first.issuer}".`
      : "Point client.caSecret at the CA Certificate's own Secret, not at a leaf's.",
    certificate: first.subject,
  });
}

function findCaSecretFor(leaf: CertificateInfo, secrets: Map<string, SecretEntry>): TrustNode | undefined {
  for (const e of secrets.values()) {
    const c = e.tls[0];
    if (c?.info.isCA && c.info.subject === leaf.issuer) return e.node;
  }
  return undefined;
}

/**
 * Whether a namespace's labels match a Kubernetes LabelSelector (matchLabels AND every
 * matchExpression; operators In, NotIn, Exists, DoesNotExist as in k8s.io/apimachinery's
 * `labels.Selector`). An absent selector matches every namespace (trust-manager's default target).
 */
export function selectorMatches(
  selector: LabelSelectorFacts | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    const values = e.values ?? [];
    if (e.operator === "In" && !(has && values.includes(value ?? ""))) return false;
    if (e.operator === "NotIn" && has && values.includes(value ?? "")) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/**
 * The namespaces a Bundle's target reaches: every namespace whose labels match its namespaceSelector.
 * Without namespace facts, the namespaces the graph's objects live in stand in, with the
 * `kubernetes.io/metadata.name` label the API server sets on every namespace.
 */
export function bundleTargetNamespaces(bundle: BundleFacts, input: TrustGraphInput): string[] {
  const namespaces: NamespaceFacts[] =
    input.namespaces ??
    [
      ...new Set([
        ...input.secrets.map((s) => s.namespace),
        ...input.certificates.map((c) => c.namespace),
        ...(input.apisixTls ?? []).map((t) => t.namespace),
      ]),
    ].map((name) => ({ name, labels: { "kubernetes.io/metadata.name": name } }));
  return namespaces
    .filter((ns) => selectorMatches(bundle.target.namespaceSelector, ns.labels))
    .map((ns) => ns.name)
    .sort();
}

/**
 * Bundles: sources (Secrets / ConfigMaps of the trust namespace) -> Bundle -> its target Secret and
 * ConfigMap in every namespace the selector matches. A target Secret an ApisixTls reads as its client
 * CA is the same node the ApisixTls section linked, so the path runs on to the consumer.
 */
function addBundles(
  b: Builder,
  input: TrustGraphInput,
  opts: TrustGraphOptions,
  secrets: Map<string, SecretEntry>,
): void {
  const trustNs = opts.trustNamespace ?? "cert-manager";
  for (const bundle of input.bundles ?? []) {
    const node = b.node("bundle", undefined, bundle.name);
    const fps: string[] = [];
    for (const src of bundle.sources) {
      if (src.kind === "inLine") {
        fps.push(...src.certificates.certificates.map((c) => c.sha256Fingerprint));
      } else if ((src.kind === "secret" || src.kind === "configMap") && src.name) {
        const sNode = b.node(src.kind === "secret" ? "secret" : "configmap", trustNs, src.name);
        b.edge("bundle-source", sNode.id, node.id);
        const entry = secrets.get(sNode.id);
        if (entry && src.kind === "secret") {
          const key = src.key;
          const certs = key === "ca.crt" ? entry.ca : key === "tls.crt" || !key ? entry.tls : entry.cert;
          fps.push(...certs.map((c) => c.info.sha256Fingerprint));
        }
      }
    }
    node.fingerprints = { tlsCrt: [], caCrt: [...new Set(fps)] };
    if (bundle.synced && bundle.synced !== "True") {
      b.problem(node, {
        code: "bundle-not-synced",
        severity: "warning",
        message: `Bundle ${bundle.name} is not synced${bundle.syncedMessage ? `: ${bundle.syncedMessage}` : ""}.`,
        fix: "Check trust-manager's log and the Bundle's sources (they must exist in the trust namespace).",
      });
    }
    for (const ns of bundleTargetNamespaces(bundle, input)) {
      if (bundle.target.secretKey) b.edge("distributed-to", node.id, b.node("secret", ns, bundle.name).id);
      if (bundle.target.configMapKey)
        b.edge("distributed-to", node.id, b.node("configmap", ns, bundle.name).id);
    }
  }
}

export { downstreamOf, trustedBy } from "./traverse";

import { signInToTrustdeck } from "./test/integration/helpers/oidc";
const base = "http://127.0.0.1:3219";
for (const who of ["alice", "bob", "carol"]) {
  const { res, browser } = await signInToTrustdeck(base, who);
  console.log(who, res.status, res.location, res.setCookies.map((c) => c.slice(0, 40) + "… " + c.length));
  const me = await browser.request(`${base}/api/auth/me`);
  console.log(me.status, me.body);
  const certs = await browser.request(`${base}/api/certificates?limit=2`);
  console.log("certs", certs.status, certs.body.slice(0, 200));
  const out = await browser.post(`${base}/api/auth/signout`);
  console.log("signout", out.status, out.body.slice(0, 300));
  const me2 = await browser.request(`${base}/api/auth/me`);
  console.log("after", me2.status, me2.body);
}

// A stand-in for an organisation's identity provider, for trying the hub with an issuer that is
// not the hub's own: it keeps an ES256 key pair in key.json (created on first use, readable only
// by its owner), publishes the public half as a JWKS, and mints access tokens.
//
//   node issuer.mjs jwks > jwks.json
//   node issuer.mjs token <client_id> "<scope> <scope> ..."
//
// ISSUER and AUDIENCE default to https://idp.example.edu.cn and exchange-hub.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as jose from 'jose';

const issuer = process.env.ISSUER ?? 'https://idp.example.edu.cn';
const audience = process.env.AUDIENCE ?? 'exchange-hub';
const keyFile = new URL('./key.json', import.meta.url);

async function key() {
  if (!existsSync(keyFile)) {
    const { privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await jose.exportJWK(privateKey)), kid: `idp-${Date.now()}`, alg: 'ES256' };
    writeFileSync(keyFile, JSON.stringify(jwk), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(keyFile, 'utf8'));
}

const [command, clientId, scope] = process.argv.slice(2);
const jwk = await key();
if (command === 'jwks') {
  const { d, ...publicJwk } = jwk;
  console.log(JSON.stringify({ keys: [{ ...publicJwk, use: 'sig' }] }));
} else if (command === 'token' && clientId) {
  const token = await new jose.SignJWT({ client_id: clientId, scope: scope ?? '' })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(clientId)
    .setIssuedAt()
    .setExpirationTime('30m')
    .sign(await jose.importJWK(jwk, 'ES256'));
  console.log(token);
} else {
  console.error('usage: node issuer.mjs jwks | node issuer.mjs token <client_id> "<scopes>"');
  process.exit(2);
}

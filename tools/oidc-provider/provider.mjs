// An OpenID provider for the page tests: oidc-provider with its development interactions (any
// login name, any password), one public client that must use PKCE, and the hub's scope. A graduate
// account may be named: its ID token carries the graduate's resident id in the claim resident_id,
// as a university's provider vouches for its graduates.
// Usage: node provider.mjs <port> <client id> <redirect uri> <scope> [<graduate login> <resident id>]
import Provider from 'oidc-provider';

const [port, clientId, redirectUri, scope, graduateLogin, graduateResidentId] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    token_endpoint_auth_method: 'none',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  scopes: ['openid', scope],
  claims: { openid: ['sub', 'name', 'resident_id'] },
  // The hub reads who signed in from the ID token alone (it asks no userinfo endpoint).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  findAccount: (ctx, sub) => ({
    accountId: sub,
    claims: () => (graduateLogin && sub === graduateLogin
      ? { sub, name: sub, resident_id: graduateResidentId }
      : { sub, name: sub }),
  }),
});
provider.listen(Number(port), '127.0.0.1', () => process.stdout.write(`listening ${issuer}\n`));

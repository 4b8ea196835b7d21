// An OpenID provider for the page tests: oidc-provider with its development interactions (any
// login name, any password), one public client that must use PKCE, and the hub's scope.
// Usage: node provider.mjs <port> <client id> <redirect uri> <scope>
import Provider from 'oidc-provider';

const [port, clientId, redirectUri, scope] = process.argv.slice(2);
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
  claims: { openid: ['sub'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  findAccount: (ctx, sub) => ({ accountId: sub, claims: () => ({ sub, name: sub }) }),
});
provider.listen(Number(port), '127.0.0.1', () => process.stdout.write(`listening ${issuer}\n`));

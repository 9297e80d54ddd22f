// A real OpenID Connect provider for the tests (node-oidc-provider), on a localhost port.
// Usage: node oidc-provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI
// Any login name is accepted on its development login page; the account's e-mail address
// is <login>@example.org, verified.
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@example.org`, email_verified: true, name: id };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['test-only-not-secret'] },
});
provider.proxy = false;
provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`oidc-provider ready at ${issuer}`);
});

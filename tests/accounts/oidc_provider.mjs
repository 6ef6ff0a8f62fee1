// A real OpenID provider for the tests (the npm package `oidc-provider`, installed by
// `npm ci` from package.json's devDependencies), on a free loopback port.
//
// Usage: node tests/accounts/oidc_provider.mjs CONFIG.json
// CONFIG: {"client_id", "client_secret", "redirect_uris": [...], "accounts": {login: claims},
//          "key_client": {"client_id", "jwk"}} – the second client authenticates with
//          private_key_jwt, signed with the key whose public JWK is given.
// Prints one line of JSON, {"issuer": "http://127.0.0.1:PORT"}, once it listens, and stops
// when its standard input closes (the test that started it ends) or on SIGTERM.
//
// Logins go through the package's development login form (devInteractions): any password;
// the login typed must be one of the configured accounts. Consent is granted at once, so the
// flow is: authorize -> login form -> back to the client with a code.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = config.accounts || {};

const server = createServer();
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const clients = [{
  client_id: config.client_id,
  client_secret: config.client_secret,
  redirect_uris: config.redirect_uris,
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
}];
if (config.key_client) {
  clients.push({
    client_id: config.key_client.client_id,
    redirect_uris: config.redirect_uris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'RS256',
    jwks: { keys: [config.key_client.jwk] },
  });
}

const provider = new Provider(issuer, {
  clients,
  // PKCE (S256) for every authorization request.
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
  },
  // As ID-porten announces them (acr_values_supported).
  acrValues: ['idporten-loa-substantial', 'idporten-loa-high'],
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['fellesloft-test-cookie-key'] },
  async findAccount(ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
  // The first party needs no consent screen: the grant is made on the first authorization.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);

const stop = () => { server.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();

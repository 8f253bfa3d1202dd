// `npm run oidc:provider`: the tests' OpenID provider, for logging in on this machine without a real one. It
// listens on OIDC_ISSUER_URL's port and knows one client, this service, with the id, secret and redirect URL
// from .env. Any email logs in, without a password: for development only.
import { loadConfig, loadEnvFile } from '../src/config.js';
import { startOidcProvider } from './oidc-provider.js';

loadEnvFile();
const config = loadConfig();
const issuer = new URL(config.OIDC_ISSUER_URL);
if (issuer.hostname !== '127.0.0.1') throw new Error('OIDC_ISSUER_URL must be http://127.0.0.1:<port> to run this');

const provider = await startOidcProvider({
  port: Number(issuer.port),
  client: { id: config.OIDC_CLIENT_ID, secret: config.OIDC_CLIENT_SECRET, redirectUri: config.OIDC_REDIRECT_URL },
});
console.log(
  `Development OpenID provider at ${provider.issuer}; log in at ${new URL('/v1/auth/login', config.OIDC_REDIRECT_URL).href}`,
);
const stop = () => void provider.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

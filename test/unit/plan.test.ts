import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/plan.js';
import { allFeatures } from '../../src/features/index.js';
import { optionsSchema } from '../../src/options/schema.js';
import { versions } from '../../src/engine/versions.js';

const minimal = optionsSchema.parse({ name: 'orders-api', install: false, git: false });

describe('plan(minimal)', () => {
  const tree = plan(minimal, allFeatures, '0.0.0-test');

  it('produces the same file list as before', () => {
    expect(tree.paths()).toMatchSnapshot();
  });

  it.each(['package.json', 'src/config.ts', 'src/app.ts', 'src/main.ts', '.env.example', '.gitignore'])(
    'renders %s as before',
    (path) => {
      expect(tree.read(path)).toMatchSnapshot();
    },
  );

  it('is deterministic: the same options give byte-identical files', () => {
    const again = plan(minimal, allFeatures, '0.0.0-test');
    expect(again.entries()).toEqual(tree.entries());
  });

  it('names the package after the project and pins every dependency from the version table', () => {
    const packageJson = JSON.parse(tree.read('package.json')) as {
      name: string;
      engines: { node: string };
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(packageJson.name).toBe('orders-api');
    expect(packageJson.engines.node).toBe('>=20.19');
    for (const [name, version] of Object.entries({ ...packageJson.dependencies, ...packageJson.devDependencies })) {
      expect(version).toBe(versions[name as keyof typeof versions]);
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('records the generator, the options, no resources and a hash of every generated file in backend.json', () => {
    const manifest = JSON.parse(tree.read('backend.json')) as {
      generator: { version: string };
      options: Record<string, unknown>;
      resources: unknown[];
      files: Record<string, { sha256: string }>;
    };
    expect(manifest.generator.version).toBe('0.0.0-test');
    expect(manifest.options).toEqual({
      name: 'orders-api',
      auth: 'none',
      cache: 'none',
      queue: 'none',
      search: 'none',
      packageManager: 'npm',
    });
    expect(manifest.resources).toEqual([]);
    const recorded = Object.keys(manifest.files);
    expect(recorded).toContain('src/app.ts');
    expect(recorded).not.toContain('.env');
    expect(recorded).not.toContain('backend.json');
  });

  it('documents every environment variable in .env.example', () => {
    const example = tree.read('.env.example');
    for (const name of ['NODE_ENV', 'PORT', 'DATABASE_URL', 'CORS_ORIGINS', 'SHUTDOWN_TIMEOUT_MS']) {
      expect(example).toContain(`${name}=`);
    }
  });

  it('stores no dotfile under an underscore name', () => {
    expect(tree.paths().filter((path) => path.split('/').some((part) => part.startsWith('_')))).toEqual([]);
  });
});

describe('plan(auth: jwt)', () => {
  const jwt = optionsSchema.parse({ name: 'orders-api', auth: 'jwt', install: false, git: false });
  const tree = plan(jwt, allFeatures, '0.0.0-test');

  it('adds the auth core and the JWT style to the base, and writes no README section as a file', () => {
    const added = tree.paths().filter((path) => !plan(minimal, allFeatures, '0.0.0-test').paths().includes(path));
    expect(added).toMatchSnapshot();
    expect(tree.paths().filter((path) => path.includes('_readme'))).toEqual([]);
  });

  it.each(['src/app.ts', 'src/modules/index.ts', 'src/db/schema.ts', 'src/plugins/docs.ts', 'test/helpers.ts'])(
    'plugs the features into %s',
    (path) => {
      expect(tree.read(path)).toMatchSnapshot();
    },
  );

  it('generates the signing secret into .env only, and requires it in production', () => {
    const secret = /^JWT_SECRET=([A-Za-z0-9_-]{43})$/m.exec(tree.read('.env'))?.[1];
    expect(secret).toBeDefined();
    const elsewhere = tree
      .entries()
      .filter((entry) => entry.path !== '.env' && String(entry.content).includes(secret ?? ''));
    expect(elsewhere.map((entry) => entry.path)).toEqual([]);
    expect(tree.read('src/config.ts')).toMatch(/requiredInProduction[^;]*'JWT_SECRET'/);
    expect(plan(jwt, allFeatures, '0.0.0-test').read('.env')).not.toBe(tree.read('.env'));
  });

  it('gives docker-compose, which runs in production mode, every setting production requires', () => {
    const compose = tree.read('docker-compose.yml');
    expect(compose.match(/JWT_SECRET: '\$\{JWT_SECRET:\?JWT_SECRET is not set, see \.env\}'/g)).toHaveLength(2);
    expect(compose.match(/JWT_ISSUER: 'http:\/\/localhost:3000'/g)).toHaveLength(2);
  });

  it('explains the auth style in the README, and lists its scripts and variables', () => {
    const readme = tree.read('README.md');
    expect(readme).toContain('## Users, roles and permissions');
    expect(readme).toContain('## Passwords, sign-up and login');
    expect(readme).toContain('## Authentication: JWT access tokens and rotating refresh tokens');
    expect(readme).toContain('`npm run users:create-admin`');
    expect(readme).toMatch(/\| `JWT_SECRET` +\| generated into `\.env` +\|/);
  });

  it('depends on argon2 and jose, pinned', () => {
    const { dependencies } = JSON.parse(tree.read('package.json')) as { dependencies: Record<string, string> };
    expect(dependencies['@node-rs/argon2']).toBe(versions['@node-rs/argon2']);
    expect(dependencies.jose).toBe(versions.jose);
  });
});

describe('plan(auth: session)', () => {
  const session = optionsSchema.parse({ name: 'orders-web', auth: 'session', install: false, git: false });
  const tree = plan(session, allFeatures, '0.0.0-test');

  it('adds the auth core and the session style, and nothing of the JWT style', () => {
    const added = tree.paths().filter((path) => !plan(minimal, allFeatures, '0.0.0-test').paths().includes(path));
    expect(added).toMatchSnapshot();
    expect(added.filter((path) => /refresh|\/tokens\.ts/.test(path))).toEqual([]);
  });

  it('generates the cookie secret into .env, and explains sessions and CSRF in the README', () => {
    expect(tree.read('.env')).toMatch(/^SESSION_SECRET=[A-Za-z0-9_-]{43}$/m);
    const readme = tree.read('README.md');
    expect(readme).toContain('## Sessions');
    expect(readme).toContain('## Authentication: log in with a password, into a session');
    expect(readme).toContain('Cross-site request forgery');
    const { dependencies } = JSON.parse(tree.read('package.json')) as { dependencies: Record<string, string> };
    expect(dependencies['@fastify/cookie']).toBe(versions['@fastify/cookie']);
    expect(dependencies.jose).toBeUndefined();
  });
});

describe('plan(auth: api-key)', () => {
  const apiKey = optionsSchema.parse({ name: 'orders-service', auth: 'api-key', install: false, git: false });
  const tree = plan(apiKey, allFeatures, '0.0.0-test');

  it('adds the auth core and the API key style, and nothing of passwords', () => {
    const added = tree.paths().filter((path) => !plan(minimal, allFeatures, '0.0.0-test').paths().includes(path));
    expect(added).toMatchSnapshot();
    expect(added.filter((path) => /password|accounts|users-create-admin/.test(path))).toEqual([]);
    const { dependencies } = JSON.parse(tree.read('package.json')) as { dependencies: Record<string, string> };
    expect(dependencies['@node-rs/argon2']).toBeUndefined();
  });

  it('grants api-keys:manage to admins, in the code and in the README', () => {
    expect(tree.read('src/auth/permissions.ts')).toContain("'api-keys:manage': ['admin'],");
    expect(tree.read('README.md')).toMatch(/\| `admin` \| `profile:read`, `users:read`, `api-keys:manage` \|/);
    expect(tree.read('README.md')).toContain('## Authentication: API keys');
  });
});

describe('plan(auth: oidc)', () => {
  const oidc = optionsSchema.parse({ name: 'portal', auth: 'oidc', install: false, git: false });
  const tree = plan(oidc, allFeatures, '0.0.0-test');

  it('adds the auth core, the session store and the OpenID client, and nothing of passwords', () => {
    const added = tree.paths().filter((path) => !plan(minimal, allFeatures, '0.0.0-test').paths().includes(path));
    expect(added).toMatchSnapshot();
    expect(added.filter((path) => /password|accounts/.test(path))).toEqual([]);
    const packageJson = JSON.parse(tree.read('package.json')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(packageJson.dependencies['openid-client']).toBe(versions['openid-client']);
    expect(packageJson.dependencies['@node-rs/argon2']).toBeUndefined();
    expect(packageJson.devDependencies['oidc-provider']).toBe(versions['oidc-provider']);
    expect(packageJson.scripts['oidc:provider']).toBe('tsx test/oidc-dev-provider.ts');
  });

  it('generates the client and cookie secrets into .env, and requires the provider settings in production', () => {
    expect(tree.read('.env')).toMatch(/^OIDC_CLIENT_SECRET=[A-Za-z0-9_-]{43}$/m);
    expect(tree.read('.env')).toMatch(/^SESSION_SECRET=[A-Za-z0-9_-]{43}$/m);
    const config = tree.read('src/config.ts');
    for (const name of ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL']) {
      expect(config).toMatch(new RegExp(`requiredInProduction[^;]*'${name}'`));
    }
    expect(tree.read('README.md')).toContain('## Authentication: single sign-on with OpenID Connect');
  });
});

import type { ProviderIdentity } from '../../auth/oidc-client.js';
import { NotAuthenticatedError } from '../../lib/errors.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { User } from '../users/users.schemas.js';
import { emailSchema } from '../users/users.schemas.js';
import type { IdentitiesRepository } from './identities.repository.js';

/** The local user behind an identity at the provider: found, linked, or created at its first login. */
export class IdentitiesService {
  constructor(
    private readonly identities: IdentitiesRepository,
    private readonly users: UsersRepository,
  ) {}

  /**
   * The user this identity belongs to. At an identity's first login, it is linked to the user with its email
   * (one that `users:create-admin` made beforehand, say) or a new user with the role `user` is created. Either
   * needs an email the provider has verified: otherwise anyone could claim someone else's account by typing
   * their address at a provider that does not check it.
   */
  async userFor(identity: ProviderIdentity): Promise<User> {
    const userId = await this.identities.findUserId(identity.issuer, identity.subject);
    if (userId) {
      const user = await this.users.findById(userId);
      if (user) return user;
    }

    const email = emailSchema.safeParse(identity.email);
    if (!email.success || !identity.emailVerified) {
      throw new NotAuthenticatedError('The identity provider did not give a verified email address');
    }
    const existing = await this.users.findByEmail(email.data);
    if (existing && (await this.identities.isLinked(existing.id, identity.issuer))) {
      // The same email at the same provider, but another subject: a recycled address, most likely. Refused
      // rather than handing the old account to whoever holds the address now.
      throw new NotAuthenticatedError('This email belongs to another account at the identity provider');
    }
    const user = existing ?? (await this.users.create({ email: email.data, passwordHash: null }));
    await this.identities.link(user.id, identity.issuer, identity.subject);
    return user;
  }

  /** The user of an identity that has logged in before; undefined for one never seen. */
  async knownUser(issuer: string, subject: string): Promise<User | undefined> {
    const userId = await this.identities.findUserId(issuer, subject);
    return userId ? this.users.findById(userId) : undefined;
  }
}

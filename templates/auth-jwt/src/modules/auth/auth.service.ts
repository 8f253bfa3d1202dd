import { randomUUID } from 'node:crypto';

import { hashRandomToken, newRandomToken } from '../../auth/random-tokens.js';
import type { AccessTokens } from '../../auth/tokens.js';
import { NotAuthenticatedError } from '../../lib/errors.js';
import { getRequestContext } from '../../plugins/request-context.js';
import type { User } from '../users/users.schemas.js';
import type { UsersService } from '../users/users.service.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { RefreshTokensRepository } from './refresh-tokens.repository.js';
import type { Tokens } from './auth.schemas.js';

const day = 24 * 60 * 60 * 1000;

/** Logging in, refreshing and logging out with tokens. Knows nothing of HTTP. */
export class AuthService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly accessTokens: AccessTokens,
    private readonly ttl: { accessTokenSeconds: number; refreshTokenDays: number },
    private readonly log: { warn(details: object, message: string): void },
  ) {}

  /** A fresh pair of tokens, starting a new refresh token family; the generic InvalidCredentialsError if wrong. */
  async login(email: string, password: string): Promise<Tokens> {
    const user = await this.accounts.verifyCredentials(email, password);
    await this.refreshTokens.deleteExpired(user.id);
    return this.issue(user, randomUUID());
  }

  /**
   * Trades a refresh token for a new pair. Each refresh token works once: the first use rotates it, and any
   * later use means it was copied, so the whole family is revoked, and the thief and the user alike must log
   * in again.
   */
  async refresh(refreshToken: string): Promise<Tokens> {
    const stored = await this.refreshTokens.findByHash(hashRandomToken(refreshToken));
    if (!stored || stored.revokedAt || stored.expiresAt <= new Date()) throw invalidRefreshToken();
    if (stored.usedAt || !(await this.refreshTokens.markUsed(stored.id))) {
      await this.refreshTokens.revokeFamily(stored.familyId);
      const requestId = getRequestContext()?.requestId;
      this.log.warn(
        { requestId, userId: stored.userId, familyId: stored.familyId },
        'refresh token reused: family revoked',
      );
      throw invalidRefreshToken();
    }
    // The role is read again here, so a changed role reaches the next access token.
    const user = await this.users.authenticated(stored.userId);
    return this.issue(user, stored.familyId);
  }

  /** Revokes the family of this refresh token. Unknown tokens are ignored: logging out twice is not an error. */
  async logout(refreshToken: string): Promise<void> {
    const stored = await this.refreshTokens.findByHash(hashRandomToken(refreshToken));
    if (stored) await this.refreshTokens.revokeFamily(stored.familyId);
  }

  private async issue(user: Pick<User, 'id' | 'role'>, familyId: string): Promise<Tokens> {
    const refreshToken = newRandomToken();
    await this.refreshTokens.create({
      userId: user.id,
      familyId,
      tokenHash: hashRandomToken(refreshToken),
      expiresAt: new Date(Date.now() + this.ttl.refreshTokenDays * day),
    });
    return {
      accessToken: await this.accessTokens.issue(user),
      tokenType: 'Bearer',
      expiresIn: this.ttl.accessTokenSeconds,
      refreshToken,
    };
  }
}

function invalidRefreshToken(): NotAuthenticatedError {
  return new NotAuthenticatedError('The refresh token is not valid');
}

import { randomBytes, timingSafeEqual } from 'node:crypto';

import { type AuthenticatedUser, authenticatedUser } from '../../auth/access.js';
import { hashRandomToken, newRandomToken } from '../../auth/random-tokens.js';
import { ForbiddenError, NotAuthenticatedError, NotFoundError } from '../../lib/errors.js';
import { type ListResponse, toListResponse } from '../../lib/pagination.js';
import type { ApiKeysRepository } from './api-keys.repository.js';
import type { ApiKey, CreateApiKey, NewApiKey } from './api-keys.schemas.js';

const minute = 60 * 1000;

declare module '../../auth/access.js' {
  interface AuthenticatedUser {
    /** Set when the request was authenticated with an API key: which one, and until when it is good. */
    apiKey?: { id: string; expiresAt: Date | null };
  }
}

// `sk_<prefix>_<secret>`: the prefix (12 hex characters) is public and finds the key; the secret is 256 random
// bits. A recognisable shape lets secret scanners spot a key pasted where it should not be.
const keyFormat = /^sk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** API keys: creating them (shown once), listing, revoking, and finding the user a presented key acts as. */
export class ApiKeysService {
  constructor(private readonly keys: ApiKeysRepository) {}

  /**
   * A new key for `creator`, which acts as the creator limited to `scopes`. A key can never do more than the
   * one who made it: every scope must be a permission the creator has, and a key made with a key expires no
   * later than that key (and is revoked with it).
   */
  async create(creator: AuthenticatedUser, input: CreateApiKey): Promise<NewApiKey> {
    const lacking = input.scopes.filter((scope) => !creator.permissions.includes(scope));
    if (lacking.length > 0) {
      throw new ForbiddenError(`A key cannot have a scope its creator lacks: ${lacking.join(', ')}`);
    }
    const makerExpiresAt = creator.apiKey?.expiresAt ?? null;
    const requested = input.expiresAt === null ? null : new Date(input.expiresAt);
    const expiresAt = makerExpiresAt && (!requested || requested > makerExpiresAt) ? makerExpiresAt : requested;
    const prefix = randomBytes(6).toString('hex');
    const key = `sk_${prefix}_${newRandomToken()}`;
    const created = await this.keys.create({
      userId: creator.id,
      createdByKeyId: creator.apiKey?.id ?? null,
      name: input.name,
      prefix,
      keyHash: hashRandomToken(key),
      scopes: input.scopes,
      expiresAt,
    });
    return { ...created, key };
  }

  async list(options: { page: number; limit: number }): Promise<ListResponse<ApiKey>> {
    return toListResponse(await this.keys.list(options), options);
  }

  /** Revokes a key, and the keys made with it, at once: the next request that presents one is not authenticated. */
  async revoke(id: string): Promise<void> {
    if (!(await this.keys.revoke(id))) throw new NotFoundError(`API key ${id} does not exist or is revoked`);
  }

  /**
   * The user a presented key acts as, with the permissions its scopes and its owner's role both grant; an
   * NotAuthenticatedError for a key that is malformed, unknown, wrong, revoked or expired (one message for all).
   */
  async authenticate(presented: string): Promise<AuthenticatedUser> {
    const prefix = keyFormat.exec(presented)?.[1];
    const stored = prefix ? await this.keys.findByPrefix(prefix) : undefined;
    const now = Date.now();
    if (
      !stored ||
      // The hashes have one length; comparing them in constant time tells nothing about how much matched.
      !timingSafeEqual(Buffer.from(hashRandomToken(presented)), Buffer.from(stored.keyHash)) ||
      stored.revokedAt ||
      (stored.expiresAt && stored.expiresAt.getTime() <= now)
    ) {
      throw new NotAuthenticatedError('The API key is not valid');
    }
    // Recording use at most once a minute keeps most requests free of a write.
    if (!stored.lastUsedAt || now - stored.lastUsedAt.getTime() > minute) await this.keys.touch(stored.id);
    const owner = authenticatedUser(stored.userId, stored.role);
    return {
      ...owner,
      permissions: owner.permissions.filter((permission) => stored.scopes.includes(permission)),
      apiKey: { id: stored.id, expiresAt: stored.expiresAt },
    };
  }
}

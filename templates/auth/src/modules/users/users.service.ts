import { NotAuthenticatedError, NotFoundError } from '../../lib/errors.js';
import { type ListResponse, toListResponse } from '../../lib/pagination.js';
import type { UsersRepository } from './users.repository.js';
import type { User } from './users.schemas.js';

/** Reading accounts, for administrators and for the user a request is authenticated as. Knows nothing of HTTP. */
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  /** The user that verified credentials name; a NotAuthenticatedError if the account is gone since. */
  async authenticated(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotAuthenticatedError('The account no longer exists');
    return user;
  }

  async get(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError(`User ${id} does not exist`);
    return user;
  }

  async list(options: { page: number; limit: number }): Promise<ListResponse<User>> {
    return toListResponse(await this.users.list(options), options);
  }
}

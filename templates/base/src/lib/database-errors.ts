interface DatabaseErrorResponse {
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

/**
 * Maps a PostgreSQL error to a client response by its SQLSTATE code (err.code); returns undefined for errors
 * the client did not cause. Only generic wording reaches the client: table, column, constraint and SQL text
 * stay in the server log.
 */
export function mapDatabaseError(error: unknown): DatabaseErrorResponse | undefined {
  if (databaseUnavailable(error)) {
    return { status: 503, detail: 'The database cannot be reached at the moment; try again shortly' };
  }
  if (typeof error !== 'object' || error === null || !('code' in error) || typeof error.code !== 'string') {
    return undefined;
  }
  const detail = 'detail' in error && typeof error.detail === 'string' ? error.detail : '';

  switch (error.code) {
    case '23505': // unique_violation
      return { status: 409, detail: 'A resource with the same unique value already exists' };
    case '23001': // restrict_violation: deleting a row that others reference with ON DELETE RESTRICT
      return { status: 409, detail: 'The resource is still referenced by other resources' };
    case '23503': // foreign_key_violation
      // Deleting a row that others still reference is a conflict with the current state...
      if (detail.includes('referenced from table')) {
        return { status: 409, detail: 'The resource is still referenced by other resources' };
      }
      // ...while pointing at a row that does not exist is a semantic error in the request.
      return {
        status: 422,
        detail: 'A referenced resource does not exist',
        errors: referencedFields(detail).map((field) => ({ path: `body.${field}`, message: 'does not exist' })),
      };
    case '23514': // check_violation
      return { status: 422, detail: 'A value is outside the allowed range' };
    case '23502': // not_null_violation
      return { status: 422, detail: 'A required value is missing' };
    case '22001': // string_data_right_truncation
      return { status: 422, detail: 'A value is too long' };
    case '22P02': // invalid_text_representation, e.g. a malformed uuid
      return { status: 400, detail: 'A value has an invalid format' };
    default:
      return undefined;
  }
}

// SQLSTATE class 08 (connection exception), 57P01-57P03 (the server is shutting down, restarting or not yet
// accepting) and 53300 (too many connections): the database cannot serve now, which says nothing of the request.
const unavailableStates = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
// How Node says a server cannot be reached, and how pg says a connection was lost or never came.
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const lostConnection = /^(Connection terminated|timeout exceeded when trying to connect)/;

/** Whether the error says that the database could not be reached, rather than that it refused the query. */
function databaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  // Connecting to a name with several addresses fails with one error per address, gathered in an AggregateError.
  const causes = error instanceof AggregateError ? error.errors : [];
  return (
    unavailableStates.test(code) ||
    unreachableCodes.has(code) ||
    lostConnection.test(error.message) ||
    causes.some(databaseUnavailable)
  );
}

/**
 * The body fields named by a foreign key error's detail, `Key (project_id)=(42) is not present in table "projects".`:
 * columns are snake_case and JSON fields camelCase by convention, so project_id -> projectId.
 */
function referencedFields(detail: string): string[] {
  const columns = /^Key \(([a-z0-9_, ]+)\)=/.exec(detail)?.[1];
  if (!columns) return [];
  return columns
    .split(',')
    .map((column) => column.trim().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()));
}

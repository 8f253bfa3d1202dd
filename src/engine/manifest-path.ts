/**
 * Where a generated service records what made it (generator version, options, resources, file hashes). Alone in
 * its module so that the `backend` commands, which read it, do not load the generator's templates and features.
 */
export const manifestPath = 'backend.json';

/**
 * A problem the user can act on. The CLI prints its message as one line and exits with `exitCode`;
 * anything else that escapes is a bug and is reported with its stack.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The user pressed Ctrl-C at a prompt. Nothing has been written; exit quietly. */
export class Cancelled extends UserError {
  constructor() {
    super('Cancelled; nothing was written.', 130);
    this.name = 'Cancelled';
  }
}

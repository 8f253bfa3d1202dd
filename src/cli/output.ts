import { CommanderError } from 'commander';
import { UserError } from '../errors.js';

/** Where the CLI writes; tests capture it. */
export interface Output {
  info(line: string): void;
  error(line: string): void;
}

// A reader that stops early (`create-backend ... | head`) closes the pipe: what is left to print goes nowhere, and the
// command carries on to the end rather than dying half-way with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export const consoleOutput: Output = {
  info: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};

/**
 * The edge where errors become text and an exit code. A UserError or a usage error is one line; anything
 * else is a bug, printed with its stack so it can be reported.
 */
export async function runAtTheEdge(action: () => Promise<void>, output: Output = consoleOutput): Promise<number> {
  try {
    await action();
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version arrive here too, after commander printed them.
      if (error.exitCode === 0) return 0;
      output.error(error.message.replace(/^error: /, 'Error: '));
      return error.exitCode || 1;
    }
    if (error instanceof UserError) {
      output.error(error.exitCode === 130 ? error.message : `Error: ${error.message}`);
      return error.exitCode;
    }
    output.error(`Unexpected error (please report it): ${error instanceof Error ? error.stack : String(error)}`);
    return 1;
  }
}

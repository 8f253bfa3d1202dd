type Operation = { kind: 'same' | 'add' | 'remove'; line: string };

const contextLines = 3;

/**
 * A unified diff of two texts, as `git diff` prints one, for the dry-run of an edit. Line-based, from the
 * longest common subsequence: the files it is used on are small.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  const operations = diffLines(splitLines(before), splitLines(after));
  const hunks: string[] = [];
  let index = 0;
  while (index < operations.length) {
    if (operations[index]!.kind === 'same') {
      index += 1;
      continue;
    }
    // Grow the hunk until two changes are separated by more than twice the context.
    const start = Math.max(0, index - contextLines);
    let end = index;
    let lastChange = index;
    while (end < operations.length && end - lastChange <= contextLines * 2) {
      if (operations[end]!.kind !== 'same') lastChange = end;
      end += 1;
    }
    end = Math.min(operations.length, lastChange + contextLines + 1);
    hunks.push(renderHunk(operations, start, end));
    index = end;
  }
  if (hunks.length === 0) return '';
  return [`--- a/${path}`, `+++ b/${path}`, ...hunks].join('\n');
}

function renderHunk(operations: Operation[], start: number, end: number): string {
  // The hunk's first line and line count in the file before (every line but additions) or after (but removals).
  const range = (side: 'before' | 'after') => {
    const absent: Operation['kind'] = side === 'before' ? 'add' : 'remove';
    let position = 1;
    for (let index = 0; index < start; index += 1) if (operations[index]!.kind !== absent) position += 1;
    const count = operations.slice(start, end).filter((operation) => operation.kind !== absent).length;
    return `${count === 0 ? position - 1 : position},${count}`;
  };
  const body = operations.slice(start, end).map(({ kind, line }) => {
    const prefix = kind === 'same' ? ' ' : kind === 'add' ? '+' : '-';
    return `${prefix}${line}`;
  });
  return [`@@ -${range('before')} +${range('after')} @@`, ...body].join('\n');
}

function diffLines(before: string[], after: string[]): Operation[] {
  const rows = before.length;
  const columns = after.length;
  // lengths[i][j]: the longest common subsequence of before[i..] and after[j..].
  const lengths = Array.from({ length: rows + 1 }, () => new Uint32Array(columns + 1));
  for (let i = rows - 1; i >= 0; i -= 1) {
    for (let j = columns - 1; j >= 0; j -= 1) {
      lengths[i]![j] =
        before[i] === after[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const operations: Operation[] = [];
  let i = 0;
  let j = 0;
  while (i < rows || j < columns) {
    if (i < rows && j < columns && before[i] === after[j]) {
      operations.push({ kind: 'same', line: before[i]! });
      i += 1;
      j += 1;
    } else if (i < rows && (j === columns || lengths[i + 1]![j]! >= lengths[i]![j + 1]!)) {
      // On a tie, removals come first, as in git's output.
      operations.push({ kind: 'remove', line: before[i]! });
      i += 1;
    } else {
      operations.push({ kind: 'add', line: after[j]! });
      j += 1;
    }
  }
  return operations;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

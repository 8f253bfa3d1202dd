import { createRequire } from 'node:module';
import type { ArrayLiteralExpression, InterfaceDeclaration, ObjectLiteralExpression, SourceFile } from 'ts-morph';
import { UserError } from '../errors.js';
import type { Tree } from './tree.js';

// ts-morph is CommonJS: require() loads it without Node first scanning its 9 MB bundle for ESM named exports.
const { IndentationText, Node, Project, QuoteKind } = createRequire(import.meta.url)(
  'ts-morph',
) as typeof import('ts-morph');

/**
 * Small, idempotent edits of TypeScript files staged in the tree. Each finds its target by name (the `modules`
 * array, the `Database` interface), leaves everything the user wrote around it alone, and, when the target is
 * gone, stops with an error naming the file and what it expected, before anything is written.
 */
export class SourceEditor {
  private readonly project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces },
  });
  private readonly opened = new Map<string, SourceFile>();

  constructor(private readonly tree: Tree) {}

  private open(path: string): SourceFile {
    const existing = this.opened.get(path);
    if (existing) return existing;
    if (!this.tree.exists(path)) throw new EditTargetMissing(path, 'the file');
    const file = this.project.createSourceFile(`/${path}`, this.tree.read(path));
    this.opened.set(path, file);
    return file;
  }

  /** `import { name } from 'specifier';` (or `import type`), unless that name is imported already. */
  addNamedImport(path: string, specifier: string, name: string, options: { typeOnly?: boolean } = {}): void {
    const file = this.open(path);
    const alreadyImported = file
      .getImportDeclarations()
      .some((declaration) => declaration.getNamedImports().some((named) => named.getName() === name));
    if (alreadyImported) return;
    const existing = file.getImportDeclaration(
      (declaration) =>
        declaration.getModuleSpecifierValue() === specifier && declaration.isTypeOnly() === Boolean(options.typeOnly),
    );
    if (existing) existing.addNamedImport(name);
    else file.addImportDeclaration({ moduleSpecifier: specifier, namedImports: [name], isTypeOnly: options.typeOnly });
  }

  /** Removes `name` from the imports, and the import declaration when nothing else is left in it. */
  removeNamedImport(path: string, name: string): void {
    const file = this.open(path);
    const declaration = file
      .getImportDeclarations()
      .find((candidate) => candidate.getNamedImports().some((named) => named.getName() === name));
    if (!declaration) return;
    if (declaration.getNamedImports().length > 1 || declaration.getDefaultImport()) {
      declaration
        .getNamedImports()
        .find((named) => named.getName() === name)
        ?.remove();
      return;
    }
    // Cut the line itself (from the end of the line before it), so the blank lines around it stay as they were.
    const text = file.getFullText();
    const start = declaration.getPos();
    const end = declaration.getEnd();
    file.replaceWithText(start === 0 ? text.slice(end).replace(/^\n+/, '') : text.slice(0, start) + text.slice(end));
  }

  /** Appends `element` to the array literal assigned to `const variableName`, unless it is there. */
  addArrayElement(path: string, variableName: string, element: string): void {
    const array = this.findArray(path, variableName);
    if (array.getElements().some((existing) => existing.getText() === element)) return;
    array.addElement(element);
  }

  removeArrayElement(path: string, variableName: string, element: string): void {
    const array = this.findArray(path, variableName);
    const index = array.getElements().findIndex((existing) => existing.getText() === element);
    if (index !== -1) array.removeElement(index);
  }

  /** Adds `name: type;` to `interface interfaceName`, unless a property of that name exists. */
  addInterfaceProperty(path: string, interfaceName: string, name: string, type: string): void {
    const declaration = this.findInterface(path, interfaceName);
    if (declaration.getProperty(name)) return;
    declaration.addProperty({ name, type });
  }

  removeInterfaceProperty(path: string, interfaceName: string, name: string): void {
    this.findInterface(path, interfaceName).getProperty(name)?.remove();
  }

  /**
   * Adds `name: initializer,` to the object literal assigned to `const variableName` (through `as const` and
   * `satisfies`), with `comment` after it on its line, unless a property of that name exists. A quoted name
   * (`'notes:own'`) is given with its quotes.
   */
  addObjectProperty(path: string, variableName: string, name: string, initializer: string, comment = ''): void {
    const object = this.findObject(path, variableName);
    if (object.getProperty(name)) return;
    object.addPropertyAssignment({ name, initializer, ...(comment ? { trailingTrivia: ` // ${comment}` } : {}) });
  }

  /** Removes the property `name` of the object literal assigned to `const variableName`, and its line's comment. */
  removeObjectProperty(path: string, variableName: string, name: string): void {
    const property = this.findObject(path, variableName).getProperty(name);
    if (!property) return;
    const file = property.getSourceFile();
    const text = file.getFullText();
    const lineStart = text.lastIndexOf('\n', property.getStart() - 1) + 1;
    const lineEnd = text.indexOf('\n', property.getEnd());
    const before = text.slice(lineStart, property.getStart());
    const after = text.slice(property.getEnd(), lineEnd === -1 ? text.length : lineEnd);
    // On lines of its own, the property goes with its comma and the comment after it (ts-morph's remove() would
    // leave the comment, or take the next one); otherwise ts-morph removes it and its comma.
    if (/^\s*$/.test(before) && /^\s*,?\s*(\/\/.*)?$/.test(after)) {
      file.replaceWithText(text.slice(0, lineStart) + (lineEnd === -1 ? '' : text.slice(lineEnd + 1)));
    } else {
      property.remove();
    }
  }

  /** Writes every edited file back to the tree and returns their paths. */
  save(): string[] {
    const edited: string[] = [];
    for (const [path, file] of this.opened) {
      const text = file.getFullText();
      if (text === this.tree.read(path)) continue;
      this.tree.overwrite(path, text);
      edited.push(path);
    }
    return edited;
  }

  private findArray(path: string, variableName: string): ArrayLiteralExpression {
    const declaration = this.open(path).getVariableDeclaration(variableName);
    const initializer = declaration?.getInitializer();
    const array = initializer && Node.isArrayLiteralExpression(initializer) ? initializer : undefined;
    if (!array) throw new EditTargetMissing(path, `an array literal assigned to \`${variableName}\``);
    return array;
  }

  private findObject(path: string, variableName: string): ObjectLiteralExpression {
    let initializer = this.open(path).getVariableDeclaration(variableName)?.getInitializer();
    // `{ ... } as const satisfies Record<...>`: the object is inside the expressions that type it.
    while (
      initializer &&
      (Node.isAsExpression(initializer) ||
        Node.isSatisfiesExpression(initializer) ||
        Node.isParenthesizedExpression(initializer))
    ) {
      initializer = initializer.getExpression();
    }
    if (!initializer || !Node.isObjectLiteralExpression(initializer)) {
      throw new EditTargetMissing(path, `an object literal assigned to \`${variableName}\``);
    }
    return initializer;
  }

  private findInterface(path: string, interfaceName: string): InterfaceDeclaration {
    const declaration = this.open(path).getInterface(interfaceName);
    if (!declaration) throw new EditTargetMissing(path, `the interface \`${interfaceName}\``);
    return declaration;
  }
}

export class EditTargetMissing extends UserError {
  constructor(path: string, expected: string) {
    super(`Cannot edit ${path}: expected ${expected} there (was it renamed or removed?); nothing was written.`);
    this.name = 'EditTargetMissing';
  }
}

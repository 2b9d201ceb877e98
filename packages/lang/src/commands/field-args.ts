import type { Expression } from '../language/ast.ts';
import type { CommandContext } from './command.ts';

/** Field arguments as path segments: `labels."a.b"` → ['labels', 'a.b'], `name` → ['name']. */
export async function fieldPaths(context: CommandContext, expressions: readonly Expression[]): Promise<string[][]> {
  const paths: string[][] = [];
  for (const expression of expressions) {
    if (expression.kind === 'FieldPath' || expression.kind === 'Variable') {
      paths.push(
        expression.kind === 'FieldPath'
          ? expression.path.map((segment) => segment.name)
          : [expression.name, ...expression.path.map((segment) => segment.name)],
      );
    } else if (expression.kind === 'String' && expression.path) {
      paths.push(expression.path.map((segment) => segment.name));
    } else if (expression.kind === 'String' && expression.bare) {
      paths.push(expression.value.split('.'));
    } else {
      paths.push([String(await context.evaluate(expression))]);
    }
  }
  return paths;
}

export function pathLabel(path: readonly string[]): string {
  return path.join('.');
}

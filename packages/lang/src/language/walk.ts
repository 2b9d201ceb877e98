import type { Argument, Block, Command, Node, Pipeline, Program } from './ast.ts';

/**
 * Visits every node of a tree in source order (parents before children).
 * Tolerates the partial trees that error recovery leaves behind.
 */
export function walk(node: Node | null | undefined, visit: (node: Node) => void): void {
  if (!node) return;
  visit(node);
  switch (node.kind) {
    case 'Program':
    case 'Block':
      for (const statement of (node as Program | Block).statements ?? []) walk(statement, visit);
      return;
    case 'PipelineStatement':
      walk(node.pipeline, visit);
      return;
    case 'LetStatement':
      walk(node.name, visit);
      walk(node.value, visit);
      return;
    case 'UseStatement':
      walk(node.runtime, visit);
      return;
    case 'IfStatement':
      walk(node.condition, visit);
      walk(node.then, visit);
      walk(node.otherwise, visit);
      return;
    case 'ForStatement':
      walk(node.variable, visit);
      walk(node.iterable, visit);
      walk(node.body, visit);
      return;
    case 'AssertStatement':
      walk(node.condition, visit);
      walk(node.message, visit);
      return;
    case 'ExitStatement':
      walk(node.code, visit);
      return;
    case 'TryStatement':
      walk(node.body, visit);
      walk(node.errorVariable, visit);
      walk(node.handler, visit);
      return;
    case 'Pipeline':
      walk((node as Pipeline).source, visit);
      for (const command of node.commands ?? []) walk(command, visit);
      return;
    case 'Command':
      walk((node as Command).name, visit);
      for (const argument of node.args ?? []) walk(argument as Argument, visit);
      walk(node.rest, visit);
      return;
    case 'Flag':
      walk(node.value, visit);
      return;
    case 'Rest':
      for (const word of node.words ?? []) walk(word, visit);
      return;
    case 'Template':
      for (const part of node.parts ?? []) if (typeof part !== 'string') walk(part, visit);
      return;
    case 'List':
      for (const item of node.items ?? []) walk(item, visit);
      return;
    case 'Record':
      for (const field of node.fields ?? []) walk(field.value, visit);
      return;
    case 'Binary':
      walk(node.left, visit);
      walk(node.right, visit);
      return;
    case 'Unary':
      walk(node.operand, visit);
      return;
    case 'SubPipeline':
      walk(node.pipeline, visit);
      return;
    case 'BlockExpression':
      walk(node.block, visit);
      return;
    default:
      return;
  }
}

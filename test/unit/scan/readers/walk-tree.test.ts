import { describe, expect, it } from 'vitest';
import { pythonReader } from '../../../../src/scan/readers/python.js';
import { walkTree } from '../../../../src/scan/readers/walk-tree.js';

describe('walkTree', () => {
  it('visits nodes in document order, skips children on false and stops on "stop"', () => {
    const mod = pythonReader.parse('a = f(1)\nb = 2\n', 'm.py');
    const names: string[] = [];
    walkTree(mod.tree, (n) => {
      names.push(n.name);
      return n.name === 'ArgList'
        ? false
        : n.name === 'Number' && mod.text(n.node) === '2'
          ? 'stop'
          : undefined;
    });
    expect(names).toEqual([
      'Script',
      'AssignStatement',
      'VariableName',
      'AssignOp',
      'CallExpression',
      'VariableName',
      'ArgList',
      'AssignStatement',
      'VariableName',
      'AssignOp',
      'Number',
    ]);
  });

  it('walks a tree nested 190 levels deep without recursion', () => {
    const mod = pythonReader.parse(`x = ${'['.repeat(190)}${']'.repeat(190)}\n`, 'deep.py');
    let lists = 0;
    walkTree(mod.tree, (n) => {
      if (n.name === 'ArrayExpression') lists++;
      return undefined;
    });
    expect(lists).toBe(190);
  });

  it('refuses Python nested deeper than CPython allows instead of parsing it for seconds', () => {
    expect(() => pythonReader.parse(`x = ${'('.repeat(50_000)}1${')'.repeat(50_000)}\n`, 'deep.py')).toThrow(
      "brackets nested deeper than 200 levels (CPython's limit): not parsed",
    );
  });
});

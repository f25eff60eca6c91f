import type { Call } from './calls.js';

export interface Loc {
  readonly path: string;
  readonly line: number;
}

/** What an expression holds, as far as a reader of the repository can tell. */
export type Value = { readonly at: Loc } & (
  | { kind: 'str'; value: string }
  | { kind: 'num'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  /** Text assembled at run time: f-string, `%`, `.format()`, `+` with a non-literal. */
  | { kind: 'fstr'; text: string }
  /** Read from the environment at run time; `fallback` is what applies when the variable is unset. */
  | { kind: 'env'; name: string; fallback: Value | undefined }
  | { kind: 'list'; items: Value[] }
  | { kind: 'dict'; entries: [Value, Value][] }
  | { kind: 'call'; call: Call }
  /** A name nothing in the repository defines (`logging.DEBUG`, a parameter): its qualified spelling. */
  | { kind: 'ref'; name: string }
  | { kind: 'unknown' }
);

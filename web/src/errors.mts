/** One problem in an input, named by its place. `code` and `pointer` are stable; `message` is for people. */
export interface ErrorDetail {
  /** Stable dotted code, e.g. `condition.unknown_operator` (listed in docs/errors.md). */
  code: string;
  /** RFC 6901 JSON pointer to the value at fault, e.g. `/segments/vip/$and/1/age`; `""` is the root. */
  pointer: string;
  message: string;
}

/** Thrown for misuse and bad input. The engine's previous state is always left intact. */
export class NudgeKitError extends Error {
  readonly code: string;
  readonly pointer: string;
  /** Every problem found; the first is also in `code`/`pointer`/`message`. */
  readonly errors: ErrorDetail[];

  constructor(errors: ErrorDetail[] | ErrorDetail) {
    const list = Array.isArray(errors) ? errors : [errors];
    const first = list[0] ?? { code: 'engine.internal', pointer: '', message: 'unknown error' };
    super(first.pointer ? `${first.message} (at ${first.pointer})` : first.message);
    this.name = 'NudgeKitError';
    this.code = first.code;
    this.pointer = first.pointer;
    this.errors = list;
  }
}

/**
 * Errors of the install server. Every message names where the bad value came
 * from (a profile path, a file:line:column, a host) so the CLI prints one line
 * per problem and never a stack trace.
 */

/** A problem the admin must fix: bad input, a refused action, a failed check. */
export class AiiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AiiError';
  }
}

/** A value from a profile that cannot be written safely into a config file. */
export class ProfileValueError extends AiiError {
  /** Profile source (file or URL) and JSON pointer of the offending value. */
  constructor(readonly source: string, readonly path: string, reason: string) {
    super(`${source}: ${path}: ${reason}`);
    this.name = 'ProfileValueError';
  }
}

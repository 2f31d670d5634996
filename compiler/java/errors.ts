/**
 * Errors mirroring the Java exceptions panc's built-ins would raise. Each
 * carries the Java class name and Java's getMessage() text, so the
 * evaluator can report them the way panc does.
 */
export class JavaError extends Error {
  constructor(
    /** Fully qualified Java exception class, e.g. `java.util.IllegalFormatConversionException`. */
    readonly javaClass: string,
    message: string,
  ) {
    super(message);
    this.name = javaClass.slice(javaClass.lastIndexOf('.') + 1);
  }
}

/** java.util.regex.PatternSyntaxException: `desc near index N`, the pattern, a caret line. */
export class JavaRegexError extends JavaError {
  constructor(
    readonly description: string,
    readonly pattern: string,
    readonly index: number,
  ) {
    super('java.util.regex.PatternSyntaxException', patternSyntaxMessage(description, pattern, index));
  }
}

function patternSyntaxMessage(desc: string, pattern: string, index: number): string {
  let s = desc;
  if (index >= 0) s += ` near index ${index}`;
  s += `\n${pattern}`;
  if (index >= 0 && index < pattern.length) {
    let pad = '';
    for (let i = 0; i < index; i++) pad += pattern.charAt(i) === '\t' ? '\t' : ' ';
    s += `\n${pad}^`;
  }
  return s;
}

/** One of java.util's IllegalFormatException subclasses (the class is in `javaClass`). */
export class JavaFormatError extends JavaError {
  constructor(exceptionSimpleName: string, message: string) {
    super(`java.util.${exceptionSimpleName}`, message);
  }
}

/** java.lang.NumberFormatException. */
export class JavaNumberFormatError extends JavaError {
  constructor(message: string) {
    super('java.lang.NumberFormatException', message);
  }
}

/** java.lang.IllegalArgumentException (bad replacement strings, bad Base64, unknown digest...). */
export class JavaIllegalArgumentError extends JavaError {
  constructor(message: string, javaClass = 'java.lang.IllegalArgumentException') {
    super(javaClass, message);
  }
}

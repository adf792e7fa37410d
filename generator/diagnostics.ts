/**
 * Diagnostics are data: a stable code, a severity, a message, the model path and, when the
 * source is known, file:line:col. They are collected, never thrown one at a time, and formatted
 * in one place so the CLI, the tests and `--format json` all see the same thing.
 */

export type Severity = 'error' | 'warning';

export interface SourceLocation {
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  /** Length of the offending span on that line, for the caret underline. */
  length?: number;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /** JSON-pointer-like path into the model, e.g. `/operations/0/input/3/use`. */
  path: string;
  loc?: SourceLocation;
}

/**
 * The closed set of codes. Codes are stable: tests, docs and users' tooling key on them, so a
 * code is never reused for a different meaning.
 */
export const DIAGNOSTIC_CODES = {
  M001: 'YAML syntax error',
  M002: 'duplicate key',
  M003: 'model file cannot be read',
  M010: 'missing required property',
  M011: 'unknown property',
  M012: 'wrong type',
  M013: 'value not allowed',
  M014: 'value does not match the required pattern or format',
  M015: 'value out of range or wrong size',
  M016: 'schema violation',
  M020: 'duplicate name',
  M021: 'unresolved reference',
  M022: 'invalid HTTP header name',
  M023: 'empty enum',
  M024: 'example or test value does not conform',
  M025: 'first-append-only mark where it makes no sense',
  M026: 'missing or identical translation',
  M027: 'inconsistent HTTP binding',
  M028: 'invalid limit',
  M029: 'name collides after conversion',
  M030: 'inconsistent protocol',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function diagnostic(
  code: DiagnosticCode,
  message: string,
  path: string,
  loc?: SourceLocation,
  severity: Severity = 'error',
): Diagnostic {
  return loc ? { code, severity, message, path, loc } : { code, severity, message, path };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by file, line, column, then code, so output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.loc?.file ?? '').localeCompare(b.loc?.file ?? '') ||
      (a.loc?.line ?? 0) - (b.loc?.line ?? 0) ||
      (a.loc?.col ?? 0) - (b.loc?.col ?? 0) ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}

/**
 * Formats one diagnostic like a compiler: `file:line:col  error CODE  message`, then a code
 * frame with the line and a caret under the offending span.
 */
export function formatDiagnostic(d: Diagnostic, sourceText?: string): string {
  const where = d.loc ? `${d.loc.file}:${d.loc.line}:${d.loc.col}` : '<model>';
  const head = `${where}  ${d.severity} ${d.code}  ${d.message}`;
  const frame = d.loc && sourceText !== undefined ? codeFrame(sourceText, d.loc) : '';
  return frame ? `${head}\n${frame}` : head;
}

export function codeFrame(sourceText: string, loc: SourceLocation): string {
  const lines = sourceText.split('\n');
  const index = loc.line - 1;
  if (index < 0 || index >= lines.length) return '';
  const width = String(Math.min(lines.length, loc.line + 1)).length;
  const out: string[] = [];
  for (let i = Math.max(0, index - 1); i <= Math.min(lines.length - 1, index + 1); i++) {
    const marker = i === index ? '>' : ' ';
    out.push(`${marker} ${String(i + 1).padStart(width)} | ${lines[i] ?? ''}`);
    if (i === index) {
      const text = lines[i] ?? '';
      const span = Math.max(1, Math.min(loc.length ?? 1, Math.max(1, text.length - (loc.col - 1))));
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, loc.col - 1))}${'^'.repeat(span)}`);
    }
  }
  return out.join('\n');
}

export function formatDiagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify({ diagnostics: sortDiagnostics(diagnostics) }, null, 2)}\n`;
}

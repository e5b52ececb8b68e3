/**
 * A lexer-level statement splitter: cuts SQL at semicolons that are not inside a string, a quoted
 * identifier, a comment or a dollar-quoted body. It does not judge what a statement is — DuckDB's
 * parser does that (see classify.ts); it only finds where each statement starts and ends.
 */
export interface StatementSpan {
  /** The statement text, without its terminating semicolon and surrounding whitespace. */
  text: string;
  start: number;
  end: number;
}

const IDENT_CHAR = /[\p{L}\p{N}_$]/u;
const DOLLAR_TAG = /^\$([\p{L}_][\p{L}\p{N}_]*)?\$/u;

/** Index just past the quoted run that starts at `i` (quote char `q`; doubled quote escapes). */
function skipQuoted(sql: string, i: number, q: string, backslash: boolean): number {
  let j = i + 1;
  while (j < sql.length) {
    const ch = sql[j];
    if (backslash && ch === '\\') j += 2;
    else if (ch === q) {
      if (sql[j + 1] === q) j += 2;
      else return j + 1;
    } else j++;
  }
  return sql.length; // Unterminated: the parser will report it.
}

/** Block comments nest in DuckDB (as in PostgreSQL). */
function skipBlockComment(sql: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < sql.length) {
    if (sql.startsWith('/*', j)) {
      depth++;
      j += 2;
    } else if (sql.startsWith('*/', j)) {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else j++;
  }
  return sql.length;
}

/**
 * One pass over the text: the positions of semicolons outside strings and comments, and which
 * characters are code rather than comment (strings count as code).
 */
function scan(sql: string): { semicolons: number[]; code: boolean[] } {
  const semicolons: number[] = [];
  const code = new Array<boolean>(sql.length).fill(true);
  const markComment = (from: number, to: number) => code.fill(false, from, to);
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const prev = i > 0 ? sql[i - 1]! : '';
    if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      const end = nl === -1 ? sql.length : nl;
      markComment(i, end);
      i = end;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = skipBlockComment(sql, i);
      markComment(i, end);
      i = end;
    } else if (ch === "'") {
      const escaped = (prev === 'e' || prev === 'E') && !IDENT_CHAR.test(sql[i - 2] ?? '');
      i = skipQuoted(sql, i, "'", escaped);
    } else if (ch === '"') {
      i = skipQuoted(sql, i, '"', false);
    } else if (ch === '$' && !IDENT_CHAR.test(prev)) {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 130));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? sql.length : close + tag[0].length;
      } else i++;
    } else {
      if (ch === ';') semicolons.push(i);
      i++;
    }
  }
  return { semicolons, code };
}

/** True when the span holds only whitespace and comments. */
function isBlank(sql: string, code: boolean[], start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (code[i] && !/\s/.test(sql[i]!)) return false;
  return true;
}

export function splitStatements(sql: string): StatementSpan[] {
  const { semicolons, code } = scan(sql);
  const spans: StatementSpan[] = [];
  let from = 0;
  for (const cut of [...semicolons, sql.length]) {
    if (!isBlank(sql, code, from, cut)) {
      const raw = sql.slice(from, cut);
      const lead = raw.length - raw.trimStart().length;
      const text = raw.trim();
      spans.push({ text, start: from + lead, end: from + lead + text.length });
    }
    from = cut + 1;
  }
  return spans;
}

/**
 * The words of a statement before its first non-word token, skipping comments and opening
 * parentheses, upper-cased: 'EXPLAIN ANALYZE SELECT' → ['EXPLAIN', 'ANALYZE', 'SELECT'].
 * A label for people; never the basis of a safety decision.
 */
export function leadingWords(sql: string, max = 3): string[] {
  const { code } = scan(sql);
  const words: string[] = [];
  let i = 0;
  while (i < sql.length && words.length < max) {
    if (!code[i] || /[\s(]/.test(sql[i]!)) {
      if (words.length && sql[i] === '(') break;
      i++;
      continue;
    }
    const m = /^[A-Za-z_]+/.exec(sql.slice(i, i + 64));
    if (!m) break;
    words.push(m[0].toUpperCase());
    i += m[0].length;
  }
  return words;
}

/** Code characters (comments blanked) — lets callers cut a prefix without being fooled by a comment. */
export function codeMask(sql: string): boolean[] {
  return scan(sql).code;
}

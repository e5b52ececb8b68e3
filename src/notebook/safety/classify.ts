/**
 * Is a cell safe to run without asking? DuckDB's own parser decides, through a facility that parses
 * without executing: the `query(<text>)` table function accepts exactly one SELECT statement
 * (SELECT, WITH, VALUES, FROM-first, TABLE, SUMMARIZE, DESCRIBE, SHOW, PIVOT … IN, UNPIVOT all parse
 * to one) and `DESCRIBE SELECT * FROM query(…)` binds it without running it. Anything else is
 * refused by the parser with "Expected a single SELECT statement".
 *
 * (`json_serialize_sql` would be the textbook tool, but it lives in the json extension, which
 * duckdb-wasm 1.32 does not link in and the locked-down engine cannot load offline.)
 */
import type { Table } from 'apache-arrow';
import { sqlString } from '../../analysis/filters';
import { codeMask, leadingWords, splitStatements } from './split';

export type Query = (sql: string) => Promise<Table>;

export interface ClassifiedStatement {
  text: string;
  /** Upper-case statement keyword for people: SELECT, WITH, PIVOT, EXPLAIN, DROP, COPY, … */
  type: string;
  readOnly: boolean;
  /** DuckDB's parser error, when the statement does not parse. */
  error?: string;
}

export interface Classification {
  readOnly: boolean;
  statements: ClassifiedStatement[];
  /** The first parser error, if any statement does not parse. */
  error?: string;
}

const SELECT_LIKE = new Set([
  'SELECT',
  'WITH',
  'VALUES',
  'FROM',
  'TABLE',
  'SUMMARIZE',
  'DESCRIBE',
  'SHOW',
  'PIVOT',
  'UNPIVOT',
]);
const NOT_SELECT = 'Expected a single SELECT statement';

type Verdict = { kind: 'select' } | { kind: 'other' } | { kind: 'syntax'; error: string };

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Parses (and binds, but never runs) `text`; a bind error still means it parsed as one SELECT. */
async function parseAsSelect(query: Query, text: string): Promise<Verdict> {
  try {
    await query(`DESCRIBE SELECT * FROM query(${sqlString(text)})`);
    return { kind: 'select' };
  } catch (e) {
    const m = message(e);
    if (m.includes(NOT_SELECT)) return { kind: 'other' };
    if (/^Parser Error/i.test(m)) return { kind: 'syntax', error: m };
    return { kind: 'select' }; // Catalog/Binder/IO errors come after a successful parse.
  }
}

/** 'EXPLAIN [ANALYZE | (options)] <stmt>' → '<stmt>', or null when the prefix is anything else. */
function explained(text: string): string | null {
  const code = codeMask(text);
  let i = 0;
  while (i < text.length && (!code[i] || /\s/.test(text[i]!))) i++;
  const m =
    /^EXPLAIN\s+(?:ANALYZE\s+|\(\s*[A-Za-z_]+(?:\s+[A-Za-z_]+)?(?:\s*,\s*[A-Za-z_]+(?:\s+[A-Za-z_]+)?)*\s*\)\s*)?/i.exec(
      text.slice(i),
    );
  return m ? text.slice(i + m[0].length) : null;
}

async function classifyOne(query: Query, text: string): Promise<ClassifiedStatement> {
  const words = leadingWords(text, 1);
  const first = words[0] ?? '';
  if (first === 'EXPLAIN') {
    const inner = explained(text);
    const verdict = inner === null ? null : await classifyOne(query, inner);
    return {
      text,
      type: 'EXPLAIN',
      readOnly: verdict?.readOnly ?? false,
      ...(verdict?.error ? { error: verdict.error } : {}),
    };
  }
  let verdict = await parseAsSelect(query, text);
  if (verdict.kind === 'other' && (first === 'PIVOT' || first === 'UNPIVOT')) {
    // PIVOT without an IN list: DuckDB's transformer adds its own statements (to collect the
    // distinct values) before the query, so it is never "a single SELECT". Wrapped as a subquery it
    // must parse: only a query or a PIVOT can stand inside FROM ( … ), and a semicolon smuggled in
    // becomes a syntax error inside the parentheses (a stray ')' to escape them would already be
    // a syntax error in the statement as written, so it could not run either).
    const wrapped = await parseAsSelect(query, `SELECT * FROM (\n${text}\n)`);
    if (wrapped.kind !== 'syntax') verdict = { kind: 'select' };
  }
  if (verdict.kind === 'select')
    return { text, type: SELECT_LIKE.has(first) ? first : 'SELECT', readOnly: true };
  if (verdict.kind === 'syntax') return { text, type: first || '?', readOnly: false, error: verdict.error };
  return { text, type: first || '?', readOnly: false };
}

/**
 * Splits `sql` into statements and classifies each with DuckDB's parser. `readOnly` is true only
 * when every statement is a query (or EXPLAIN of one); empty SQL is read-only.
 */
export async function classifyStatements(query: Query, sql: string): Promise<Classification> {
  const statements: ClassifiedStatement[] = [];
  for (const span of splitStatements(sql)) statements.push(await classifyOne(query, span.text));
  const error = statements.find((s) => s.error)?.error;
  return { readOnly: statements.every((s) => s.readOnly), statements, ...(error ? { error } : {}) };
}

/**
 * A small SQL lexer for highlighting and completion only — it never decides what a statement does
 * (DuckDB's parser does that). Every character of the input lands in exactly one token.
 */
export type TokenKind = 'keyword' | 'string' | 'number' | 'comment' | 'ident' | 'quoted' | 'punct' | 'space';
export interface Token {
  text: string;
  kind: TokenKind;
}

const KEYWORDS = new Set(
  `select from where group by order having limit offset with as and or not in is null like ilike between
  case when then else end join left right inner outer full cross on using union all distinct except intersect
  insert into values update set delete create table view drop alter copy to describe summarize pivot unpivot
  explain count sum avg min max median quantile_cont cast try_cast over partition window asc desc nulls first
  last true false qualify filter exists any some interval date timestamp varchar integer bigint double decimal
  read_csv read_parquet replace exclude columns struct list unnest`.split(/\s+/),
);

const PATTERNS: [TokenKind, RegExp][] = [
  ['space', /\s+/y],
  ['comment', /--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/y],
  ['string', /'(?:[^']|'')*(?:'|$)/y],
  ['quoted', /"(?:[^"]|"")*(?:"|$)/y],
  ['number', /\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+/iy],
  ['ident', /[\p{L}_][\p{L}\p{N}_$]*/uy],
];

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  outer: while (i < sql.length) {
    for (const [kind, re] of PATTERNS) {
      re.lastIndex = i;
      const m = re.exec(sql);
      if (m && m[0].length) {
        const text = m[0];
        tokens.push({ text, kind: kind === 'ident' && KEYWORDS.has(text.toLowerCase()) ? 'keyword' : kind });
        i += text.length;
        continue outer;
      }
    }
    tokens.push({ text: sql.charAt(i), kind: 'punct' });
    i++;
  }
  return tokens;
}

/** The identifier being typed just before `caret` (for completion), or '' when not in one. */
export function wordBefore(sql: string, caret: number): string {
  const m = /[\p{L}_][\p{L}\p{N}_]*$/u.exec(sql.slice(0, caret));
  return m ? m[0] : '';
}

/** Names that complete `prefix`, case-insensitively, prefix matches first. */
export function completions(prefix: string, names: readonly string[], max = 8): string[] {
  const p = prefix.toLowerCase();
  // A finished word (a known name or an SQL keyword) needs no popup covering the page.
  if (!prefix || KEYWORDS.has(p) || names.some((n) => n.toLowerCase() === p)) return [];
  const starts = names.filter((n) => n.toLowerCase().startsWith(p) && n !== prefix);
  const contains = names.filter((n) => !n.toLowerCase().startsWith(p) && n.toLowerCase().includes(p));
  return [...new Set([...starts, ...contains])].slice(0, max);
}

/**
 * Value normalisation as DuckDB SQL expressions over VARCHAR cells (the whole file is read as text,
 * then one typed INSERT … SELECT applies these). JavaScript never touches the values.
 */
import { sqlString } from '../analysis/filters';

/** Full-width ASCII (！…～, U+FF01–FF5E), the ideographic space and NBSP → their NFKC forms. */
const FULL_WIDTH =
  Array.from({ length: 94 }, (_, i) => String.fromCharCode(0xff01 + i)).join('') + '\u3000\u00a0';
const HALF_WIDTH = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join('') + '  ';

/**
 * NFKC for the characters that matter in numbers (DuckDB has only nfc_normalize). translate() with a
 * 96-character map is slow in WASM (~40 µs a call), so it is only used on cells the cheap reading
 * could not parse.
 */
export function halfWidth(x: string): string {
  return `translate(${x}, ${sqlString(FULL_WIDTH)}, ${sqlString(HALF_WIDTH)})`;
}

/** The full-width characters a number can hold (digits . , % - + ( ) and spaces), and their NFKC forms. */
const NUMBER_FULL = '０１２３４５６７８９．，％－＋（）\u3000\u00a0';
const NUMBER_HALF = '0123456789.,%-+()  ';

/**
 * NFKC of a number's characters only: translate() builds its map on every call, so the 18-character
 * map costs a fraction of the 96-character one (`９１` → `91`, `（2023）` → `(2023)`).
 */
export function numberWidth(x: string): string {
  return `translate(${x}, ${sqlString(NUMBER_FULL)}, ${sqlString(NUMBER_HALF)})`;
}

/** Cells meaning “no value”: blank, dashes, slash, 无, 空 (after trimming spaces, also full-width). */
export const MISSING_MARKERS = [
  '',
  '-',
  '--',
  '—',
  '——',
  '–',
  '―',
  '－',
  '/',
  '／',
  '无',
  '空',
  '#N/A',
  'N/A',
  'null',
  'NULL',
];
/**
 * Membership in a constant list. Not `x IN (…)`: DuckDB rewrites an IN list of five or more constants
 * into a hash (mark) join, and a dozen of those in one load made it 10× slower in WASM.
 */
function oneOf(x: string, values: readonly (string | number)[]): string {
  return `list_contains([${values.map((v) => (typeof v === 'number' ? String(v) : sqlString(v))).join(', ')}], ${x})`;
}
const isMarker = (x: string) => oneOf(x, MISSING_MARKERS);
const SPACES = sqlString(' \t\r\n\u3000\u00a0');

const EDGE_CHARS = [' ', '\t', '\n', '\r', '\u3000', '\u00a0'];
const EDGE_CODES = EDGE_CHARS.map((c) => c.codePointAt(0)!);

/**
 * True when the cell starts or ends with white space. Measured in duckdb-wasm on 200k cells: trim()
 * ~220 ms and left()/right() ~150 ms (they count UTF-8 characters), while ord() (first code point)
 * and ends_with() (bytes) cost a few ms each — so cells are trimmed only when this says so.
 */
export function padded(x: string): string {
  return `(${oneOf(`ord(${x})`, EDGE_CODES)} OR ${EDGE_CHARS.map((c) => `ends_with(${x}, ${sqlString(c)})`).join(' OR ')})`;
}

/** Trimmed cell (spaces, tabs, newlines, full-width spaces), trimming only when needed. */
export function trimmed(x: string): string {
  return `(CASE WHEN ${padded(x)} THEN trim(${x}, ${SPACES}) ELSE ${x} END)`;
}

/** The longest missing marker in UTF-8 bytes ('——' is 6): longer unpadded cells are never one. */
const MARKER_BYTES = Math.max(...MISSING_MARKERS.map((m) => new TextEncoder().encode(m).length));

function missing(x: string): string {
  // strlen (bytes, O(1)): only short or padded cells can be a marker. A CASE, because its branches run
  // only on the rows that reach them, where OR and AND evaluated every test on every row (trimming
  // every cell: the stage's blank tests of 4 label columns took ~6 s more at a million rows in
  // duckdb-wasm).
  return `(CASE WHEN ${x} IS NULL THEN TRUE WHEN ${padded(x)} THEN ${isMarker(`trim(${x}, ${SPACES})`)}
    WHEN strlen(${x}) > ${MARKER_BYTES} THEN FALSE ELSE ${isMarker(x)} END)`;
}

/** True when the cell holds something other than a missing marker (so a failed parse is a warning). */
export function present(x: string): string {
  return `(NOT ${missing(x)})`;
}

/** Trimmed text, NULL for the missing markers. Prose keeps its characters. */
export function textValue(x: string): string {
  // The common cell (unpadded, longer than any marker) is returned as is after three cheap tests.
  return `(CASE WHEN ${x} IS NULL THEN NULL
    WHEN NOT ${padded(x)} THEN (CASE WHEN strlen(${x}) <= ${MARKER_BYTES} AND ${isMarker(x)} THEN NULL ELSE ${x} END)
    WHEN ${isMarker(`trim(${x}, ${SPACES})`)} THEN NULL ELSE trim(${x}, ${SPACES}) END)`;
}

/**
 * A label (unit, region…): trimmed like text. Full-width punctuation such as （ ） stays as written:
 * it is the normal Chinese form, and folding every label costs more than the whole read.
 */
export function labelValue(x: string): string {
  return textValue(x);
}

/**
 * How a label cell becomes its value, as a small code the stage keeps instead of the string: 0 the
 * cell as it is, 1 missing (blank or a marker), 2 the cell trimmed. Staging a code and reading the
 * cell from the raw table on insert (labelFromCode) copies each label once instead of twice.
 */
export function labelCode(x: string): string {
  return `(CASE WHEN ${x} IS NULL THEN 1 WHEN ${padded(x)} THEN (CASE WHEN ${isMarker(`trim(${x}, ${SPACES})`)} THEN 1 ELSE 2 END)
    WHEN strlen(${x}) > ${MARKER_BYTES} THEN 0 WHEN ${isMarker(x)} THEN 1 ELSE 0 END)::UTINYINT`;
}

/** The label value from the cell and its labelCode: the same as labelValue(x). */
export function labelFromCode(code: string, x: string): string {
  return `(CASE ${code} WHEN 0 THEN ${x} WHEN 2 THEN trim(${x}, ${SPACES}) END)`;
}

/** The cell as a bare number string: half-width, no spaces (`115. 00`), no thousands commas, no %. */
export function numberText(x: string): string {
  return `replace(replace(replace(replace(${x}, ' ', ''), ',', ''), '%', ''), chr(9), '')`;
}

/**
 * A number. Measured in duckdb-wasm: a successful TRY_CAST costs ~0.3 µs, a failed one several µs,
 * translate() and regular expressions several µs — so a plain cell (`91`, `5657.15`) is cast as is;
 * the rest are cleaned with replace() (`5,657.15`, `73.68%`, `115. 00`) and cast once more, folding
 * full-width characters (`９１`) only in cells that are not all ASCII (more bytes than characters).
 * Missing markers never reach the second cast.
 */
export function decimalValue(x: string, type: string): string {
  // coalesce and CASE evaluate later branches only for the rows that reach them.
  const folded = `(CASE WHEN strlen(${x}) = length(${x}) THEN ${x} ELSE ${numberWidth(x)} END)`;
  return `(CASE WHEN ${x} IS NULL THEN NULL ELSE coalesce(TRY_CAST(${x} AS ${type}),
    CASE WHEN ${missing(x)} THEN NULL ELSE TRY_CAST(${numberText(folded)} AS ${type}) END) END)`;
}

/**
 * Money in 万元, DECIMAL(18,6). A 元 column is multiplied by the DECIMAL 0.0001 — exact, unlike a
 * division, which DuckDB would do in DOUBLE.
 */
export function moneyValue(x: string, yuan: boolean): string {
  if (!yuan) return decimalValue(x, 'DECIMAL(18,6)');
  return `TRY_CAST(${decimalValue(x, 'DECIMAL(24,4)')} * CAST(0.0001 AS DECIMAL(5,4)) AS DECIMAL(18,6))`;
}

export const EXECUTION_RATE_RULE = {
  zh: '执行率统一为百分数：“73.68%”和“73.68”都记为 73.68；若一列中不带 % 的数值全部不超过 1.5（如 0.7368），则视为小数比率并乘以 100，记为 73.68。',
  en: 'Execution rates are stored in percent: “73.68%” and “73.68” both become 73.68; when every value without a % sign in a column is at most 1.5 (e.g. 0.7368), the column holds fractions and is multiplied by 100 → 73.68.',
};

/** Largest bare value that still reads as a fraction of 1 (a 150 % rate written 1.5). */
export const FRACTION_LIMIT = 1.5;

const hasPercent = (x: string) => `(contains(${x}, '%') OR contains(${x}, '％'))`;

/**
 * A query deciding whether a column's bare (no %) values are all fractions (column `f`): no bare
 * value above the limit, and at least one value. Each half stops at the first row it finds (LIMIT 1),
 * so a column of percentages is decided on its first rows instead of parsing a million cells (550 ms
 * in the browser); only a column of fractions is read to the end.
 */
export function fractionColumnSql(table: string, x: string): string {
  const bare = `(SELECT ${decimalValue(x, 'DECIMAL(18,6)')} AS v FROM ${table} WHERE ${x} IS NOT NULL AND NOT ${hasPercent(x)})`;
  const any = (where: string) => `(SELECT count(*) FROM (SELECT 1 FROM ${bare} WHERE ${where} LIMIT 1))`;
  return `SELECT ${any(`v > ${FRACTION_LIMIT}`)} = 0 AND ${any('v IS NOT NULL')} = 1 AS f`;
}

/** Execution rate in percent; `fractions` is the column-level verdict of fractionColumnSql. */
export function rateValue(x: string, fractions: boolean): string {
  const plain = decimalValue(x, 'DECIMAL(9,2)');
  if (!fractions) return plain;
  return `CASE WHEN ${hasPercent(x)} THEN ${plain} ELSE TRY_CAST(${decimalValue(x, 'DECIMAL(18,6)')} * 100 AS DECIMAL(9,2)) END`;
}

/** Year from `2017`, `2017年`, `2017年度`, `（2023）年度`; outside 1949–2100 is not a year. */
export function yearValue(x: string): string {
  const cheap = `TRY_CAST(replace(replace(replace(${x}, '年度', ''), '年', ''), ' ', '') AS INTEGER)`;
  const digits = `regexp_extract(regexp_replace(${numberWidth(x)}, '[\\s()]', '', 'g'), '^([0-9]{4})(\\.0+)?(年度?|年)?$', 1)`;
  // A plain `2017` costs one cast; the cleaning runs only on what that cast could not read.
  const year = `coalesce(TRY_CAST(${x} AS INTEGER), CASE WHEN ${present(x)} THEN coalesce(${cheap}, TRY_CAST(nullif(${digits}, '') AS INTEGER)) END)`;
  // Out of range → NULL. The year is written twice but parsed once (DuckDB merges common
  // subexpressions): 0.2 s per million cells, where clamping inside a CASE on NULL took 1.6 s.
  return `(CASE WHEN ${year} BETWEEN 1949 AND 2100 THEN ${year} END)`;
}

const GRADES: [string, string[]][] = [
  ['优', ['优', '优秀', 'A']],
  ['良', ['良', '良好', 'B']],
  ['中', ['中', '合格', '中等', '一般', 'C']],
  ['差', ['差', '不合格', '较差', 'D']],
];

/** Grade 优/良/中/差 from the usual spellings; anything else is not a grade. */
export function gradeValue(x: string): string {
  const t = `upper(regexp_replace(${halfWidth(x)}, '[\\s"“”]', '', 'g'))`;
  const slow = `CASE ${GRADES.map(([g, names]) => `WHEN ${oneOf(t, names)} THEN ${sqlString(g)}`).join(' ')} END`;
  return `(CASE WHEN ${oneOf(x, ['优', '良', '中', '差'])} THEN ${x} ELSE ${slow} END)`;
}

/** Kind 项目支出 / 部门整体支出 from 项目, 项目支出绩效自评, 部门整体…; other text is not a kind. */
export function kindValue(x: string): string {
  return `(CASE WHEN contains(${x}, '部门整体') OR contains(${x}, '整体支出') THEN '部门整体支出' WHEN contains(${x}, '项目') THEN '项目支出' END)`;
}

const spaced = (word: string) => [...word].join('[\\s\u3000]*');
const TOTAL_PATTERN = `^[\\s\u3000]*(${['合计', '小计', '总计', '共计', '其中'].map(spaced).join('|')})|(${['合计', '小计', '总计'].map(spaced).join('|')})[\\s\u3000]*$`;

/** Total rows: 合计, 小计, 总计, 其中… (spaces inside, as in `合      计`, allowed). */
export function totalLabelTest(x: string): string {
  // A cheap filter first so the pattern runs only on the few cells that could match: the label has a
  // 计 (合计, 小 计…) or starts with 其 (其中) or white space.
  return `((${oneOf(`ord(${x})`, ['其'.codePointAt(0)!, ...EDGE_CODES])} OR contains(${x}, '计')) AND regexp_matches(${x}, ${sqlString(TOTAL_PATTERN)}))`;
}

/** Notes below the table: 注：…, 填报说明, 单位负责人：…, 填表人 …. */
export const NOTE_PATTERN =
  '^[\\s\u3000]*(注|备注|说明|填报说明|填表说明|单位负责人|财务负责人|分管领导|负责人|填表人|制表人|审核人|复核人|填报人|联系人|联系电话|填报日期|填表日期|制表日期|报送日期|数据来源|资料来源)[\\s\u3000]*([0-9０-９一二三四五六七八九十、.．:：(（]|$)';

const NOTE_FIRST = [
  ' ',
  '\u3000',
  '注',
  '备',
  '说',
  '填',
  '单',
  '财',
  '分',
  '负',
  '制',
  '审',
  '复',
  '联',
  '报',
  '数',
  '资',
];

export function noteTest(x: string): string {
  // The first character filters before the pattern runs.
  // The first code point filters before the pattern runs (ord() is cheap; left() counts characters).
  const firsts = NOTE_FIRST.map((c) => c.codePointAt(0)!);
  return `(${oneOf(`ord(${x})`, firsts)} AND regexp_matches(${x}, ${sqlString(NOTE_PATTERN)}))`;
}

/**
 * Ties the pieces into the two CSV texts. Yields text in blocks (one unit × year at a time) so the
 * writer can stream a million rows without ever holding one giant string.
 */
import { Rng } from './prng';
import { buildUnits } from './names';
import { buildProfile, unitYear, type EvaluationRecord, type TextMemory } from './records';
import { buildTextPool } from './phrases';
import { indicatorRows } from './indicators';
import { csvRow, fixed2, scoreText } from './csv';
import { fullWidthDigits, percentString, spacedDecimal, thousandsSeparated } from './mess';

export interface GeneratorConfig {
  readonly units: number;
  readonly yearFrom: number;
  readonly yearTo: number;
  readonly seed: string;
  /** Share of rows/cells given each export flaw (0 = clean apart from the title line). */
  readonly mess: number;
  readonly indicators: boolean;
  readonly encoding: 'utf-8' | 'gb18030';
}

export const EVALUATION_HEADER: readonly string[] = [
  '单位名称',
  '主管部门',
  '地区',
  '年度',
  '评价类型',
  '项目名称',
  '年初预算数（万元）',
  '全年预算数（万元）',
  '全年执行数（万元）',
  '执行率（%）',
  '自评得分',
  '评价等级',
  '复核得分',
  '存在的问题',
  '改进措施',
];

export const INDICATOR_HEADER: readonly string[] = [
  '单位名称',
  '年度',
  '项目名称',
  '一级指标',
  '二级指标',
  '三级指标',
  '分值',
  '得分',
  '年度指标值',
  '实际完成值',
  '偏差原因分析及改进措施',
];

export const SYNTHETIC_LABEL = '合成示例数据，非真实数据';

export function yearSpan(config: GeneratorConfig): string {
  return `${config.yearFrom}-${config.yearTo}`;
}

export function fileNames(config: GeneratorConfig): { evaluations: string; indicators: string } {
  const suffix = config.encoding === 'gb18030' ? '-gb18030' : '';
  return {
    evaluations: `synthetic-evaluations-${yearSpan(config)}${suffix}.csv`,
    indicators: `synthetic-indicators-${yearSpan(config)}${suffix}.csv`,
  };
}

export interface Block {
  readonly evaluations: string;
  readonly indicators: string;
}

/** Everything that flaws the evaluation file, drawn from its own stream so the data never shift. */
class EvaluationFormatter {
  private readonly rng: Rng;
  private totalBudget = 0;
  private totalSpent = 0;
  private totalInitial = 0;

  constructor(
    seed: string,
    private readonly mess: number,
  ) {
    this.rng = new Rng(seed, 'evaluation-mess');
  }

  private money(hundredths: number, spaced: boolean): string {
    let text = fixed2(hundredths);
    if (hundredths >= 100000 && this.rng.chance(this.mess)) text = thousandsSeparated(text);
    else if (spaced) text = spacedDecimal(text);
    return text;
  }

  row(r: EvaluationRecord, firstOfUnit: boolean): string {
    const m = this.mess;
    const merged = !firstOfUnit && this.rng.chance(m);
    const spacedCell = this.rng.chance(m) ? this.rng.int(0, 2) : -1;
    const fields = [
      merged ? '' : r.unit.name,
      merged ? '' : r.unit.supervisor,
      r.unit.region,
      String(r.year),
      r.kind,
      r.project,
      this.money(r.budgetInitial, spacedCell === 0),
      this.money(r.budget, spacedCell === 1),
      this.money(r.spent, spacedCell === 2),
      this.rng.chance(m) ? percentString(r.executionRate.toFixed(2)) : r.executionRate.toFixed(2),
      this.rng.chance(m) ? fullWidthDigits(scoreText(r.score)) : scoreText(r.score),
      r.grade,
      r.reviewScore === null ? '' : scoreText(r.reviewScore),
      r.problems,
      r.suggestions,
    ];
    this.totalInitial += r.budgetInitial;
    this.totalBudget += r.budget;
    this.totalSpent += r.spent;
    if (this.rng.chance(m / 4)) {
      // A broken row: a cell lost or split in two on the way out of the source system.
      if (this.rng.chance(0.5)) fields.splice(this.rng.int(1, fields.length - 1), 1);
      else fields.splice(this.rng.int(1, fields.length - 1), 0, '');
    }
    return csvRow(fields);
  }

  /** 小计 after a unit's rows: the sums of the rows above it. */
  subtotal(rows: readonly EvaluationRecord[]): string {
    if (!this.rng.chance(this.mess)) return '';
    const sum = (f: (r: EvaluationRecord) => number): string => fixed2(rows.reduce((s, r) => s + f(r), 0));
    return csvRow([
      '小计',
      '',
      '',
      '',
      '',
      '',
      sum((r) => r.budgetInitial),
      sum((r) => r.budget),
      sum((r) => r.spent),
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  }

  footer(): string {
    if (this.mess === 0) return '';
    return (
      csvRow([
        '合计',
        '',
        '',
        '',
        '',
        '',
        fixed2(this.totalInitial),
        fixed2(this.totalBudget),
        fixed2(this.totalSpent),
        '',
        '',
        '',
        '',
        '',
        '',
      ]) + `注：本表为${SYNTHETIC_LABEL}，由程序生成，单位名称仅为示意。\r\n`
    );
  }
}

function title(kind: string, config: GeneratorConfig): string {
  const head = `附件${kind === 'evaluations' ? 1 : 2}：${yearSpan(config)}年度预算绩效自评${kind === 'evaluations' ? '汇总表' : '指标得分明细表'}（${SYNTHETIC_LABEL}）\r\n`;
  if (config.mess === 0) return head;
  return kind === 'evaluations' ? `${head}金额单位：万元\r\n\r\n` : `${head}\r\n`;
}

/** Indicator rows in the report layout: unit/project/一级/二级 only where they change (merged cells). */
class IndicatorFormatter {
  private readonly rng: Rng;
  constructor(
    seed: string,
    private readonly mess: number,
  ) {
    this.rng = new Rng(seed, 'indicators');
  }

  block(r: EvaluationRecord, legacy: boolean): string {
    const rows = indicatorRows(this.rng, r, legacy);
    let out = '';
    let level1 = '';
    let level2 = '';
    rows.forEach((row, i) => {
      const points = scoreText(row.points);
      const fields = [
        i === 0 ? r.unit.name : '',
        i === 0 ? String(r.year) : '',
        i === 0 ? r.project : '',
        row.level1 === level1 ? '' : row.level1,
        row.level2 === level2 && row.level1 === level1 ? '' : row.level2,
        row.level3,
        scoreText(row.weight),
        this.rng.chance(this.mess) ? fullWidthDigits(points) : points,
        row.target,
        row.actual,
        row.deviationReason,
      ];
      level1 = row.level1;
      level2 = row.level2;
      if (this.rng.chance(this.mess / 4)) fields.splice(this.rng.int(1, fields.length - 1), 1);
      out += csvRow(fields);
    });
    return out;
  }
}

/** The whole output as blocks: titles and headers, one block per unit × year, then the footers. */
export function* generate(config: GeneratorConfig): Generator<Block> {
  if (!(config.units >= 1) || config.yearTo < config.yearFrom)
    throw new Error('generate: need units ≥ 1 and yearFrom ≤ yearTo');
  const records = new Rng(config.seed, 'records');
  const pool = buildTextPool(new Rng(config.seed, 'text-pool'));
  const profiles = buildUnits(config.units).map((u) => buildProfile(records, u));
  const legacy = profiles.map((_, i) => new Rng(config.seed, `framework-${i}`).chance(0.2));
  const memory: TextMemory = new Map();
  const evals = new EvaluationFormatter(config.seed, config.mess);
  const inds = config.indicators ? new IndicatorFormatter(config.seed, config.mess) : null;

  yield {
    evaluations: title('evaluations', config) + csvRow(EVALUATION_HEADER),
    indicators: inds ? title('indicators', config) + csvRow(INDICATOR_HEADER) : '',
  };
  for (let year = config.yearFrom; year <= config.yearTo; year++) {
    for (let u = 0; u < profiles.length; u++) {
      const group = unitYear(records, profiles[u] as (typeof profiles)[number], year, pool, memory);
      let evaluations = '';
      let indicators = '';
      group.forEach((r, i) => {
        evaluations += evals.row(r, i === 0);
        if (inds) indicators += inds.block(r, legacy[u] as boolean);
      });
      if (group.length > 1) evaluations += evals.subtotal(group);
      yield { evaluations, indicators };
    }
  }
  yield { evaluations: evals.footer(), indicators: '' };
}

/** Small outputs as strings (tests, the demo check). */
export function generateText(config: GeneratorConfig): Block {
  let evaluations = '';
  let indicators = '';
  for (const b of generate(config)) {
    evaluations += b.evaluations;
    indicators += b.indicators;
  }
  return { evaluations, indicators };
}

/**
 * The indicator table behind a score: 决策/过程/产出/效益 at 20/20/30/30, broken into 二级/三级, with
 * points that add up to the score — except in a few tables, as in real ones.
 */
import type { Rng } from './prng';
import type { EvaluationRecord } from './records';

export interface IndicatorRow {
  readonly level1: string;
  readonly level2: string;
  readonly level3: string;
  /** Hundredths of a point. */
  readonly weight: number;
  readonly points: number;
  readonly target: string;
  readonly actual: string;
  readonly deviationReason: string;
}

type Measure = 'rate' | 'execution' | 'satisfaction' | 'none';

interface Template {
  readonly level1: string;
  /** The older 项目决策/项目管理/项目绩效 framework's name for the same block. */
  readonly legacyLevel1: string;
  readonly level2: string;
  readonly level3: string;
  readonly weight: number;
  readonly measure: Measure;
}

const T = (
  level1: string,
  legacyLevel1: string,
  level2: string,
  level3: string,
  weight: number,
  measure: Measure = 'none',
): Template => ({
  level1,
  legacyLevel1,
  level2,
  level3,
  weight: weight * 100,
  measure,
});

export const INDICATOR_TEMPLATE: readonly Template[] = [
  T('决策', '项目决策', '项目立项', '立项依据充分性', 3),
  T('决策', '项目决策', '项目立项', '立项程序规范性', 3),
  T('决策', '项目决策', '绩效目标', '绩效目标合理性', 3),
  T('决策', '项目决策', '绩效目标', '绩效指标明确性', 3),
  T('决策', '项目决策', '资金投入', '预算编制科学性', 4),
  T('决策', '项目决策', '资金投入', '资金分配合理性', 4),
  T('过程', '项目管理', '资金管理', '资金到位率', 3, 'rate'),
  T('过程', '项目管理', '资金管理', '预算执行率', 5, 'execution'),
  T('过程', '项目管理', '资金管理', '资金使用合规性', 4),
  T('过程', '项目管理', '组织实施', '管理制度健全性', 4),
  T('过程', '项目管理', '组织实施', '制度执行有效性', 4),
  T('产出', '项目绩效', '产出数量', '计划任务完成率', 10, 'rate'),
  T('产出', '项目绩效', '产出质量', '质量达标率', 8, 'rate'),
  T('产出', '项目绩效', '产出时效', '完成及时率', 6, 'rate'),
  T('产出', '项目绩效', '产出成本', '成本控制率', 6, 'rate'),
  T('效益', '项目绩效', '社会效益', '社会效益实现程度', 10),
  T('效益', '项目绩效', '可持续影响', '长效管理机制健全性', 10),
  T('效益', '项目绩效', '满意度', '服务对象满意度', 10, 'satisfaction'),
];

const DEVIATION_REASONS: Readonly<Record<Measure, readonly string[]>> = {
  execution: [
    '政府采购程序耗时较长，资金未能按期支付',
    '部分资金年底下达，来不及支付',
    '工程尚未完成结算，待审计后支付',
  ],
  rate: ['受疫情影响，部分工作未能按期开展', '项目实施进度滞后，下一步将加快推进'],
  satisfaction: ['部分服务对象对服务时效不满意，下一步将优化流程', '宣传不到位，群众知晓率不高'],
  none: [],
};

/** Splits 100 − score over the indicators; low execution loses its points first, as the rules say. */
function allocateDeductions(rng: Rng, record: EvaluationRecord): number[] {
  const room = INDICATOR_TEMPLATE.map((t) => t.weight);
  const deduct = room.map(() => 0);
  let left = 10000 - record.score;
  const take = (i: number, amount: number): void => {
    const a = Math.min(amount, room[i] as number, left);
    room[i] = (room[i] as number) - a;
    deduct[i] = (deduct[i] as number) + a;
    left -= a;
  };
  const exec = INDICATOR_TEMPLATE.findIndex((t) => t.measure === 'execution');
  if (record.executionRate < 95) take(exec, Math.round(((95 - record.executionRate) / 35) * 500));
  // Odd hundredths first, then half-point and whole-point steps.
  if (left % 50 !== 0) take(rng.int(0, room.length - 1), left % 50);
  while (left > 0) {
    const i = rng.int(0, room.length - 1);
    if ((room[i] as number) === 0) continue;
    take(i, rng.pick([50, 100, 100, 200]));
    if (left % 50 !== 0) take(i, left % 50);
  }
  return deduct;
}

function measured(rng: Rng, t: Template, share: number, record: EvaluationRecord): [string, string] {
  switch (t.measure) {
    case 'execution':
      return ['≥95%', `${record.executionRate.toFixed(2)}%`];
    case 'rate':
      return ['100%', share === 1 ? '100%' : `${Math.max(50, Math.round(share * 100 - rng.int(0, 5)))}%`];
    case 'satisfaction':
      return ['≥90%', `${share === 1 ? rng.int(95, 99) : rng.int(80, 94)}%`];
    default:
      return ['', ''];
  }
}

export function indicatorRows(rng: Rng, record: EvaluationRecord, legacy: boolean): IndicatorRow[] {
  const deduct = allocateDeductions(rng, record);
  const points = INDICATOR_TEMPLATE.map((t, i) => t.weight - (deduct[i] as number));
  // About one table in twelve does not add up to the score it reports.
  if (rng.chance(0.08)) {
    const i = rng.int(0, points.length - 1);
    const w = INDICATOR_TEMPLATE[i]?.weight as number;
    const p = points[i] as number;
    points[i] = p >= w ? p - rng.int(1, 3) * 100 : Math.min(w, p + rng.int(1, 3) * 100);
  }
  return INDICATOR_TEMPLATE.map((t, i) => {
    const p = points[i] as number;
    const [target, actual] = measured(rng, t, p / t.weight, record);
    const short = t.measure !== 'none' && p < t.weight;
    return {
      level1: legacy ? t.legacyLevel1 : t.level1,
      level2: t.level2,
      level3: t.level3,
      weight: t.weight,
      points: p,
      target,
      actual,
      deviationReason: short && rng.chance(0.6) ? rng.pick(DEVIATION_REASONS[t.measure]) : '',
    };
  });
}

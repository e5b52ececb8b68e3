/**
 * One unit × year: the 部门整体支出 evaluation, plus 项目支出 evaluations for units that report
 * projects. Pure: everything comes from the Rng handed in, so the same seed gives the same records.
 */
import type { Rng } from './prng';
import type { Unit } from './names';
import {
  sampleBudget,
  sampleExecutionRate,
  sampleGrade,
  sampleInitialBudget,
  sampleScore,
  type Grade,
} from './distributions';
import { composeProblems, composeSuggestions, type TextPool } from './phrases';

export type EvaluationKind = '部门整体支出' | '项目支出';

export interface EvaluationRecord {
  readonly unit: Unit;
  readonly year: number;
  readonly kind: EvaluationKind;
  readonly project: string;
  /** Money in hundredths of 万元. */
  readonly budgetInitial: number;
  readonly budget: number;
  readonly spent: number;
  /** The rate the unit reports (percent, 2 decimals) — usually spent ÷ budget, not always. */
  readonly executionRate: number;
  /** Hundredths of a point. */
  readonly score: number;
  readonly grade: Grade;
  readonly reviewScore: number | null;
  readonly problems: string;
  readonly suggestions: string;
}

/** What stays the same for a unit from year to year. */
export interface UnitProfile {
  readonly unit: Unit;
  readonly projects: readonly string[];
  /** Budget scale in hundredths of 万元 for the whole-unit evaluation. */
  readonly scale: number;
}

const SECTOR_PROJECTS: Readonly<Record<string, readonly string[]>> = {
  教育: ['义务教育学生资助经费', '校舍维修改造经费', '教师培训经费', '学前教育发展资金'],
  卫生: ['基本公共卫生服务补助资金', '疫情防控专项经费', '家庭医生签约服务经费'],
  民政: ['城乡最低生活保障资金', '特困人员救助供养经费', '养老服务补贴资金'],
  农业: ['高标准农田建设资金', '动物防疫补助经费', '农业技术推广经费'],
  城管: ['城市道路清扫保洁经费', '园林绿化管护经费'],
  文旅: ['公共文化服务体系建设经费', '春节系列活动经费', '文物保护专项经费'],
  政务服务: ['政务服务专项工作经费', '政务大厅运行维护经费'],
  水务: ['河道治理专项资金', '农村饮水安全工程资金'],
};

const GENERIC_PROJECTS: readonly string[] = [
  '信息化建设运维经费',
  '办公楼维修改造经费',
  '档案数字化整理经费',
  '党建工作经费',
  '专项业务工作经费',
  '购置固定资产',
];

export function buildProfile(rng: Rng, unit: Unit): UnitProfile {
  const pool = [...(SECTOR_PROJECTS[unit.sector] ?? []), ...GENERIC_PROJECTS];
  const projects = rng.chance(0.3) ? rng.shuffle(pool).slice(0, rng.int(1, 3)) : [];
  return { unit, projects, scale: sampleBudget(rng) * 4 };
}

/** Remembers each unit's last text, so some units copy last year's problems word for word. */
export type TextMemory = Map<string, { problems: string; suggestions: string }>;

interface Money {
  budgetInitial: number;
  budget: number;
  spent: number;
  executionRate: number;
}

function sampleMoney(rng: Rng, budget: number): Money {
  const rate = rng.chance(0.35) ? 100 : sampleExecutionRate(rng);
  const spent = Math.round((budget * rate) / 100);
  const exact = Math.round((spent / budget) * 10000) / 100;
  // A few units report a rate that spent ÷ budget does not give (a different base, a typo).
  const executionRate = rng.chance(0.05)
    ? Math.max(0, Math.round((exact + rng.pick([-1, 1]) * rng.uniform(1, 12)) * 100) / 100)
    : exact;
  return { budgetInitial: sampleInitialBudget(rng, budget), budget, spent, executionRate };
}

function sampleText(
  rng: Rng,
  key: string,
  lowExecution: boolean,
  pool: TextPool,
  memory: TextMemory,
): { problems: string; suggestions: string } {
  const last = memory.get(key);
  let text: { problems: string; suggestions: string };
  if (last && rng.chance(0.3)) text = last;
  else if (rng.chance(0.15)) {
    const i = rng.int(0, pool.problems.length - 1);
    text = { problems: pool.problems[i] as string, suggestions: pool.suggestions[i] as string };
  } else if (rng.chance(0.04)) text = { problems: '无', suggestions: '无' };
  else text = { problems: composeProblems(rng, lowExecution), suggestions: composeSuggestions(rng) };
  memory.set(key, text);
  return text;
}

function evaluation(
  rng: Rng,
  profile: UnitProfile,
  year: number,
  kind: EvaluationKind,
  project: string,
  budget: number,
  pool: TextPool,
  memory: TextMemory,
): EvaluationRecord {
  const money = sampleMoney(rng, budget);
  const score = sampleScore(rng, money.executionRate);
  const reviewScore = rng.chance(0.04)
    ? Math.max(0, Math.round((score - rng.uniform(0, 12) * 100) / 50) * 50)
    : null;
  const text = sampleText(
    rng,
    `${profile.unit.name}\u0000${project}`,
    money.executionRate < 90,
    pool,
    memory,
  );
  return {
    unit: profile.unit,
    year,
    kind,
    project,
    ...money,
    score,
    grade: sampleGrade(rng, score / 100),
    reviewScore,
    ...text,
  };
}

/** The evaluations one unit files for one year: whole-unit first, then its projects. */
export function unitYear(
  rng: Rng,
  profile: UnitProfile,
  year: number,
  pool: TextPool,
  memory: TextMemory,
): EvaluationRecord[] {
  const drift = Math.exp(rng.normal() * 0.15);
  const out = [
    evaluation(
      rng,
      profile,
      year,
      '部门整体支出',
      '部门整体支出',
      Math.max(100, Math.round(profile.scale * drift)),
      pool,
      memory,
    ),
  ];
  for (const name of profile.projects) {
    const project = name === '春节系列活动经费' ? `${year}年${name}` : name;
    out.push(evaluation(rng, profile, year, '项目支出', project, sampleBudget(rng), pool, memory));
  }
  return out;
}

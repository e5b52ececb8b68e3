/**
 * 存在的问题 / 改进措施 text: recurring boilerplate with the small variations real units make
 * (不够/不足/有待提高, 一是/1./（一） numbering), plus word-for-word copies across units and years —
 * the patterns the problem-phrase analysis has to find.
 */
import type { Rng } from './prng';

/** Each problem as a list of interchangeable wordings. */
const PROBLEMS: readonly (readonly string[])[] = [
  [
    '绩效目标设置不够科学合理',
    '绩效目标设置不够科学、合理',
    '绩效目标设定不够科学合理',
    '绩效目标设置的科学性、合理性有待提高',
  ],
  [
    '绩效指标量化、细化不够',
    '部分绩效内容的设定上量化、细化不够',
    '绩效指标量化、细化不足',
    '绩效指标的量化、细化程度有待提高',
  ],
  [
    '绩效管理认识不够',
    '对预算绩效管理认识不足',
    '绩效管理意识有待提高',
    '绩效管理认识不够，重资金分配、轻绩效管理',
  ],
  ['预算执行率有待进一步提高', '预算执行进度较慢，执行率有待进一步提高', '预算执行率偏低'],
  [
    '绩效管理队伍建设有待加强',
    '预算绩效管理专业人才队伍建设有待加强',
    '财务人员业务水平不足，队伍建设有待加强',
  ],
  ['项目前期论证不够充分', '项目前期调研论证不足'],
  ['资金支付进度较慢', '资金拨付不够及时'],
  ['绩效自评工作流于形式', '绩效自评质量有待提高'],
  ['考核标准、考核条件过于简单和笼统', '考核标准不够具体'],
  ['绩效跟踪监控不到位', '绩效运行监控有待加强'],
];

/** Index of 预算执行率有待进一步提高 in PROBLEMS. */
const EXECUTION_PROBLEM = 3;

const SUGGESTIONS: readonly (readonly string[])[] = [
  ['进一步加强预算绩效管理培训', '积极参加预算绩效管理培训', '加强对预算绩效人才队伍的培养'],
  ['科学合理设置绩效目标，细化、量化绩效指标', '结合项目情况，制定相应细化、量化的绩效目标'],
  ['加快预算执行进度，提高资金使用效益', '加强收支计划执行情况分析，加快资金执行进度'],
  ['加强项目前期论证，提高预算编制的科学性', '编制更为合理的预算，优化项目资金预算'],
  ['强化绩效运行监控，及时纠正偏差', '定期开展绩效跟踪，发现问题及时整改'],
  ['重视评价结果应用，将评价结果与预算安排挂钩', '进一步重视考核总结，充分运用考核结果'],
];

const CN_ORDINALS = ['一', '二', '三', '四', '五', '六'];

/** Joins items the way units number their lists. */
export function numbered(rng: Rng, items: readonly string[]): string {
  if (items.length === 1) return `${items[0]}。`;
  const style = rng.int(0, 4);
  const newline = rng.chance(0.3) ? '\n' : '';
  switch (style) {
    case 0:
      return items.map((s, i) => `${CN_ORDINALS[i]}是${s}`).join('；') + '。';
    case 1:
      return items.map((s, i) => `${i + 1}.${s}。`).join(newline);
    case 2:
      return items.map((s, i) => `（${CN_ORDINALS[i]}）${s}。`).join(newline);
    case 3:
      return items.map((s, i) => `${i + 1}、${s}；`).join(newline);
    default:
      return items.join('，') + '。';
  }
}

function compose(rng: Rng, pool: readonly (readonly string[])[], count: number, first?: number): string {
  let chosen = rng.shuffle(pool).slice(0, count);
  const lead = first === undefined ? undefined : pool[first];
  if (lead) chosen = [lead, ...chosen.filter((p) => p !== lead)].slice(0, count);
  return numbered(
    rng,
    chosen.map((variants) => rng.pick(variants)),
  );
}

/** A unit that spent little usually says so first — the one problem that tracks the numbers. */
export function composeProblems(rng: Rng, lowExecution = false): string {
  const first = lowExecution && rng.chance(0.7) ? EXECUTION_PROBLEM : undefined;
  return compose(rng, PROBLEMS, rng.int(1, 4), first);
}

export function composeSuggestions(rng: Rng): string {
  return compose(rng, SUGGESTIONS, rng.int(1, 3));
}

/** Texts shared word for word by many units: the template everybody copies. */
export interface TextPool {
  readonly problems: readonly string[];
  readonly suggestions: readonly string[];
}

export function buildTextPool(rng: Rng, size = 24): TextPool {
  const problems: string[] = [];
  const suggestions: string[] = [];
  for (let i = 0; i < size; i++) {
    problems.push(composeProblems(rng));
    suggestions.push(composeSuggestions(rng));
  }
  return { problems, suggestions };
}

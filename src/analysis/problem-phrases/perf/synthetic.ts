/**
 * Synthetic problems texts for timing the miner: boilerplate clauses as exports repeat them
 * (with 部分/个别 prefixes and every numbering style), mixed with one-off sentences. Not sample data.
 */

const BOILERPLATE = [
  '绩效目标设置不够科学合理',
  '量化、细化不够',
  '绩效管理认识不够',
  '预算执行率有待进一步提高',
  '队伍建设有待加强',
  '绩效指标设置不够明确具体',
  '项目前期论证不够充分',
  '资金支付进度较慢',
  '绩效自评工作不够深入',
  '财务管理制度有待完善',
  '绩效跟踪监控不到位',
  '预算编制不够精准',
  '专业人才缺乏',
  '绩效评价结果运用不够充分',
  '项目实施进度滞后',
  '部分指标难以量化',
  '考核标准过于简单和笼统',
  '资料收集整理不够完整',
  '对绩效管理工作重视程度不够',
  '内部控制制度执行不够严格',
  '政府采购程序有待规范',
  '资产管理有待加强',
  '宣传力度不够',
  '监督检查机制不健全',
  '项目资金使用效益有待提高',
  '绩效目标与预算资金匹配度不高',
  '产出指标设置偏少',
  '满意度调查覆盖面不广',
  '信息化水平不高',
  '部门之间沟通协调不够',
];

const WORDS = [
  '项目',
  '资金',
  '管理',
  '工作',
  '单位',
  '建设',
  '服务',
  '采购',
  '设备',
  '人员',
  '培训',
  '档案',
  '会议',
  '经费',
  '支出',
  '合同',
  '验收',
  '维护',
  '调研',
  '宣传',
  '慰问',
  '活动',
  '场地',
  '车辆',
  '系统',
];
const VERBS = ['未能', '没有', '不能', '尚未', '较难'];
const ENDS = ['完成', '到位', '落实', '执行', '开展', '报送', '结算'];
const EDGES = ['', '', '', '部分', '个别', '还', '仍'];
const MARKERS: ((i: number) => string)[] = [
  (i) => `${'一二三四五'[i]}是`,
  (i) => `${i + 1}.`,
  (i) => `（${'一二三四五'[i]}）`,
  (i) => `${i + 1}、`,
  () => '',
];

/** A small fast PRNG (mulberry32), so runs are repeatable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** `count` problems texts, roughly 40–150 characters each. */
export function syntheticProblemTexts(count: number, seed = 1): string[] {
  const r = prng(seed);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const marker = pick(r, MARKERS);
    const clauses = 1 + Math.floor(r() * 4);
    const parts: string[] = [];
    for (let i = 0; i < clauses; i++) {
      const clause =
        r() < 0.75
          ? pick(r, EDGES) + pick(r, BOILERPLATE)
          : `${pick(r, WORDS)}${pick(r, WORDS)}${pick(r, VERBS)}按${Math.floor(r() * 12) + 1}月计划${pick(r, ENDS)}，${pick(r, WORDS)}${pick(r, WORDS)}${pick(r, ENDS)}率为${(r() * 100).toFixed(2)}%`;
      parts.push(marker(i) + clause);
    }
    out.push(parts.join(r() < 0.5 ? '；' : '。') + '。');
  }
  return out;
}

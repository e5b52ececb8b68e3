/**
 * Unit, supervisor and district names shaped like Kunming's real ones (昆明市五华区教育体育局 …).
 * The units are synthetic; the districts and the kinds of bureau are real, so names read naturally.
 */

export interface Unit {
  /** 单位名称 */
  readonly name: string;
  /** 主管部门 — the bureau itself for a bureau, its parent bureau for a subordinate unit. */
  readonly supervisor: string;
  /** 地区 */
  readonly region: string;
  /** Which bureau template the unit belongs to (picks plausible project names). */
  readonly sector: string;
}

export const DISTRICTS: readonly string[] = [
  '五华区',
  '盘龙区',
  '官渡区',
  '西山区',
  '呈贡区',
  '东川区',
  '晋宁区',
  '安宁市',
  '富民县',
  '宜良县',
  '嵩明县',
  '石林彝族自治县',
  '禄劝彝族苗族自治县',
  '寻甸回族彝族自治县',
];

interface Bureau {
  readonly name: string;
  readonly sector: string;
  /** Subordinate units, named after the district. */
  readonly units: readonly string[];
  /** Pattern for numbered subordinate units once `units` run out ({n} = 第一/第二…), if any. */
  readonly numbered?: string;
}

const BUREAUS: readonly Bureau[] = [
  {
    name: '教育体育局',
    sector: '教育',
    units: ['第一中学', '第一小学', '实验小学', '职业高级中学', '教师进修学校', '第一幼儿园'],
    numbered: '第{n}中学',
  },
  {
    name: '卫生健康局',
    sector: '卫生',
    units: ['人民医院', '中医医院', '疾病预防控制中心', '妇幼保健院', '卫生监督所'],
    numbered: '第{n}社区卫生服务中心',
  },
  { name: '民政局', sector: '民政', units: ['社会福利院', '殡葬管理所', '救助管理站'] },
  { name: '财政局', sector: '财政', units: ['国库集中支付中心', '财政投资评审中心'] },
  { name: '人力资源和社会保障局', sector: '人社', units: ['就业服务中心', '劳动保障监察大队'] },
  {
    name: '农业农村局',
    sector: '农业',
    units: ['农业技术推广站', '动物疫病预防控制中心'],
    numbered: '第{n}农业综合服务中心',
  },
  { name: '住房和城乡建设局', sector: '住建', units: ['建设工程质量安全监督站'] },
  { name: '城市管理局', sector: '城管', units: ['环境卫生管理站', '园林绿化管理站'] },
  { name: '文化和旅游局', sector: '文旅', units: ['图书馆', '文化馆', '文物管理所'] },
  { name: '水务局', sector: '水务', units: ['水利工程管理所', '河道管理所'] },
  { name: '交通运输局', sector: '交通', units: ['公路管理段'] },
  { name: '市场监督管理局', sector: '市场', units: ['食品药品检验所'] },
  { name: '应急管理局', sector: '应急', units: ['应急救援大队'] },
  { name: '司法局', sector: '司法', units: ['公共法律服务中心'] },
  { name: '自然资源局', sector: '自然资源', units: ['不动产登记中心'] },
  { name: '退役军人事务局', sector: '退役军人', units: ['退役军人服务中心'] },
  { name: '政务服务管理局', sector: '政务服务', units: ['政务服务中心'] },
  { name: '发展和改革局', sector: '发改', units: [] },
  { name: '审计局', sector: '审计', units: [] },
  { name: '统计局', sector: '统计', units: ['社会经济调查队'] },
  { name: '医疗保障局', sector: '医保', units: ['医疗保险管理中心'] },
  { name: '林业和草原局', sector: '林草', units: ['林业和草原技术推广站'] },
];

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 305 → 三百零五 (enough for numbered schools). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99999) throw new RangeError(`chineseNumber: ${n}`);
  const units = ['', '十', '百', '千', '万'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const place = digits.length - 1 - i;
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += (d === 1 && place === 1 && out === '' ? '' : (DIGITS[d] as string)) + (units[place] as string);
  });
  return out;
}

function cityPrefix(district: string): string {
  return `昆明市${district}`;
}

/**
 * The first `count` units, spread round-robin over the districts so every district appears early.
 * Within a district: the bureaus, then their named units, then numbered units without end.
 */
export function buildUnits(count: number): Unit[] {
  const perDistrict = DISTRICTS.map((district) => districtUnits(district));
  const out: Unit[] = [];
  for (let i = 0; out.length < count; i++) {
    const d = i % DISTRICTS.length;
    const next = perDistrict[d]?.next();
    if (!next || next.done) throw new Error('buildUnits: district ran out of names');
    out.push(next.value);
  }
  return out;
}

function* districtUnits(district: string): Generator<Unit, never> {
  const prefix = cityPrefix(district);
  for (const b of BUREAUS)
    yield { name: prefix + b.name, supervisor: prefix + b.name, region: district, sector: b.sector };
  const maxNamed = Math.max(...BUREAUS.map((b) => b.units.length));
  for (let i = 0; i < maxNamed; i++) {
    for (const b of BUREAUS) {
      const u = b.units[i];
      if (u) yield { name: prefix + u, supervisor: prefix + b.name, region: district, sector: b.sector };
    }
  }
  const numbered = BUREAUS.filter((b) => b.numbered);
  for (let n = 2; ; n++) {
    for (const b of numbered) {
      const name = prefix + (b.numbered as string).replace('{n}', chineseNumber(n));
      yield { name, supervisor: prefix + b.name, region: district, sector: b.sector };
    }
  }
}

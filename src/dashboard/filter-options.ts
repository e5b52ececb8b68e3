import type { Querier } from '../analysis/types';

export interface FilterOptions {
  years: number[];
  regions: string[];
  supervisors: string[];
  kinds: string[];
}

const EMPTY: FilterOptions = { years: [], regions: [], supervisors: [], kinds: [] };

/** The values the filter bar offers, from the loaded evaluations (one query). */
export async function loadFilterOptions(query: Querier): Promise<FilterOptions> {
  try {
    const t = await query(`SELECT
      list(DISTINCT year ORDER BY year) FILTER (WHERE year IS NOT NULL) AS years,
      list(DISTINCT region ORDER BY region) FILTER (WHERE region IS NOT NULL) AS regions,
      list(DISTINCT supervisor ORDER BY supervisor) FILTER (WHERE supervisor IS NOT NULL) AS supervisors,
      list(DISTINCT kind ORDER BY kind) FILTER (WHERE kind IS NOT NULL) AS kinds
      FROM evaluations`);
    const row = t.get(0)?.toJSON() as Record<string, { toArray(): unknown[] } | null> | undefined;
    const list = <T>(v: { toArray(): unknown[] } | null | undefined) =>
      v ? (Array.from(v.toArray()) as T[]) : [];
    return {
      years: list<number>(row?.years),
      regions: list<string>(row?.regions),
      supervisors: list<string>(row?.supervisors),
      kinds: list<string>(row?.kinds),
    };
  } catch {
    return EMPTY;
  }
}

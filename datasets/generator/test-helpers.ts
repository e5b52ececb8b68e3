/** Parsing helpers for the generator's tests: read the CSV text back the way an ingest would. */
import Papa from 'papaparse';

/** Rows of a generated file, from the header row on (title lines skipped). */
export function parseTable(text: string, headerStart: string): string[][] {
  const at = text.indexOf(headerStart);
  if (at < 0) throw new Error(`header “${headerStart}” not found`);
  const parsed = Papa.parse<string[]>(text.slice(at), { skipEmptyLines: true });
  return parsed.data;
}

export function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.filter(test).length / items.length;
}

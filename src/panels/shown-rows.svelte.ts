/**
 * How many rows of a long list a panel draws (MoreRows.svelte offers the rest). After a filter
 * change every row drawn costs the page time, and a list is read from the top, so a list shows its
 * first rows until the analyst opens it. Opening lasts for that answer only: a new answer (another
 * object: the filters or the sort changed) draws the first rows again.
 */
export class ShownRows {
  readonly #first: number;
  #answer = $state.raw<unknown>(null);
  #opened = $state.raw<readonly string[]>([]);

  constructor(first: number) {
    this.#first = first;
  }

  /**
   * Rows of `list` to draw out of `total` for `answer`; all of them when only a few would be held
   * back (a button for "the other 1" was seen on screen).
   */
  count(answer: unknown, list: string, total: number): number {
    if (total <= this.#first + Math.ceil(this.#first / 4)) return total;
    const opened = answer !== null && answer === this.#answer && this.#opened.includes(list);
    return opened ? total : this.#first;
  }

  open(answer: unknown, list: string): void {
    this.#opened = answer === this.#answer ? [...this.#opened, list] : [list];
    this.#answer = answer;
  }
}

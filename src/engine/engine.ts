import type { Connector } from './connector';

/**
 * The engine starts once, behind a cached promise; `restart` replaces it after the worker died.
 * The starter is injected so the app passes the browser engine and tests pass the Node one.
 */
export class Engine {
  #starting: Promise<Connector> | null = null;
  constructor(private readonly start: () => Promise<Connector>) {}

  get(): Promise<Connector> {
    this.#starting ??= this.start();
    return this.#starting;
  }

  async restart(): Promise<Connector> {
    const old = this.#starting;
    this.#starting = null;
    if (old) await old.then((c) => c.close()).catch(() => undefined);
    return this.get();
  }
}

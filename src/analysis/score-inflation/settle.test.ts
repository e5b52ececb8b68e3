import { describe, expect, it } from 'vitest';
import { SupersededError } from '../superseded';
import { settle } from './settle';

describe('settle', () => {
  it('passes a value through', async () => {
    expect(await settle(async (n: number) => n + 1)(1)).toEqual({ ok: true, value: 2 });
  });

  it("turns DuckDB's error into the message the panel shows", async () => {
    const failing = settle(async () => {
      throw new Error('Binder Error: column "scroe" not found');
    });
    expect(await failing()).toEqual({
      ok: false,
      message: 'Binder Error: column "scroe" not found',
      superseded: false,
    });
  });

  it('marks a query dropped because the filters moved on, so the panel shows no error for it', async () => {
    const dropped = settle(async () => {
      throw new SupersededError();
    });
    expect(await dropped()).toMatchObject({ ok: false, superseded: true });
  });
});

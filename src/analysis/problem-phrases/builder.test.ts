import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { loadCanonical } from '../../../tests/unit/canonical-fixture';
import { PhraseTableBuilder, type AbortableMiner } from './builder';
import { minePhrases } from './mine';

let conn: Connector;
beforeAll(async () => {
  conn = await createNodeConnector();
  await loadCanonical(conn, {
    evaluations: ['A', 'B'].map((unit) => ({ unit, year: 2023, problems: '绩效管理认识不够' })),
  });
});
afterAll(() => conn.close());

describe('PhraseTableBuilder', () => {
  it('builds once per data version and aborts a build for older data', async () => {
    const signals: AbortSignal[] = [];
    const mine: AbortableMiner = async (input, options, signal) => {
      signals.push(signal);
      await new Promise((r) => setTimeout(r, 20));
      if (signal.aborted) throw signal.reason;
      return minePhrases(input, options);
    };
    const builder = new PhraseTableBuilder((sql) => conn.query(sql), mine);
    const first = builder.ensure(1);
    expect(builder.ensure(1)).toBe(first);
    const second = builder.ensure(2);
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    // 绩效管理认识不够 is used by A and B.
    await expect(second).resolves.toMatchObject({ texts: 1, phrases: 1 });
    // Version 1 never reached the miner (aborted while queued); version 2 mined once.
    expect(signals).toHaveLength(1);
    expect(builder.ensure(2)).toBe(second);
  });
});

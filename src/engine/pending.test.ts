import { describe, expect, it } from 'vitest';
import { EngineDeadError } from './connector';
import { PendingRequests } from './pending';

describe('PendingRequests', () => {
  it('passes results and errors through while alive', async () => {
    const p = new PendingRequests();
    await expect(p.track(Promise.resolve(7))).resolves.toBe(7);
    await expect(p.track(Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(p.size).toBe(0);
  });

  it('rejects what is pending on kill, once, and everything after', async () => {
    const p = new PendingRequests();
    const hanging = p.track(new Promise(() => {}));
    expect(p.size).toBe(1);
    const first = p.kill('worker crashed');
    expect(p.kill('again')).toBe(first);
    await expect(hanging).rejects.toBe(first);
    await expect(p.track(Promise.resolve(1))).rejects.toBeInstanceOf(EngineDeadError);
    expect(p.size).toBe(0);
  });
});

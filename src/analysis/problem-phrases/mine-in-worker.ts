/**
 * The browser's miner: `minePhrases` in a module worker, started per run and terminated after, so
 * a run that is no longer wanted (new data arrived) is stopped by its AbortSignal. Every way the
 * worker can end — reply, crash, unreadable message, abort — settles the promise.
 */
import type { MinedPhrases, MiningInput, MiningOptions } from './mine';
import { failureError, type MineReply, type MineRequest } from './worker-protocol';

let nextId = 0;

export function mineInWorker(
  input: MiningInput,
  options: MiningOptions,
  signal?: AbortSignal,
): Promise<MinedPhrases> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(new URL('./phrases.worker.ts', import.meta.url), { type: 'module' });
    const id = ++nextId;
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', abort);
    };
    const abort = () => {
      finish();
      reject(signal?.reason ?? new DOMException('Mining was cancelled.', 'AbortError'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    worker.onmessage = (event: MessageEvent<MineReply>) => {
      const reply = event.data;
      if (reply.id !== id) return;
      finish();
      if (reply.type === 'mined') resolve(reply.result);
      else reject(failureError('问题表述提取失败', reply));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish();
      reject(new Error(`问题表述提取进程出错：${event.message || '未知错误'}`));
    };
    worker.onmessageerror = () => {
      finish();
      reject(new Error('问题表述提取进程返回了无法读取的结果。'));
    };
    const request: MineRequest = { type: 'mine', id, input, options };
    worker.postMessage(request);
  });
}

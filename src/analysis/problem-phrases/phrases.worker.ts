/**
 * Runs the phrase miner off the main thread. One request per worker; errors travel back as plain
 * objects (an Error does not survive structured cloning with its name).
 */
import { minePhrases } from './mine';
import type { MineReply, MineRequest } from './worker-protocol';

self.onmessage = (event: MessageEvent<MineRequest>) => {
  const { id, input, options } = event.data;
  let reply: MineReply;
  try {
    reply = { type: 'mined', id, result: minePhrases(input, options) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    reply = { type: 'failed', id, error: { name: error.name, message: error.message } };
  }
  const transfer =
    reply.type === 'mined'
      ? [reply.result.textOffsets.buffer, reply.result.textPhrases.buffer, reply.result.copyGroups.buffer]
      : [];
  self.postMessage(reply, { transfer });
};

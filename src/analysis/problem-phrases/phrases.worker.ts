/**
 * Runs the phrase miner off the main thread. One request per worker; errors travel back as plain
 * objects (worker-protocol.ts).
 */
import { minePhrases } from './mine';
import { failure, type MineReply, type MineRequest } from './worker-protocol';

self.onmessage = (event: MessageEvent<MineRequest>) => {
  const { id, input, options } = event.data;
  let reply: MineReply;
  try {
    reply = { type: 'mined', id, result: minePhrases(input, options) };
  } catch (e) {
    reply = failure(id, e);
  }
  const transfer =
    reply.type === 'mined'
      ? [reply.result.textOffsets.buffer, reply.result.textPhrases.buffer, reply.result.copyGroups.buffer]
      : [];
  self.postMessage(reply, { transfer });
};

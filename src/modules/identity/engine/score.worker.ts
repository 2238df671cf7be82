// Worker thread for batch scoring: holds one ScoringJob (shared memory, nothing copied) and runs the chunks and
// samples the main thread asks for (see parallel.ts). Erasable TypeScript only, so Node can run it without tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { createThreadState, runChunk, samplePatterns, type ScoringJob } from './scoring.ts';
import type { WorkerRequest, WorkerReply } from './parallel.ts';

let state = createThreadState(workerData as ScoringJob);

parentPort!.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  if (request.type === 'configure') {
    state = createThreadState({ ...state.job, ...request.changes });
    reply = { type: 'configured' };
  } else if (request.type === 'chunk') {
    const result = runChunk(state, request.from, request.to);
    reply = { type: 'chunk', id: request.id, result };
    const transfer = [result.pairI.buffer, result.pairJ.buffer, result.pairWeight.buffer, result.pairRobust.buffer, result.pairFlags.buffer] as ArrayBuffer[];
    parentPort!.postMessage(reply, transfer);
    return;
  } else {
    reply = { type: 'sample', id: request.id, patterns: samplePatterns(state, request.count, request.seed) };
  }
  parentPort!.postMessage(reply);
});

// Small helpers for the tests and benches that use a real NATS JetStream server.
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { EventStream } from '../src/stream/types.ts';

/** Remove a stream a test or bench created (nothing when it is already gone). */
export async function dropStream(servers: string, name: string): Promise<void> {
  const nc = await connect({ servers });
  try {
    await (await jetstreamManager(nc)).streams.delete(name).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

/** Messages on the stream not yet acknowledged by a worker: the directory lane and every event lane. */
export async function backlog(s: EventStream): Promise<number> {
  let n = await s.pending('directory');
  for (let p = 0; p < s.partitions; p++) n += await s.pending(p);
  return n;
}

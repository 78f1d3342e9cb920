// The stream conformance suite against a REAL NATS JetStream server (TEST_NATS_URL, default nats://127.0.0.1:4222;
// CI starts one). Each test uses a stream and subject prefix of its own and deletes the stream afterwards. An
// unreachable server fails the suite with the connection error, never skips.
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { streamConformance } from './conformance.ts';
import { openJetStream } from './jetstream.ts';
import type { EventStream } from './types.ts';

const url = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
let n = 0;

streamConformance(`NATS JetStream (${url})`, async (o) => {
  const tag = `swt_${process.pid}_${Date.now().toString(36)}_${n++}`;
  const clients: EventStream[] = [];
  return {
    client: async () => {
      const c = await openJetStream({ servers: url, name: tag, subjectPrefix: tag, ...o });
      clients.push(c);
      return c;
    },
    cleanup: async () => {
      for (const c of clients) await c.close();
      const nc = await connect({ servers: url });
      try {
        await (await jetstreamManager(nc)).streams.delete(tag).catch(() => undefined);
      } finally {
        await nc.close();
      }
    },
  };
});

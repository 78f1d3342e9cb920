// The stream conformance suite against the in-process implementation.
import { streamConformance } from './conformance.ts';
import { MemoryStreamServer, openMemoryStream } from './memory.ts';
import type { EventStream } from './types.ts';

streamConformance('in-process', async (o) => {
  const server = new MemoryStreamServer(o);
  const clients: EventStream[] = [];
  return {
    client: async () => {
      const c = openMemoryStream(server);
      clients.push(c);
      return c;
    },
    cleanup: async () => {
      for (const c of clients) await c.close();
    },
  };
});

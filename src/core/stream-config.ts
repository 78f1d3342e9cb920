// Settings of the scale-out mode (issue 12): collectors and POST /api/ingest publish records to a NATS JetStream
// stream and `sleetwatch worker` processes consume them by partition. Pure (zod only). Absent (and no NATS_URL in the
// environment): everything runs in one process as before. See docs/scale-out.md.
import { z } from 'zod';

export const StreamConfig = z.strictObject({
  /** NATS server URL(s), e.g. "nats://nats-1:4222,nats://nats-2:4222". The NATS_URL environment variable overrides it. */
  url: z.string().min(1).max(2000).optional(),
  /** JetStream stream name (holds every partition subject and the directory subject). */
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default('SLEETWATCH'),
  /** Subject prefix: events go to `<prefix>.events.<partition>`, directory entries to `<prefix>.directory`. */
  subjectPrefix: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/).max(100).default('sleetwatch'),
  /**
   * Partitions of the event subjects. A person's events go to the partition of a stable hash of their identity key;
   * each worker owns a share of the partitions. Fixed for the life of a stream (changing it re-routes people): pick
   * several times the largest number of workers you expect.
   */
  partitions: z.number().int().min(1).max(1024).default(16),
  /** Window (s) in which JetStream drops a re-published message with the same id (Nats-Msg-Id = the event id). */
  duplicateWindowSeconds: z.number().int().min(1).max(7 * 86_400).default(3600),
  /** Replicas of the stream (3 on a NATS cluster; 1 on a single server). */
  replicas: z.number().int().min(1).max(5).default(1),
  /** A message not acknowledged within this many seconds is redelivered (to the partition's owner at that time). */
  ackWaitSeconds: z.number().int().min(1).max(3600).default(30),
  /** Most messages a worker takes from a partition per pull, and most events one commit takes. */
  batchMax: z.number().int().min(1).max(20_000).default(2000),
  /** How long (ms) a pull waits for a partition's messages before the worker commits what it has. */
  pullWaitMs: z.number().int().min(5).max(30_000).default(200),
  /**
   * How many of the live workers take partitions (0: all). The others stand by and take over within
   * memberTimeoutMs when an active one goes. Commits take one store-wide turn and every worker catches up with what
   * the others committed, so on today's design extra active workers cost throughput (docs/scale-out.md): 1 active
   * worker plus standbys is the fastest setup that survives a worker's loss.
   */
  activeWorkers: z.number().int().min(0).max(1024).default(0),
  /** Workers announce themselves this often (ms) … */
  heartbeatMs: z.number().int().min(50).max(60_000).default(1000),
  /** … and a worker not heard from for this long (ms) is gone: its partitions go to the others. */
  memberTimeoutMs: z.number().int().min(150).max(600_000).default(4000),
});
export type StreamConfig = z.infer<typeof StreamConfig>;

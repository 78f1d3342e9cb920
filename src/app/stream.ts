// The scale-out mode's wiring: whether it is on (NATS_URL or the config's `stream.url`) and the stream it uses.
import type { Config } from '../core/config.ts';
import { StreamConfig } from '../core/stream-config.ts';
import { openJetStream } from '../stream/jetstream.ts';
import type { EventStream } from '../stream/types.ts';
import type { Store } from '../store/types.ts';
import { publisherFor, type StreamPublisher } from './stream-publish.ts';

/** The stream settings when the scale-out mode is configured, else undefined (everything runs in one process). */
export function streamSettings(config: Config, env: NodeJS.ProcessEnv = process.env): (StreamConfig & { url: string }) | undefined {
  const url = env.NATS_URL?.trim() || config.stream?.url;
  if (!url) return undefined;
  return { ...(config.stream ?? StreamConfig.parse({})), url };
}

/** Connect to NATS and make sure the stream and its consumers exist. */
export function openEventStream(s: StreamConfig & { url: string }, clientName?: string): Promise<EventStream> {
  return openJetStream({
    servers: s.url,
    name: s.name,
    subjectPrefix: s.subjectPrefix,
    partitions: s.partitions,
    duplicateWindowMs: s.duplicateWindowSeconds * 1000,
    ackWaitMs: s.ackWaitSeconds * 1000,
    replicas: s.replicas,
    clientName,
  });
}

/**
 * The stream and a publisher whose router already knows the stored directory entries' identifiers: a process that
 * (re)starts routes a sign-in carrying only an Entra object id or an Okta id to its person's partition at once, not by
 * its own key until the directory is published again.
 */
export async function openPublisher(store: Store, s: StreamConfig & { url: string }, clientName: string): Promise<{ stream: EventStream; publisher: StreamPublisher }> {
  const stream = await openEventStream(s, clientName);
  try {
    return { stream, publisher: await publisherFor(store, stream) };
  } catch (e) {
    await stream.close();
    throw e;
  }
}

/** A URL as it may be printed: without a password. */
export function redactUrl(url: string): string {
  return url
    .split(',')
    .map((u) => {
      try {
        const x = new URL(u.trim());
        if (x.password) x.password = '***';
        return x.toString();
      } catch {
        return '(unparsable URL)';
      }
    })
    .join(',');
}

// The scale-out mode's settings: the sample deployment config (docs/scale-out/) is a valid config, NATS_URL turns the
// mode on and overrides the configured URL, no URL means one process, and a bad key is refused.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/app/config-file.ts';
import { redactUrl, streamSettings } from '../src/app/stream.ts';
import { Config } from '../src/core/config.ts';

const sample = join(import.meta.dirname, '../docs/scale-out/sleetwatch.config.json');

describe('stream settings', () => {
  it('the sample deployment config loads, with a 3-node cluster, 3 replicas and one active worker', () => {
    const s = streamSettings(loadConfig(sample), {});
    expect(s).toMatchObject({ url: 'nats://nats-1:4222,nats://nats-2:4222,nats://nats-3:4222', partitions: 32, replicas: 3, activeWorkers: 1 });
  });

  it('NATS_URL turns the mode on (defaults for the rest) and wins over the config; neither: one process', () => {
    expect(streamSettings(Config.parse({}), {})).toBeUndefined();
    expect(streamSettings(Config.parse({}), { NATS_URL: 'nats://127.0.0.1:4222' })).toMatchObject({ url: 'nats://127.0.0.1:4222', partitions: 16, duplicateWindowSeconds: 3600 });
    expect(streamSettings(loadConfig(sample), { NATS_URL: 'nats://other:4222' })?.url).toBe('nats://other:4222');
  });

  it('refuses unknown keys and out-of-range values; never prints a password', () => {
    expect(() => Config.parse({ stream: { partitons: 8 } })).toThrow();
    expect(() => Config.parse({ stream: { partitions: 0 } })).toThrow();
    expect(() => Config.parse({ stream: { subjectPrefix: 'a b' } })).toThrow();
    expect(redactUrl('nats://svc:s3cret@nats-1:4222,nats://nats-2:4222')).toBe('nats://svc:***@nats-1:4222,nats://nats-2:4222');
  });
});

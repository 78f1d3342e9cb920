// Shared set-up of the collector tests and bench: a store, an IngestService and the three vendor fakes with known
// credentials, and a runner configured against them (secrets in env vars and a key file, as in production).
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectorRunner, type CollectorLog } from '../src/app/collectors/runner.ts';
import { IngestSink } from '../src/app/collectors/ingest-sink.ts';
import type { CollectorSink } from '../src/app/collectors/sink.ts';
import { IngestService } from '../src/app/service.ts';
import { CollectorsConfig } from '../src/core/collectors-config.ts';
import { openPGliteStore } from '../src/store/index.ts';
import type { Store } from '../src/store/types.ts';
import type { SqlStore } from '../src/store/sql-store.ts';
import { FakeGraph } from './fakes/graph-collect.ts';
import { FakeGoogle } from './fakes/google-reports.ts';
import { FakeOkta } from './fakes/okta-logs.ts';

export const DATA_DIR = join(import.meta.dirname, '../.sleetwatch-test');

/** Secrets the tests then look for in every log line, error and stored row. */
export const SECRETS = {
  graphSecret: 'gr4ph~Cl1ent.S3cret-Value_0123456789',
  oktaToken: '00aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-_x',
};

export interface Kit {
  store: Store;
  service: IngestService;
  graph: FakeGraph;
  okta: FakeOkta;
  google: FakeGoogle;
  env: NodeJS.ProcessEnv;
  keyFile: string;
  oktaKeyPem: string;
  googleKeyJson: string;
  waits: { ms: number }[];
  logs: Record<string, unknown>[];
  runner(over?: Record<string, unknown>, sink?: CollectorSink, extra?: { now?: () => number; rand?: () => number; realSleep?: boolean; env?: NodeJS.ProcessEnv }): CollectorRunner;
  close(): Promise<void>;
}

function rsa(): { priv: string; pub: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), pub: publicKey };
}

export async function openKit(opts: { store?: Store } = {}): Promise<Kit> {
  const store = opts.store ?? (await openPGliteStore('memory://'));
  const service = await IngestService.open(store, { dataDir: DATA_DIR });
  const graph = new FakeGraph('contoso.onmicrosoft.com', '11111111-2222-3333-4444-555555555555', SECRETS.graphSecret);
  const oktaKey = rsa();
  const okta = new FakeOkta(SECRETS.oktaToken, { clientId: '0oa1svc2app3ID4567', publicKey: oktaKey.pub });
  const googleKey = rsa();
  const google = new FakeGoogle('sleetwatch@acme-logs.iam.gserviceaccount.com', googleKey.pub, 'admin@acme.example');
  await Promise.all([graph.listen(), okta.listen(), google.listen()]);
  const dir = mkdtempSync(join(tmpdir(), 'sw-collect-'));
  const googleKeyJson = JSON.stringify({
    type: 'service_account',
    project_id: 'acme-logs',
    private_key_id: 'k1d0123456789abcdef',
    private_key: googleKey.priv,
    client_email: google.clientEmail,
    client_id: '109876543210987654321',
    token_uri: google.tokenUrl,
  });
  const keyFile = join(dir, 'google-sa.json');
  writeFileSync(keyFile, googleKeyJson);
  const env = { SW_TEST_GRAPH_SECRET: SECRETS.graphSecret, SW_TEST_OKTA_TOKEN: SECRETS.oktaToken, SW_TEST_OKTA_KEY: oktaKey.priv };
  const waits: { ms: number }[] = [];
  const logs: Record<string, unknown>[] = [];
  const kit: Kit = {
    store,
    service,
    graph,
    okta,
    google,
    env,
    keyFile,
    oktaKeyPem: oktaKey.priv,
    googleKeyJson,
    waits,
    logs,
    runner(over = {}, sink, extra = {}) {
      const config = CollectorsConfig.parse({
        graph: { tenantId: graph.tenant, clientId: graph.clientId, clientSecret: { env: 'SW_TEST_GRAPH_SECRET' }, tokenUrl: graph.tokenUrl, graphUrl: graph.url, pageSize: 100 },
        okta: { orgUrl: okta.url, auth: { kind: 'ssws', token: { env: 'SW_TEST_OKTA_TOKEN' } }, pageSize: 100 },
        google: { serviceAccountKey: { file: keyFile }, subject: google.subject, adminUrl: google.url, pageSize: 100 },
        ...over,
      });
      const log: CollectorLog = (l) => logs.push(l);
      return new CollectorRunner({
        store,
        sink: sink ?? new IngestSink(service, store),
        config,
        env: extra.env ?? env,
        log,
        sleep: async (ms) => {
          waits.push({ ms });
          if (extra.realSleep) await new Promise((r) => setTimeout(r, ms));
        },
        now: extra.now,
        rand: extra.rand,
      });
    },
    async close() {
      await Promise.all([graph.close(), okta.close(), google.close()]);
      if (!opts.store) await store.close();
    },
  };
  return kit;
}

/** Events in the store's log (each id once). */
export async function loggedEvents(store: Store): Promise<number> {
  const { rows } = await (store as SqlStore).db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
  return rows[0].n;
}

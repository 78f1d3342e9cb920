// Runs the conformance suite against a REAL PostgreSQL (CI starts one; see .ci/run). Each run uses its own
// schema and drops it afterwards. An unreachable server fails the suite with the connection error, never skips.
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { storeConformance } from './conformance.ts';
import { respondConformance } from './respond.conformance.ts';
import { authConformance } from './auth.conformance.ts';
import { containmentConformance } from './containment.conformance.ts';
import { outboxConformance } from './outbox.conformance.ts';
import { collectorsConformance } from './collectors.conformance.ts';
import { openPostgresStore } from './postgres.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sw_test_${process.pid}_${Date.now().toString(36)}`;

async function dropSchema(name = schema): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  } finally {
    await client.end();
  }
}

storeConformance(`PostgreSQL (${url}, schema ${schema})`, () => openPostgresStore(url, { schema }), () => dropSchema());

respondConformance(`PostgreSQL (${url}, schema ${schema}_respond)`, async () => {
  const store = await openPostgresStore(url, { schema: `${schema}_respond` });
  return {
    store,
    close: async () => {
      await store.close();
      await dropSchema(`${schema}_respond`);
    },
  };
});

authConformance(`PostgreSQL (${url}, schema ${schema}_auth)`, async () => {
  const store = await openPostgresStore(url, { schema: `${schema}_auth` });
  return {
    store,
    close: async () => {
      await store.close();
      await dropSchema(`${schema}_auth`);
    },
  };
});

containmentConformance(`PostgreSQL (${url}, schema ${schema}_contain)`, async () => {
  const store = await openPostgresStore(url, { schema: `${schema}_contain` });
  return {
    store,
    close: async () => {
      await store.close();
      await dropSchema(`${schema}_contain`);
    },
  };
});

collectorsConformance(`PostgreSQL (${url}, schema ${schema}_collectors)`, async () => {
  const store = await openPostgresStore(url, { schema: `${schema}_collectors` });
  return {
    store,
    close: async () => {
      await store.close();
      await dropSchema(`${schema}_collectors`);
    },
  };
});

outboxConformance(`PostgreSQL (${url}, schema ${schema}_outbox)`, async () => {
  const store = await openPostgresStore(url, { schema: `${schema}_outbox` });
  return {
    store,
    close: async () => {
      await store.close();
      await dropSchema(`${schema}_outbox`);
    },
  };
});

describe('PostgreSQL adapter', () => {
  it('reports an unreachable server clearly, without the password', async () => {
    const err = await openPostgresStore('postgres://sleetwatch:s3cret@127.0.0.1:1/none').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^cannot connect to PostgreSQL at postgres:\/\/sleetwatch:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/);
    expect((err as Error).message).not.toContain('s3cret');
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(openPostgresStore(url, { schema: 'x; DROP TABLE people' })).rejects.toThrow(/invalid schema name/);
  });
});

describe('PostgreSQL: batches of several processes', () => {
  it("beginBatch waits for another store's open batch, then takes the next version", async () => {
    const own = `${schema}_batches`;
    const a = await openPostgresStore(url, { schema: own });
    const b = await openPostgresStore(url, { schema: own }); // a second pool: another process
    let release = () => {};
    try {
      const gate = new Promise<void>((r) => (release = r));
      let started = () => {};
      const aStarted = new Promise<void>((r) => (started = r));
      const aDone = a.atomic(async (tx) => {
        const v = await tx.beginBatch();
        started();
        await gate;
        return v;
      });
      await aStarted;
      let bVersion: number | undefined;
      const bDone = b.atomic((tx) => tx.beginBatch()).then((v) => (bVersion = v));
      await sleep(750);
      expect(bVersion).toBeUndefined(); // still waiting for A's row lock
      release();
      const va = await aDone;
      await bDone;
      expect(bVersion).toBe(va + 1);
      expect(await a.currentVersion()).toBe(va + 1);
    } finally {
      release();
      await a.close();
      await b.close();
      await dropSchema(own);
    }
  }, 15_000);
});

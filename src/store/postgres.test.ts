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
import { openPostgresExecutor, openPostgresStore } from './postgres.ts';

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

  it('stores opened at once on a new schema all migrate it (no race on CREATE SCHEMA / CREATE TABLE IF NOT EXISTS)', async () => {
    const own = `${schema}_race`;
    try {
      const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url, { schema: own })));
      try {
        for (const st of stores) expect(await st.listRuns(1)).toEqual([]);
      } finally {
        await Promise.all(stores.map((st) => st.close()));
      }
    } finally {
      await dropSchema(own);
    }
  });

  it('a connection killed inside a transaction rejects that transaction (no process crash) and the pool recovers', async () => {
    const exec = await openPostgresExecutor(url);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const killed = exec.transaction(async (tx) => {
        const pid = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await tx.query('SELECT pg_sleep(0.05)'); // on a dead connection
        return 'committed';
      });
      await expect(killed).rejects.toThrow();
      // The broken client was destroyed: the next transaction gets a fresh connection and commits.
      expect(await exec.transaction(async (tx) => (await tx.query<{ one: number }>('SELECT 1 AS one')).rows[0].one)).toBe(1);
    } finally {
      await admin.end();
      await exec.close();
    }
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

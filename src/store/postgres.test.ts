// Runs the conformance suite against a REAL PostgreSQL (CI starts one; see .ci/run). Each run uses its own
// schema and drops it afterwards. An unreachable server fails the suite with the connection error, never skips.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { storeConformance } from './conformance.ts';
import { openPostgresStore } from './postgres.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sw_test_${process.pid}_${Date.now().toString(36)}`;

async function dropSchema(): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

storeConformance(`PostgreSQL (${url}, schema ${schema})`, () => openPostgresStore(url, { schema }), dropSchema);

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

// One process at a time per embedded database folder: PGlite has no cross-process locking, and two instances
// writing one folder corrupt it. The lock is `<dataDir>.lock` holding the owner's pid; a lock whose process is gone
// is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock for `dataDir`; returns the release function. Throws when another live process (or this one) has it. */
export function lockDataDir(dataDir: string): () => void {
  const path = `${dataDir.replace(/[\\/]+$/, '')}.lock`;
  if (held.has(path)) throw new Error(`the database in ${dataDir} is already open in this process`);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new Error(
          `the database in ${dataDir} is in use by process ${pid} (lock ${path}); stop it, or use PostgreSQL (DATABASE_URL) for concurrent access`,
        );
      }
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  held.add(path);
  return () => {
    held.delete(path);
    rmSync(path, { force: true });
  };
}

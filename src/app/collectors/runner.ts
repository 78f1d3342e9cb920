// The collectors of a configuration: built from config.collectors, run once each (`sleetwatch collect --once`) or on a
// schedule (`serve`), with exponential back-off after failures (state in store.collectors(), so a restart keeps it),
// and their status (lag, last success and error) for `collect --status` and GET /api/collectors.
import type { CollectorsConfig } from '../../core/collectors-config.ts';
import type { CollectorState } from '../../store/collector-types.ts';
import type { Store } from '../../store/types.ts';
import { googleStreams } from './google.ts';
import { graphStreams } from './graph.ts';
import { backoffMs, type HttpOptions } from './http.ts';
import { oktaStreams } from './okta.ts';
import { Redactor } from './secrets.ts';
import type { CollectorSink } from './sink.ts';
import { runPass, type PassResult, type StreamDef, type StreamSettings } from './stream.ts';

export type CollectorLog = (line: Record<string, unknown>) => void;

export interface RunnerOptions {
  store: Store;
  sink: CollectorSink;
  config: CollectorsConfig;
  env?: NodeJS.ProcessEnv;
  /** Structured log lines (already scrubbed of secrets). */
  log?: CollectorLog;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  rand?: () => number;
}

interface Entry {
  def: StreamDef;
  settings: StreamSettings;
  intervalMs: number;
}

type VendorKey = 'graph' | 'okta' | 'google';

export class CollectorRunner {
  readonly redactor = new Redactor();
  private readonly entries: Entry[] = [];
  /** Vendors whose configuration could not be used (a secret missing): reported, never thrown at `serve`. */
  readonly problems: { vendor: VendorKey; message: string }[] = [];
  private readonly now: () => number;
  private readonly log: CollectorLog;

  constructor(private readonly o: RunnerOptions) {
    this.now = o.now ?? Date.now;
    this.log = (line) => o.log?.(this.redactor.scrubDeep(line));
    const c = o.config;
    const build = <K extends VendorKey>(vendor: K, cfg: NonNullable<CollectorsConfig[K]>, make: (cfg: NonNullable<CollectorsConfig[K]>, http: HttpOptions) => StreamDef[]) => {
      if (!cfg.enabled) return;
      const http: HttpOptions = {
        timeoutMs: cfg.timeoutSeconds * 1000,
        maxRetries: c.maxRetries,
        maxRetryAfterMs: c.maxRetryAfterSeconds * 1000,
        redactor: this.redactor,
        sleep: o.sleep,
        now: this.now,
        onWait: (ms, why) => this.log({ msg: 'collector waits', vendor, ms, why }),
      };
      try {
        for (const def of make(cfg, http)) {
          this.entries.push({
            def,
            intervalMs: cfg.intervalSeconds * 1000,
            settings: { overlapMs: cfg.overlapMinutes * 60_000, lookbackMs: cfg.lookbackHours * 3_600_000, snapshotSeconds: cfg.snapshotSeconds, maxPages: c.maxPagesPerPass, maxBuffered: c.maxBufferedRecords, pageSize: cfg.pageSize, http, now: this.now },
          });
        }
      } catch (e) {
        this.problems.push({ vendor, message: this.redactor.scrub(e instanceof Error ? e.message : String(e)) });
      }
    };
    const env = o.env ?? process.env;
    if (c.graph) build('graph', c.graph, (cfg, http) => graphStreams(cfg, http, this.redactor, env));
    if (c.okta) build('okta', c.okta, (cfg, http) => oktaStreams(cfg, http, this.redactor, env));
    if (c.google) build('google', c.google, (cfg, http) => googleStreams(cfg, http, this.redactor, env));
  }

  ids(): string[] {
    return this.entries.map((e) => e.def.id);
  }

  /** The stream behind a collector id (vendor, kind), if configured. */
  describe(id: string): StreamDef | undefined {
    return this.entries.find((e) => e.def.id === id)?.def;
  }

  intervalOf(id: string): number {
    return this.entries.find((e) => e.def.id === id)?.intervalMs ?? 300_000;
  }

  /**
   * One pass of one collector. A failure is recorded (scrubbed message, failures + 1, next attempt after the back-off)
   * and returned, never thrown: the other collectors go on. `force` ignores a pending back-off and the snapshot interval.
   */
  async runOne(id: string, opts: { force?: boolean } = {}): Promise<PassResult & { error?: string }> {
    const e = this.entries.find((x) => x.def.id === id);
    if (!e) throw new Error(`no collector ${id}`);
    const cs = this.o.store.collectors();
    const state = await cs.get(id);
    if (!opts.force && state?.nextAttemptAt && Date.parse(state.nextAttemptAt) > this.now()) {
      return { id, pages: 0, records: 0, fresh: 0, alreadyIngested: 0, rejected: 0, complete: false, skipped: 'backing off' };
    }
    try {
      const r = await runPass(e.def, e.settings, cs, this.o.sink, opts);
      if (r.skipped === undefined) this.log({ msg: 'collector pass', collector: id, pages: r.pages, records: r.records, fresh: r.fresh, alreadyIngested: r.alreadyIngested, rejected: r.rejected, complete: r.complete });
      return r;
    } catch (err) {
      const message = this.redactor.scrub(err instanceof Error ? err.message : String(err));
      const failures = ((await cs.get(id))?.failures ?? 0) + 1;
      const b = this.o.config.backoff;
      const delay = backoffMs(failures - 1, b.baseSeconds * 1000, b.maxSeconds * 1000, this.o.rand);
      const at = new Date(this.now());
      await cs.markError(id, { message, failures, nextAttemptAt: new Date(at.getTime() + delay), at });
      this.log({ msg: 'collector failed', collector: id, failures, retryInMs: delay, error: message });
      return { id, pages: 0, records: 0, fresh: 0, alreadyIngested: 0, rejected: 0, complete: false, error: message };
    }
  }

  /** Every collector once (`collect --once`): vendors side by side, each vendor's streams one after another. */
  async runAll(opts: { force?: boolean; only?: string[] } = {}): Promise<(PassResult & { error?: string })[]> {
    const byVendor = new Map<string, Entry[]>();
    for (const e of this.entries) {
      if (opts.only && !opts.only.includes(e.def.id)) continue;
      byVendor.set(e.def.vendor, [...(byVendor.get(e.def.vendor) ?? []), e]);
    }
    const out = await Promise.all(
      [...byVendor.values()].map(async (list) => {
        const rs = [];
        for (const e of list) rs.push(await this.runOne(e.def.id, opts));
        return rs;
      }),
    );
    return out.flat();
  }

  /**
   * `serve`: each collector on its own timer (its interval, or later while backing off). `stop` clears the timers and
   * waits for passes in flight (their pages commit or roll back whole).
   */
  schedule(): { stop(): Promise<void> } {
    let stopped = false;
    const timers = new Set<NodeJS.Timeout>();
    const running = new Set<Promise<unknown>>();
    const plan = (id: string, ms: number) => {
      if (stopped) return;
      const t = setTimeout(() => {
        timers.delete(t);
        const p = this.runOne(id).then(async () => {
          const s = await this.o.store.collectors().get(id).catch(() => undefined);
          const backoff = s?.nextAttemptAt ? Date.parse(s.nextAttemptAt) - this.now() : 0;
          plan(id, Math.max(this.intervalOf(id), backoff));
        }, (e: unknown) => {
          this.log({ msg: 'collector failed', collector: id, error: this.redactor.scrub(String(e)) });
          plan(id, this.intervalOf(id));
        });
        running.add(p);
        void p.finally(() => running.delete(p));
      }, ms);
      t.unref?.();
      timers.add(t);
    };
    // Spread the first passes a little so collectors of one vendor do not start together.
    this.ids().forEach((id, i) => plan(id, i * 250));
    return {
      stop: async () => {
        stopped = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        await Promise.allSettled([...running]);
      },
    };
  }
}

export interface CollectorStatus {
  id: string;
  vendor?: string;
  kind?: 'events' | 'snapshot';
  configured: boolean;
  /** now − newest event time (events streams), seconds */
  lagSeconds?: number;
  newestEventAt?: string;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
  failures: number;
  nextAttemptAt?: string;
  events: number;
  pages: number;
  /** 'ok' | 'backing-off' | 'never-run' | 'failing' */
  health: string;
}

/** Every configured collector and every one the store knows, with its lag and health. */
export function collectorStatus(states: CollectorState[], runner: CollectorRunner | undefined, now: number): CollectorStatus[] {
  const ids = new Set([...(runner?.ids() ?? []), ...states.map((s) => s.id)]);
  return [...ids].sort().map((id) => {
    const s = states.find((x) => x.id === id);
    const def = runner?.describe(id);
    const health = !s || (!s.lastSuccessAt && !s.lastErrorAt) ? 'never-run' : s.failures > 0 ? (s.nextAttemptAt && Date.parse(s.nextAttemptAt) > now ? 'backing-off' : 'failing') : 'ok';
    const out: CollectorStatus = { id, configured: runner?.ids().includes(id) ?? false, failures: s?.failures ?? 0, events: s?.events ?? 0, pages: s?.pages ?? 0, health };
    if (def) {
      out.vendor = def.vendor;
      out.kind = def.kind;
    }
    if (s?.newestEventAt) {
      out.newestEventAt = s.newestEventAt;
      out.lagSeconds = Math.max(0, Math.round((now - Date.parse(s.newestEventAt)) / 1000));
    }
    for (const k of ['lastSuccessAt', 'lastErrorAt', 'lastError', 'nextAttemptAt'] as const) if (s?.[k] !== undefined) out[k] = s[k];
    return out;
  });
}

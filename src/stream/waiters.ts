// Callers waiting for "something changed" (a delivery arrived, the set of workers changed), each with a time limit.
// A waiter whose time is up is dropped from the list, so a lane or membership polled idle for hours builds nothing up.
export class Waiters {
  private list: (() => void)[] = [];

  /** Resolves at the next wakeAll(), or after `ms`. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.list = this.list.filter((f) => f !== done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.list.push(done);
    });
  }

  /** Resolve every waiting caller now. */
  wakeAll(): void {
    const w = this.list;
    this.list = [];
    for (const f of w) f();
  }
}

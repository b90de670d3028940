/** Wakes subscribers when the log grows; a timer bounds the wait so other processes' appends are seen too. */
export class AppendNotifier {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  wait(signal: { closed: boolean }, pollMs: number): Promise<void> {
    if (signal.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, pollMs);
      this.waiters.add(wake);
    });
  }
}

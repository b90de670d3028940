import { readFileSync } from 'node:fs';

/**
 * Peak resident set size of this process in bytes: the kernel's high-water mark (VmHWM) on
 * Linux, which also sees peaks inside long synchronous stretches that a timer cannot sample;
 * elsewhere the largest RSS seen by `RssSampler`.
 */
export function peakRssBytes(sampler?: RssSampler): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* not Linux */
  }
  return Math.max(sampler?.peak ?? 0, process.memoryUsage().rss);
}

export class RssSampler {
  peak = process.memoryUsage().rss;
  private readonly timer: NodeJS.Timeout;
  constructor(intervalMs = 50) {
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, process.memoryUsage().rss)), intervalMs);
    this.timer.unref();
  }
  stop(): number {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return this.peak;
  }
}

export const MiB = 1024 * 1024;

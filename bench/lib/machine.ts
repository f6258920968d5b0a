// The machine a figure was measured on: figures from another machine are not comparable.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  /** 1-minute load average when measured: other work on a shared machine skews wall times. */
  load1: number;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() || 'unknown',
    cores: list.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    load1: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export function describeMachine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB memory, Node ${m.node}, ${m.platform}; load average ${m.load1} at the start`;
}

/** Linux counts CPU time in clock ticks of 1/100 s (USER_HZ). */
const TICK_MS = 10;

/**
 * CPU time, in ms, the whole machine spent busy (every core, stolen time included) and this process
 * spent with every child it waited for (a bench waits for the runs it starts): their difference over
 * a stretch of time is what other work took. Undefined where /proc cannot be read.
 */
export function cpuClock(): { machineBusyMs: number; ownMs: number } | undefined {
  try {
    const total = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = total;
    const self = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    const fields = self
      .slice(self.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const own = fields[11]! + fields[12]! + fields[13]! + fields[14]!;
    return { machineBusyMs: (user + nice + system + irq + softirq + steal) * TICK_MS, ownMs: own * TICK_MS };
  } catch {
    return undefined;
  }
}

/** The share of the machine's CPU (all cores) other work used between two readings; undefined without /proc. */
export function otherWorkShare(
  before: ReturnType<typeof cpuClock>,
  after: ReturnType<typeof cpuClock>,
  elapsedMs: number,
  cores: number,
): number | undefined {
  if (!before || !after || elapsedMs <= 0) return undefined;
  const other = after.machineBusyMs - before.machineBusyMs - (after.ownMs - before.ownMs);
  return Math.max(0, other) / (elapsedMs * cores);
}

/**
 * Whether other work disturbed a section: more than a fifth of the machine's CPU went to processes
 * that are not the bench's (its own runs load the machine by design). Without /proc, the load average
 * above the core count, as a cruder sign.
 */
export function busyWithOtherWork(load: { max: number; other?: number }, cores: number): boolean {
  return load.other !== undefined ? load.other > 0.2 : load.max > cores;
}

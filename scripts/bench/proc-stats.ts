import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime: USER_HZ, 100 on every Linux in use. */
const USER_HZ = 100;

/**
 * CPU time (user + system, all threads) a process has used, in ms, from /proc/<pid>/stat.
 * The command name (field 2) may hold spaces and parentheses, so fields are counted after its last ')'.
 */
export function cpuMsFromStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, so utime (14) and stime (15) sit at 11 and 12.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

/** A `Name:   123 kB` line of /proc/<pid>/status, in MiB; null when absent. */
export function statusMiB(status: string, name: string): number | null {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : null;
}

export function cpuMs(pid: number): number {
  return cpuMsFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** Peak resident memory since the process started (VmHWM), and now (VmRSS), in MiB. */
export function memoryMiB(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { peak: statusMiB(status, 'VmHWM') ?? NaN, now: statusMiB(status, 'VmRSS') ?? NaN };
}

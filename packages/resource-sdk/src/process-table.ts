import { readdirSync, readFileSync } from 'node:fs';

/*
 * The machine's processes as /proc shows them: the one parser of /proc/<pid>/stat, for the
 * resource host's clean-up (the processes a resource left behind), the OCF agent's late
 * stop, and every test and benchmark that asks whether a process still runs.
 */

/** What /proc/<pid>/stat says of a process. */
export interface ProcessStat {
  pid: number;
  /** Its command name (comm, at most 15 characters): it may hold spaces and parentheses. */
  command: string;
  /** R running, S sleeping, D in uninterruptible wait, T stopped, Z zombie, ... */
  state: string;
  /** The parent's pid. */
  parent: number;
  /** The process group's id. */
  group: number;
  /** CPU time in user mode, in clock ticks (USER_HZ: 100 a second on Linux). */
  userTicks: number;
  /** CPU time in kernel mode, in clock ticks. */
  systemTicks: number;
}

/**
 * Reads "pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
 * cmajflt utime stime ...". The fields after comm are counted from its last ')', since
 * comm may hold spaces and parentheses of its own. Undefined when the text is not one.
 */
export function parseProcessStat(text: string): ProcessStat | undefined {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(') ');
  if (open < 0 || close < open) return undefined;
  const fields = text.slice(close + 2).split(' ');
  const [state = '', parent, group] = fields;
  const stat = {
    pid: Number(text.slice(0, open)),
    command: text.slice(open + 2, close),
    state,
    parent: Number(parent),
    group: Number(group),
    userTicks: Number(fields[11]),
    systemTicks: Number(fields[12]),
  };
  return Number.isInteger(stat.pid) && state.length === 1 && Number.isInteger(stat.parent) ? stat : undefined;
}

/** The process's /proc/<pid>/stat, or undefined when it is gone (or never was). */
export function readProcessStat(pid: number): ProcessStat | undefined {
  try {
    return parseProcessStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // it ended while we looked
  }
}

/** True while the pid names a process that is not a zombie (a zombie is dead: only its parent's wait() is missing). */
export function isLiveProcess(pid: number): boolean {
  const stat = readProcessStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** The pids /proc lists now (some may be gone by the time they are read). */
export function processIds(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** The live (non-zombie) processes of a process group, as `ps -g <group>` lists them. */
export function processGroupMembers(group: number): number[] {
  return processIds().filter((pid) => {
    const stat = readProcessStat(pid);
    return stat?.group === group && stat.state !== 'Z';
  });
}

#!/usr/bin/env python3
"""Run a command and account for its WHOLE process tree, waited for or not.

Usage: tree-rusage.py REPORT_FILE COMMAND [ARG...]

Cross-check for run-benchmarks.sh. `/usr/bin/time -v` (getrusage RUSAGE_CHILDREN through wait4) only counts
descendants that their parents waited for: a worker JVM that the runtime kills but does not reap before it
exits is re-parented and its CPU time vanishes from the figure. This wrapper makes itself a child subreaper
(prctl PR_SET_CHILD_SUBREAPER, Linux >= 3.4), so such orphans are re-parented to it, and reaps everything
until no descendant is left. It also samples /proc every SAMPLE_SECONDS for the sum of the resident set
sizes of all live descendants (the tree's peak memory, which /usr/bin/time cannot report).

REPORT_FILE gets key=value lines:
  direct_cpu_s      user+sys of COMMAND as its own wait4 reports it (what /usr/bin/time, run as COMMAND, sees
                    plus the few milliseconds of `time` itself)
  orphans           number of processes that were re-parented to this wrapper (not waited for by their parent)
  orphan_cpu_s      their user+sys
  tree_cpu_s        user+sys of every descendant (getrusage RUSAGE_CHILDREN after all are reaped, minus what
                    the interpreter's own start-up had reaped)
  tree_max_rss_kb   largest single process's peak RSS over the whole tree (max of the reaped rusages; Linux
                    carries a parent's RSS at exec time into the child's peak, so this never reads below this
                    wrapper's own ~15 MB, far under a JVM's)
  sum_rss_peak_kb   largest sampled sum of the RSS of all live descendants at one time
  max_live          largest number of live descendants seen in one sample
  linger_s          how long the last orphan outlived COMMAND
  process=PID WHAT cpu_s=S vmhwm_kb=K
                    one line per descendant seen by the sampler: its program and main class, its user+sys and
                    its peak RSS (VmHWM) at the last sample (CPU may lag by up to one sample interval)
The exit status is COMMAND's.
"""
import ctypes
import os
import resource
import sys
import threading
import time

PR_SET_CHILD_SUBREAPER = 36
SAMPLE_SECONDS = 0.05
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def descendants(root):
    """Pids of all live descendants of root, from one scan of /proc."""
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                stat = f.read()
        except OSError:
            continue
        # the command name may hold spaces and parentheses: fields start after the last ')'
        fields = stat[stat.rindex(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def rss_kb(pid):
    try:
        with open("/proc/%d/statm" % pid) as f:
            return int(f.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def process_sample(pid):
    """(what, user+sys seconds, VmHWM kB) of a live process, or None when it is gone."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            argv = f.read().decode(errors="replace").split("\0")
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
        with open("/proc/%d/status" % pid) as f:
            hwm = next((int(l.split()[1]) for l in f if l.startswith("VmHWM:")), 0)
    except (OSError, ValueError):
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    if fields[0] in "ZX" or not argv or not argv[0]:
        return None  # exiting: the last live sample stands
    cpu_s = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    # a JVM is named by its main class: the first argument after -cp/-classpath's value that is not an option
    what = os.path.basename(argv[0]) if argv and argv[0] else "?"
    i = 1
    while i < len(argv):
        if argv[i] in ("-cp", "-classpath", "--class-path"):
            i += 2
            continue
        if argv[i].startswith("-"):
            i += 1
            continue
        if argv[i]:
            what += " " + (argv[i].rsplit(".", 1)[-1] if what == "java" else argv[i][:40])
        break
    return what, cpu_s, hwm


class Sampler(threading.Thread):
    def __init__(self, root):
        super().__init__(daemon=True)
        self.root, self.peak_kb, self.max_live = root, 0, 0
        self.processes = {}  # pid -> (what, cpu seconds, VmHWM kB) at its last sample
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            pids = descendants(self.root)
            self.peak_kb = max(self.peak_kb, sum(rss_kb(p) for p in pids))
            self.max_live = max(self.max_live, len(pids))
            for pid in pids:
                seen = process_sample(pid)
                if seen:
                    self.processes[pid] = seen
            self.stopped.wait(SAMPLE_SECONDS)


def cpu(ru):
    return ru.ru_utime + ru.ru_stime


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: tree-rusage.py REPORT_FILE COMMAND [ARG...]")
    report, command = sys.argv[1], sys.argv[2:]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit("tree-rusage.py: prctl(PR_SET_CHILD_SUBREAPER) failed: %s" % os.strerror(ctypes.get_errno()))
    # the interpreter's own start-up may have reaped children (a pyenv shim does): not part of COMMAND
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # posix_spawn (vfork-like in glibc), not fork: a forked copy of this interpreter would count in the
    # child's peak RSS
    try:
        child = os.posix_spawnp(command[0], command, os.environ)
    except OSError as e:
        sys.exit("tree-rusage.py: cannot run %s: %s" % (command[0], e))
    sampler = Sampler(os.getpid())
    sampler.start()
    direct_cpu, status, orphans, orphan_cpu, direct_end, last_end = 0.0, 0, 0, 0.0, None, None
    max_rss = 0
    while True:
        try:
            pid, st, ru = os.wait4(-1, 0)
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        max_rss = max(max_rss, ru.ru_maxrss)
        if pid == child:
            direct_cpu, status, direct_end = cpu(ru), st, time.monotonic()
        else:
            orphans += 1
            orphan_cpu += cpu(ru)
            last_end = time.monotonic()
    sampler.stopped.set()
    sampler.join()
    total = resource.getrusage(resource.RUSAGE_CHILDREN)
    linger = max(0.0, last_end - direct_end) if last_end and direct_end else 0.0
    with open(report, "w") as f:
        f.write("direct_cpu_s=%.3f\n" % direct_cpu)
        f.write("orphans=%d\n" % orphans)
        f.write("orphan_cpu_s=%.3f\n" % orphan_cpu)
        f.write("tree_cpu_s=%.3f\n" % (cpu(total) - cpu(before)))
        f.write("tree_max_rss_kb=%d\n" % max_rss)
        f.write("sum_rss_peak_kb=%d\n" % sampler.peak_kb)
        f.write("max_live=%d\n" % sampler.max_live)
        f.write("linger_s=%.3f\n" % linger)
        for pid, (what, cpu_s, hwm) in sorted(sampler.processes.items()):
            f.write("process=%d %s cpu_s=%.2f vmhwm_kb=%d\n" % (pid, what.replace(" ", "_"), cpu_s, hwm))
    sys.exit(os.waitstatus_to_exitcode(status) if direct_end else 1)


if __name__ == "__main__":
    main()

// A/B of runtime binaries: `round_robin N BUNDLE BIN...` runs `BIN --root=DIR run --bundle BUNDLE ID`
// for each BIN in turn, N times over (after 5 untimed rounds), and prints each binary's mean,
// median, 10th and 90th percentile wall time in ms. Taking turns makes the machine's drift (load,
// a busy neighbour on the host) fall on every binary alike, which hyperfine's one block per
// command does not: on this VM two blocks of the same binary differ by up to 15 %.
// RR_SETTLE_MS=N waits N ms (untimed) before each run, so that the kernel's deferred work for
// the previous container (a network namespace is torn down by a worker after its last process
// exits) lands in no runtime's time; without it that work falls on whichever runtime comes next.
// RR_BURST=B gives each runtime B runs in a row per turn and times all but the first: each then
// runs warm, after itself, as in a block of its own, while the turns still share out the drift.
// A BIN with spaces is a command split into words, e.g. "nsenter -t PID -m /usr/bin/crun" (how
// bench/runtime.sh puts crun, which refuses hybrid cgroups, in the rotation), run without a shell.
// Each binary gets its own state directory under /tmp. Build: cc -O2 -o round_robin round_robin.c
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int by_value(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char** argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: round_robin N BUNDLE BIN...\n");
    return 2;
  }
  int n = atoi(argv[1]), k = argc - 3, failed = 0;
  const char* settle = getenv("RR_SETTLE_MS");
  long settle_us = settle ? atol(settle) * 1000 : 0;
  const char* burst_env = getenv("RR_BURST");
  int burst = burst_env ? atoi(burst_env) : 1;
  if (burst < 1) burst = 1;
  const char* bundle = argv[2];
  double* t = calloc((size_t)n * (size_t)k, sizeof(double));
  if (n <= 0 || !t) return 2;
  for (int j = 0; j < k; j++) {
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/round-robin.%d.%d", (int)getpid(), j);
    mkdir(dir, 0700);
  }
  int* filled = calloc((size_t)k, sizeof(int));
  if (!filled) return 2;
  long seq = 0;
  for (int round = 0;; round++) {
    int done = 1;
    for (int j = 0; j < k; j++) {
      for (int b = 0; b < burst; b++) {
        char root[96], id[64];
        snprintf(root, sizeof root, "--root=/tmp/round-robin.%d.%d", (int)getpid(), j);
        snprintf(id, sizeof id, "rr%d-%ld", j, seq++);
        if (settle_us > 0) usleep((useconds_t)settle_us);
        double start = now_ms();
        pid_t p = fork();
        if (p == 0) {
          int null = open("/dev/null", O_WRONLY);
          dup2(null, 1);
          dup2(null, 2);
          char* words[32];
          int w = 0;
          for (char* word = strtok(argv[3 + j], " "); word && w < 26; word = strtok(NULL, " ")) words[w++] = word;
          const char* tail[] = {root, "run", "--bundle", bundle, id};
          for (int x = 0; x < 5; x++) words[w++] = (char*)tail[x];
          words[w] = NULL;
          execv(words[0], words);
          _exit(127);
        }
        int status = 0;
        waitpid(p, &status, 0);
        double took = now_ms() - start;
        if (status != 0) failed = 1, fprintf(stderr, "round_robin: %s failed (status %d)\n", argv[3 + j], status);
        // Five untimed rounds first; in a burst, its first run (after another runtime's) untimed.
        if (round >= 5 && (burst == 1 || b > 0) && filled[j] < n) t[j * n + filled[j]++] = took;
      }
      if (filled[j] < n) done = 0;
    }
    if (done && round >= 5) break;
  }
  for (int j = 0; j < k; j++) {
    double sum = 0, *v = t + j * n;
    for (int i = 0; i < n; i++) sum += v[i];
    qsort(v, (size_t)n, sizeof(double), by_value);
    printf("%-40s mean %.2f  median %.2f  p10 %.2f  p90 %.2f\n", argv[3 + j], sum / n, v[n / 2], v[n / 10],
           v[9 * n / 10]);
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/round-robin.%d.%d", (int)getpid(), j);
    rmdir(dir);
  }
  return failed;
}

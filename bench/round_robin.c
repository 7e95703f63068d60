// A/B of runtime binaries: `round_robin N BUNDLE BIN...` runs `BIN --root=DIR run --bundle BUNDLE ID`
// for each BIN in turn, N times over (after 5 untimed rounds), and prints each binary's mean,
// median, 10th and 90th percentile wall time in ms. Taking turns makes the machine's drift (load,
// a busy neighbour on the host) fall on every binary alike, which hyperfine's one block per
// command does not: on this VM two blocks of the same binary differ by up to 15 %.
// Each binary gets its own state directory under /tmp. Build: cc -O2 -o round_robin round_robin.c
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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
  const char* bundle = argv[2];
  double* t = calloc((size_t)n * (size_t)k, sizeof(double));
  if (n <= 0 || !t) return 2;
  for (int j = 0; j < k; j++) {
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/round-robin.%d.%d", (int)getpid(), j);
    mkdir(dir, 0700);
  }
  for (int i = -5; i < n; i++) {
    for (int j = 0; j < k; j++) {
      char root[96], id[64];
      snprintf(root, sizeof root, "--root=/tmp/round-robin.%d.%d", (int)getpid(), j);
      snprintf(id, sizeof id, "rr%d-%d", j, i + 5);
      double start = now_ms();
      pid_t p = fork();
      if (p == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl(argv[3 + j], argv[3 + j], root, "run", "--bundle", bundle, id, (char*)NULL);
        _exit(127);
      }
      int status = 0;
      waitpid(p, &status, 0);
      double took = now_ms() - start;
      if (status != 0) failed = 1, fprintf(stderr, "round_robin: %s failed (status %d)\n", argv[3 + j], status);
      if (i >= 0) t[j * n + i] = took;
    }
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

// berth-probe: a tiny static program copied into test rootfses to report, from inside a
// container, what the runtime set up. Placeholder commands grow with the e2e suites.
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: probe COMMAND [ARGS]\n");
    return 2;
  }
  std::fprintf(stderr, "probe: unknown command %s\n", argv[1]);
  return 2;
}

// berth-runtime: an OCI runtime with runc's command line.
#include <cstdio>

int main() { return 0; }

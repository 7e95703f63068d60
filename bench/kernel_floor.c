// The kernel's share of `RUNTIME run` on bench/runtime.sh's bundle, as a reference row: clone with
// its five namespaces (pid, network, ipc, uts, mount), bind the rootfs, mount proc and a /dev
// tmpfs, pivot_root, exec /bin/true, wait. No cgroups, config, devices, masks or state: what no
// runtime can go below. Built by bench/runtime.sh (cc -static). Usage: kernel_floor ROOTFS
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
static char stack[1 << 16];
static const char* root;
static int child(void* arg) {
  (void)arg;
  if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL)) _exit(10);
  if (mount(root, root, NULL, MS_BIND | MS_REC, NULL)) _exit(11);
  if (chdir(root)) _exit(12);
  mkdir("proc", 0755);  // a bare rootfs lacks them; EEXIST from the second run on
  mkdir("dev", 0755);
  if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)) _exit(13);
  if (mount("tmpfs", "dev", "tmpfs", MS_NOSUID, "mode=755")) _exit(14);
  if (syscall(SYS_pivot_root, ".", ".")) _exit(15);
  if (umount2(".", MNT_DETACH)) _exit(16);
  sethostname("floor", 5);
  char* argv[] = {"/bin/true", NULL};
  char* envp[] = {"PATH=/bin", NULL};
  execve("/bin/true", argv, envp);
  _exit(17);
}
int main(int argc, char** argv) {
  root = argc > 1 ? argv[1] : "rootfs";
  int flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | SIGCHLD;
  pid_t pid = clone(child, stack + sizeof stack, flags, NULL);
  if (pid < 0) { perror("clone"); return 1; }
  int st;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

// berth-probe: a tiny static program copied into test rootfses to report, from inside a
// container, what the runtime set up. Output is line-oriented and machine-readable; the exit
// status is 0 when the check succeeded, 1 when it did not, 2 on a usage error.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <mqueue.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace {

using Args = std::vector<std::string>;

int fail(const char* what) {
  std::printf("error %s %s\n", what, strerrorname_np(errno) ? strerrorname_np(errno) : "?");
  return 1;
}

long parse_long(const std::string& s) { return std::strtol(s.c_str(), nullptr, 0); }

key_t parse_key(const std::string& s) { return static_cast<key_t>(parse_long(s)); }

std::string read_link(const std::string& path) {
  char buf[4096];
  ssize_t n = readlink(path.c_str(), buf, sizeof buf - 1);
  if (n < 0) return "?";
  return std::string(buf, static_cast<size_t>(n));
}

int cmd_ns(const Args&) {
  DIR* d = opendir("/proc/self/ns");
  if (!d) return fail("opendir");
  std::map<std::string, unsigned long> out;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    struct stat st{};
    std::string p = std::string("/proc/self/ns/") + e->d_name;
    if (stat(p.c_str(), &st) == 0) out[e->d_name] = st.st_ino;
  }
  closedir(d);
  for (auto& [type, ino] : out) std::printf("%s %lu\n", type.c_str(), ino);
  return 0;
}

int cmd_caps(const Args&) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Cap", 0) == 0) {
      auto colon = line.find(':');
      auto value = line.substr(line.find_first_not_of(" \t", colon + 1));
      std::printf("%s %s\n", line.substr(3, colon - 3).c_str(), value.c_str());
    }
  }
  return 0;
}

int cmd_ids(const Args&) {
  std::printf("uid %u\ngid %u\n", getuid(), getgid());
  std::printf("euid %u\negid %u\n", geteuid(), getegid());
  gid_t groups[256];
  int n = getgroups(256, groups);
  if (n < 0) return fail("getgroups");
  std::printf("groups");
  for (int i = 0; i < n; ++i) std::printf(" %u", groups[i]);
  std::printf("\n");
  return 0;
}

int cmd_rlimit(const Args& a) {
  static const std::map<std::string, int> kNames = {
      {"RLIMIT_NOFILE", RLIMIT_NOFILE}, {"RLIMIT_NPROC", RLIMIT_NPROC},
      {"RLIMIT_CORE", RLIMIT_CORE},     {"RLIMIT_STACK", RLIMIT_STACK},
      {"RLIMIT_AS", RLIMIT_AS},         {"RLIMIT_FSIZE", RLIMIT_FSIZE},
      {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK}, {"RLIMIT_CPU", RLIMIT_CPU},
  };
  std::string name = a.at(0);
  if (name.rfind("RLIMIT_", 0) != 0) name = "RLIMIT_" + name;
  auto it = kNames.find(name);
  if (it == kNames.end()) return 2;
  rlimit rl{};
  if (getrlimit(it->second, &rl) != 0) return fail("getrlimit");
  auto show = [](rlim_t v) { return v == RLIM_INFINITY ? std::string("unlimited") : std::to_string(v); };
  std::printf("soft %s\nhard %s\n", show(rl.rlim_cur).c_str(), show(rl.rlim_max).c_str());
  return 0;
}

int cmd_cwd(const Args&) {
  char buf[4096];
  if (!getcwd(buf, sizeof buf)) return fail("getcwd");
  std::printf("%s\n", buf);
  return 0;
}

int cmd_hostname(const Args&) {
  utsname u{};
  if (uname(&u) != 0) return fail("uname");
  std::printf("%s\n", u.nodename);
  return 0;
}

// Any fd beyond stdio is a leak from the runtime (CVE-2024-21626 leaked a host cgroup dir fd).
int cmd_fds(const Args&) {
  DIR* d = opendir("/proc/self/fd");
  if (!d) return fail("opendir");
  int own = dirfd(d);
  int leaks = 0;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    int fd = std::atoi(e->d_name);
    if (fd <= 2 || fd == own) continue;
    std::printf("%d %s\n", fd, read_link(std::string("/proc/self/fd/") + e->d_name).c_str());
    ++leaks;
  }
  closedir(d);
  return leaks == 0 ? 0 : 1;
}

int cmd_shm_create(const Args& a) {
  int id = shmget(parse_key(a.at(0)), static_cast<size_t>(parse_long(a.at(1))), IPC_CREAT | 0666);
  if (id < 0) return fail("shmget");
  std::printf("shmid %d\n", id);
  return 0;
}

int cmd_shm_visible(const Args& a) {
  int id = shmget(parse_key(a.at(0)), 0, 0);
  std::printf(id >= 0 ? "visible\n" : "invisible\n");
  return id >= 0 ? 0 : 1;
}

int cmd_sem_create(const Args& a) {
  int id = semget(parse_key(a.at(0)), 1, IPC_CREAT | 0666);
  if (id < 0) return fail("semget");
  std::printf("semid %d\n", id);
  return 0;
}

int cmd_sem_visible(const Args& a) {
  int id = semget(parse_key(a.at(0)), 0, 0);
  std::printf(id >= 0 ? "visible\n" : "invisible\n");
  return id >= 0 ? 0 : 1;
}

int cmd_msg_create(const Args& a) {
  int id = msgget(parse_key(a.at(0)), IPC_CREAT | 0666);
  if (id < 0) return fail("msgget");
  std::printf("msqid %d\n", id);
  return 0;
}

int cmd_msg_visible(const Args& a) {
  int id = msgget(parse_key(a.at(0)), 0);
  std::printf(id >= 0 ? "visible\n" : "invisible\n");
  return id >= 0 ? 0 : 1;
}

std::string mq_name(const std::string& s) { return s[0] == '/' ? s : "/" + s; }

int cmd_mq_create(const Args& a) {
  mqd_t q = mq_open(mq_name(a.at(0)).c_str(), O_CREAT | O_RDWR, 0666, nullptr);
  if (q == static_cast<mqd_t>(-1)) return fail("mq_open");
  mq_close(q);
  std::printf("created\n");
  return 0;
}

int cmd_mq_visible(const Args& a) {
  mqd_t q = mq_open(mq_name(a.at(0)).c_str(), O_RDONLY);
  if (q != static_cast<mqd_t>(-1)) mq_close(q);
  std::printf(q != static_cast<mqd_t>(-1) ? "visible\n" : "invisible\n");
  return q != static_cast<mqd_t>(-1) ? 0 : 1;
}

int cmd_shm_file_create(const Args& a) {
  int fd = shm_open(mq_name(a.at(0)).c_str(), O_CREAT | O_RDWR, 0666);
  if (fd < 0) return fail("shm_open");
  close(fd);
  std::printf("created\n");
  return 0;
}

int cmd_write_file(const Args& a) {
  int fd = open(a.at(0).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return fail("open");
  std::string data = a.size() > 1 ? a[1] : "probe";
  if (write(fd, data.data(), data.size()) < 0) return fail("write");
  close(fd);
  std::printf("written\n");
  return 0;
}

int cmd_read_file(const Args& a) {
  std::ifstream in(a.at(0));
  if (!in) return fail("open");
  std::printf("%s", std::string(std::istreambuf_iterator<char>(in), {}).c_str());
  return 0;
}

int cmd_mkdir(const Args& a) {
  if (mkdir(a.at(0).c_str(), 0755) != 0) return fail("mkdir");
  std::printf("created\n");
  return 0;
}

int cmd_alloc_mb(const Args& a) {
  long n = parse_long(a.at(0));
  for (long i = 0; i < n; ++i) {
    auto* p = static_cast<char*>(std::malloc(1 << 20));
    if (!p) return fail("malloc");
    std::memset(p, 1, 1 << 20);
  }
  std::printf("allocated %ld\n", n);
  return 0;
}

int cmd_fork_n(const Args& a) {
  long n = parse_long(a.at(0));
  std::vector<pid_t> kids;
  for (long i = 0; i < n; ++i) {
    pid_t p = fork();
    if (p < 0) break;
    if (p == 0) {
      pause();
      _exit(0);
    }
    kids.push_back(p);
  }
  std::printf("forked %zu\n", kids.size());
  for (pid_t p : kids) kill(p, SIGKILL);
  for (pid_t p : kids) waitpid(p, nullptr, 0);
  return static_cast<long>(kids.size()) == n ? 0 : 1;
}

// Each syscall is made directly so libc wrappers cannot hide the errno the filter returned.
int cmd_syscall_denied(const Args& a) {
  const std::string& name = a.at(0);
  long rc;
  char buf[256];
  errno = 0;
  if (name == "getcwd") {
    rc = syscall(SYS_getcwd, buf, sizeof buf);
  } else if (name == "mkdir" || name == "mkdirat") {
    rc = syscall(SYS_mkdirat, AT_FDCWD, "/tmp/probe-seccomp", 0755);
  } else if (name == "chdir") {
    rc = syscall(SYS_chdir, "/");
  } else if (name == "getpid") {
    rc = syscall(SYS_getpid);
  } else if (name == "uname") {
    rc = syscall(SYS_uname, buf);
  } else {
    return 2;
  }
  if (rc >= 0) {
    std::printf("allowed\n");
    return 1;
  }
  std::printf("denied %d %s\n", errno, strerrorname_np(errno) ? strerrorname_np(errno) : "?");
  return 0;
}

// `syscall NR [ARG...]`: any syscall by number with integer arguments, for filters that refuse
// calls the other commands cannot name. Prints "ok RESULT" or "errno N NAME".
int cmd_syscall(const Args& a) {
  long args[6] = {};
  for (size_t i = 1; i < a.size() && i <= 6; ++i) args[i - 1] = parse_long(a[i]);
  errno = 0;
  long rc = syscall(parse_long(a.at(0)), args[0], args[1], args[2], args[3], args[4], args[5]);
  if (rc >= 0) {
    std::printf("ok %ld\n", rc);
    return 0;
  }
  std::printf("errno %d %s\n", errno, strerrorname_np(errno) ? strerrorname_np(errno) : "?");
  return 1;
}

// `thread`: starts and joins a thread. glibc tries clone3 first and falls back to clone only
// when clone3 reports ENOSYS, which is what a filter that cannot read clone3's flags must say.
int cmd_thread(const Args&) {
  pthread_t t;
  int err = pthread_create(&t, nullptr, [](void*) -> void* { return nullptr; }, nullptr);
  if (err != 0) {
    errno = err;
    return fail("pthread_create");
  }
  pthread_join(t, nullptr);
  std::printf("joined\n");
  return 0;
}

int cmd_sleep(const Args& a) {
  sleep(static_cast<unsigned>(parse_long(a.at(0))));
  return 0;
}

int cmd_exit(const Args& a) { return static_cast<int>(parse_long(a.at(0))); }

// mountinfo fields: id parent major:minor root target options ... - fstype source superopts
int cmd_mounts(const Args&) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    size_t pos = 0;
    while (pos != std::string::npos) {
      size_t next = line.find(' ', pos);
      f.push_back(line.substr(pos, next == std::string::npos ? next : next - pos));
      pos = next == std::string::npos ? next : next + 1;
    }
    size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") ++dash;
    std::string fstype = dash + 1 < f.size() ? f[dash + 1] : "?";
    std::string super = dash + 3 < f.size() ? f[dash + 3] : "";
    std::printf("%s %s %s %s\n", f.at(4).c_str(), fstype.c_str(), f.at(5).c_str(), super.c_str());
  }
  return 0;
}

int cmd_stat(const Args& a) {
  struct stat st{};
  if (lstat(a.at(0).c_str(), &st) != 0) return fail("stat");
  const char* type = S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "symlink"
                   : S_ISREG(st.st_mode) ? "file" : S_ISCHR(st.st_mode) ? "chardev" : "other";
  std::printf("type %s\nmode %o\nuid %u\ngid %u\nsize %lld\n", type, st.st_mode & 07777,
              st.st_uid, st.st_gid, static_cast<long long>(st.st_size));
  return 0;
}

// Host side of the console-socket protocol: listen on SOCKET, receive the pty master that the
// runtime sends (SCM_RIGHTS), print "tty NAME", then copy everything the container writes to it.
int cmd_console_receive(const Args& a) {
  int listener = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", a.at(0).c_str());
  if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener, 1) != 0)
    return fail("listen");
  int conn = accept(listener, nullptr, nullptr);
  if (conn < 0) return fail("accept");
  char name[256] = {};
  iovec iov{name, sizeof name - 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  if (recvmsg(conn, &msg, 0) < 0) return fail("recvmsg");
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  if (!c || c->cmsg_type != SCM_RIGHTS) return fail("no fd received");
  int master;
  std::memcpy(&master, CMSG_DATA(c), sizeof master);
  std::printf("tty %s\n", name);
  char buf[4096];
  for (ssize_t n; (n = read(master, buf, sizeof buf)) > 0;) fwrite(buf, 1, static_cast<size_t>(n), stdout);
  return 0;
}

struct Command {
  size_t nargs;
  std::function<int(const Args&)> run;
};

const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> kCommands = {
      {"ns", {0, cmd_ns}},
      {"caps", {0, cmd_caps}},
      {"ids", {0, cmd_ids}},
      {"rlimit", {1, cmd_rlimit}},
      {"cwd", {0, cmd_cwd}},
      {"hostname", {0, cmd_hostname}},
      {"fds", {0, cmd_fds}},
      {"sysv-shm-create", {2, cmd_shm_create}},
      {"sysv-shm-visible", {1, cmd_shm_visible}},
      {"sysv-sem-create", {1, cmd_sem_create}},
      {"sysv-sem-visible", {1, cmd_sem_visible}},
      {"sysv-msg-create", {1, cmd_msg_create}},
      {"sysv-msg-visible", {1, cmd_msg_visible}},
      {"mq-create", {1, cmd_mq_create}},
      {"mq-visible", {1, cmd_mq_visible}},
      {"shm-file-create", {1, cmd_shm_file_create}},
      {"write-file", {1, cmd_write_file}},
      {"read-file", {1, cmd_read_file}},
      {"mkdir", {1, cmd_mkdir}},
      {"alloc-mb", {1, cmd_alloc_mb}},
      {"fork-n", {1, cmd_fork_n}},
      {"syscall-denied", {1, cmd_syscall_denied}},
      {"syscall", {1, cmd_syscall}},
      {"thread", {0, cmd_thread}},
      {"sleep", {1, cmd_sleep}},
      {"exit", {1, cmd_exit}},
      {"mounts", {0, cmd_mounts}},
      {"stat", {1, cmd_stat}},
      {"console-receive", {1, cmd_console_receive}},
  };
  return kCommands;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  if (argc < 2) {
    std::fprintf(stderr, "usage: probe COMMAND [ARGS]\n");
    return 2;
  }
  auto it = commands().find(argv[1]);
  Args args(argv + 2, argv + argc);
  if (it == commands().end() || args.size() < it->second.nargs) {
    std::fprintf(stderr, "probe: unknown command or missing arguments: %s\n", argv[1]);
    return 2;
  }
  return it->second.run(args);
}

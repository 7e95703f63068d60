// Reading a container's IPC namespace from a short-lived child.
#include "engine/ipc_objects.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/unique_fd.hpp"
#include "engine/ipc_setup.hpp"

namespace berth::engine {
namespace {

using json = nlohmann::json;

std::string owner_name(unsigned uid) {
  // The host's name for the uid; inside the container it may differ, so show both forms.
  if (passwd* pw = ::getpwuid(uid)) return pw->pw_name;
  return std::to_string(uid);
}

// The rows of a /proc/sysvipc file as column name -> value.
std::vector<std::map<std::string, std::string>> read_sysvipc(const char* path) {
  std::ifstream in(path);
  std::string header;
  std::getline(in, header);
  std::vector<std::string> names;
  std::istringstream hs(header);
  for (std::string n; hs >> n;) names.push_back(n);
  std::vector<std::map<std::string, std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::istringstream ls(line);
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < names.size(); ++i) ls >> row[names[i]];
    rows.push_back(row);
  }
  return rows;
}

json sysv_objects() {
  json out = {{"shm", json::array()}, {"sem", json::array()}, {"msg", json::array()}};
  auto key = [](const std::string& k) { return fmt::format("0x{:08x}", static_cast<unsigned>(std::stol(k))); };
  auto perms = [](const std::string& p) { return fmt::format("{:o}", std::stoul(p, nullptr, 8) & 0777); };
  for (auto& r : read_sysvipc("/proc/sysvipc/shm")) {
    out["shm"].push_back({{"key", key(r["key"])}, {"id", std::stol(r["shmid"])},
                          {"owner", owner_name(std::stoul(r["uid"]))}, {"perms", perms(r["perms"])},
                          {"bytes", std::stoull(r["size"])}, {"attached", std::stol(r["nattch"])}});
  }
  for (auto& r : read_sysvipc("/proc/sysvipc/sem")) {
    out["sem"].push_back({{"key", key(r["key"])}, {"id", std::stol(r["semid"])},
                          {"owner", owner_name(std::stoul(r["uid"]))}, {"perms", perms(r["perms"])},
                          {"nsems", std::stol(r["nsems"])}});
  }
  for (auto& r : read_sysvipc("/proc/sysvipc/msg")) {
    out["msg"].push_back({{"key", key(r["key"])}, {"id", std::stol(r["msqid"])},
                          {"owner", owner_name(std::stoul(r["uid"]))}, {"perms", perms(r["perms"])},
                          {"bytes", std::stoull(r["cbytes"])}, {"messages", std::stol(r["qnum"])}});
  }
  return out;
}

// POSIX queues of the current IPC namespace: an mqueue mount shows the namespace of its mounter.
json posix_queues() {
  json out = json::array();
  if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return out;
  char dir[] = "/tmp/berth-ipcs.XXXXXX";
  if (!::mkdtemp(dir)) return out;
  if (::mount("mqueue", dir, "mqueue", 0, nullptr) == 0) {
    if (DIR* d = ::opendir(dir)) {
      while (dirent* e = ::readdir(d)) {
        if (e->d_name[0] == '.') continue;
        std::string path = std::string(dir) + "/" + e->d_name;
        struct stat st{};
        ::stat(path.c_str(), &st);
        std::ifstream info(path);
        std::string line;
        std::getline(info, line);  // "QSIZE:5 NOTIFY:0 SIGNO:0 NOTIFY_PID:0"
        unsigned long long qsize = 0;
        std::sscanf(line.c_str(), "QSIZE:%llu", &qsize);
        out.push_back({{"name", std::string("/") + e->d_name}, {"owner", owner_name(st.st_uid)},
                       {"perms", fmt::format("{:o}", st.st_mode & 0777)}, {"bytes", qsize}});
      }
      ::closedir(d);
    }
    ::umount2(dir, MNT_DETACH);
  }
  ::rmdir(dir);
  return out;
}

json shm_files(pid_t pid) {
  json out = json::array();
  std::string dir = fmt::format("/proc/{}/root/dev/shm", pid);
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d)) {
      if (e->d_name[0] == '.' && (e->d_name[1] == 0 || (e->d_name[1] == '.' && e->d_name[2] == 0))) continue;
      struct stat st{};
      ::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW);
      out.push_back({{"name", e->d_name}, {"owner", owner_name(st.st_uid)},
                     {"perms", fmt::format("{:o}", st.st_mode & 0777)}, {"bytes", st.st_size}});
    }
    ::closedir(d);
  }
  return out;
}

}  // namespace

json list_ipc_objects(pid_t pid) {
  std::string ns_path = fmt::format("/proc/{}/ns/ipc", pid);
  UniqueFd ns(::open(ns_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!ns) throw Error::last_errno("open", ns_path);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Error::last_errno("pipe");
  UniqueFd read_end(fds[0]), write_end(fds[1]);
  pid_t child = ::fork();
  if (child < 0) throw Error::last_errno("fork");
  if (child == 0) {
    read_end.reset();
    std::string text;
    if (::setns(ns.get(), CLONE_NEWIPC) != 0) {
      text = json{{"error", fmt::format("setns {}: {}", ns_path, errno_name(errno))}}.dump();
    } else {
      json out = sysv_objects();
      out["mqueue"] = posix_queues();
      text = out.dump();
    }
    (void)!::write(write_end.get(), text.data(), text.size());
    ::_exit(0);
  }
  write_end.reset();
  std::string text = read_fd(read_end.get());
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  json out = json::parse(text, nullptr, false);
  if (out.is_discarded()) throw Error("ipcs: reading the container's IPC namespace failed");
  if (out.contains("error")) throw Error(out["error"].get<std::string>());
  out["shm_files"] = shm_files(pid);
  out["namespace"] = fmt::format("ipc:[{}]", ipc_namespace_inode(pid));
  return out;
}

}  // namespace berth::engine

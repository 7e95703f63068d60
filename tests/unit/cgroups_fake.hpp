// A fake cgroupfs for the cgroup unit tests: a temp directory of plain knob files.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <string>

#include "base/error.hpp"

namespace berth::cgroups::testing {

class FakeCgroupfs {
 public:
  FakeCgroupfs() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "berth-cgfake-XXXXXX").string();
    root_ = ::mkdtemp(tmpl.data());
  }
  ~FakeCgroupfs() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  FakeCgroupfs(const FakeCgroupfs&) = delete;
  FakeCgroupfs& operator=(const FakeCgroupfs&) = delete;

  const std::string& root() const { return root_; }
  std::string path(const std::string& rel) const { return root_ + "/" + rel; }

  // Creates the knob file `rel` with `content`, and its directories: the kernel would have.
  void put(const std::string& rel, const std::string& content = "") const {
    std::filesystem::create_directories(std::filesystem::path(path(rel)).parent_path());
    std::ofstream(path(rel), std::ios::trunc) << content;
  }
  void mkdir(const std::string& rel) const { std::filesystem::create_directories(path(rel)); }
  std::string get(const std::string& rel) const {
    std::ifstream in(path(rel));
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  bool exists(const std::string& rel) const { return std::filesystem::exists(path(rel)); }

 private:
  std::string root_;
};

// The message of the berth::Error that `f` throws, or "no error".
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace berth::cgroups::testing

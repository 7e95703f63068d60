#include "engine/container_top.hpp"

#include <algorithm>
#include <regex>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/ps_command.hpp"
#include "base/strings.hpp"

namespace berth::engine {
namespace {

// dockerd refuses renaming any column to PID ("user=PID"): the PID column is how it finds the
// container's lines.
void check_ps_args(const std::string& joined) {
  static const std::regex renamed_to_pid(R"(\s+([^\s]*)=\s*(PID[^\s]*))");
  for (std::sregex_iterator it(joined.begin(), joined.end(), renamed_to_pid), end; it != end; ++it) {
    if ((*it)[1].str() != "pid")
      throw Error(fmt::format("specifying \"{}={}\" is not allowed", (*it)[1].str(), (*it)[2].str()));
  }
}

std::string first_line(const std::string& text) {
  auto newline = text.find('\n');
  return newline == std::string::npos ? text : text.substr(0, newline);
}

}  // namespace

TopTable parse_top_output(const std::string& output, const std::vector<pid_t>& pids) {
  TopTable table;
  auto lines = split(output, '\n');
  if (lines.empty()) return table;
  table.titles = split_fields(lines[0]);
  size_t columns = table.titles.size();
  for (const auto& line : ps_lines_of(output, pids)) {
    auto fields = split_fields(line);
    std::vector<std::string> row(fields.begin(), fields.begin() + static_cast<long>(std::min(fields.size(), columns - 1)));
    std::string rest;
    for (size_t i = columns - 1; i < fields.size(); ++i) rest += (rest.empty() ? "" : " ") + fields[i];
    row.push_back(rest);
    table.processes.push_back(std::move(row));
  }
  return table;
}

TopTable container_top(const std::vector<pid_t>& pids, const std::vector<std::string>& ps_args) {
  std::string joined;
  for (const auto& a : ps_args) joined += (joined.empty() ? "" : " ") + a;
  if (joined.empty()) joined = "-ef";
  check_ps_args(joined);
  std::vector<std::string> args = split(joined, ' ');
  // Asking ps for the container's pids alone is cheaper; some options (f) refuse -q, and then
  // the whole table is read and cut down, as dockerd does.
  std::string pid_list;
  for (pid_t p : pids) pid_list += (pid_list.empty() ? "" : ",") + std::to_string(p);
  std::vector<std::string> with_pids = args;
  with_pids.insert(with_pids.end(), {"-q", pid_list});
  PsResult ps = run_ps(with_pids);
  if (ps.status != 0) ps = run_ps(args);
  if (ps.status != 0) {
    std::string why = first_line(ps.err);
    throw Error("ps: " + (why.empty() ? fmt::format("exit status {}", ps.status) : why));
  }
  return parse_top_output(ps.out, pids);
}

}  // namespace berth::engine

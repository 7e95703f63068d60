// Scanning argv for the command word: see argv_scan.hpp.
#include "base/argv_scan.hpp"

#include <algorithm>

namespace berth {

std::string_view command_word(int argc, char** argv, std::initializer_list<std::string_view> with_value,
                              std::initializer_list<std::string_view> bare) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.empty() || arg[0] != '-') return arg;
    std::string_view flag = arg.substr(0, arg.find('='));
    bool takes_value = std::ranges::find(with_value, flag) != with_value.end();
    if (takes_value && flag.size() == arg.size()) {
      ++i;  // its value is the next word
    } else if (!takes_value && (flag.size() != arg.size() || std::ranges::find(bare, flag) == bare.end())) {
      return {};
    }
  }
  return {};
}

}  // namespace berth

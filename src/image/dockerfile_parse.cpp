// Dockerfile parsing after docker's parser (moby/buildkit frontend/dockerfile/parser): the same
// continuation, comment and directive rules and the same argument shapes per instruction.
#include "image/dockerfile_parse.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/strings.hpp"

namespace berth::image {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  return s;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

[[noreturn]] void parse_error(int line, const std::string& what) {
  throw Error(fmt::format("Dockerfile parse error line {}: {}", line, what), ExitCode::kEngine);
}

// Splits text into lines without their "\n" (and a "\r" before it).
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

bool is_comment(std::string_view line) {
  line = trim_left(line);
  return !line.empty() && line.front() == '#';
}

// "# name=value" before the first instruction: the parser directives (escape, syntax, check).
struct Directives {
  char escape = '\\';
  bool escape_seen = false;
  bool done = false;
};

// Handles one line that may be a directive; returns true when it was one.
bool parse_directive(Directives& d, std::string_view line, int lineno) {
  if (d.done) return false;
  std::string_view s = trim(line);
  if (s.empty() || s.front() != '#') {
    d.done = true;
    return false;
  }
  s = trim(s.substr(1));
  size_t eq = s.find('=');
  std::string_view name = trim(s.substr(0, std::min(eq, s.size())));
  bool word = !name.empty() && std::isalpha(static_cast<unsigned char>(name[0])) &&
              std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
  if (eq == std::string_view::npos || !word) {
    d.done = true;  // an ordinary comment ends the directives
    return false;
  }
  std::string_view value = trim(s.substr(eq + 1));
  if (upper(name) == "ESCAPE") {
    if (d.escape_seen) parse_error(lineno, "only one escape parser directive can be used");
    if (value != "\\" && value != "`")
      parse_error(lineno, fmt::format("invalid escape token '{}' does not match ` or \\", value));
    d.escape = value[0];
    d.escape_seen = true;
  }
  return true;  // syntax=, check= and unknown directives are accepted and ignored
}

// Removes a trailing escape character (and the blanks after it): the line continues.
bool trim_continuation(std::string& line, char escape) {
  size_t end = line.find_last_not_of(" \t");
  if (end == std::string::npos || line[end] != escape) return false;
  line.erase(end);
  return true;
}

std::optional<std::vector<std::string>> parse_json_array(std::string_view args) {
  if (!args.starts_with('[')) return std::nullopt;
  auto j = nlohmann::json::parse(args, nullptr, false);
  if (!j.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& e : j) {
    if (!e.is_string()) return std::nullopt;
    out.push_back(e.get<std::string>());
  }
  return out;
}


// Leading "--name[=value]" words, quote-aware; returns the rest.
std::string_view extract_flags(std::string_view rest, std::vector<std::string>& flags) {
  for (;;) {
    rest = trim_left(rest);
    if (!rest.starts_with("--")) return rest;
    size_t i = 0;
    char quote = 0;
    for (; i < rest.size(); ++i) {
      char c = rest[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (is_space(c)) {
        break;
      }
    }
    std::string flag(rest.substr(0, i));
    if (flag == "--") return rest.substr(i);  // "--" alone ends the flags
    flags.push_back(std::move(flag));
    rest.remove_prefix(i);
  }
}

// ENV and LABEL: "name value" (the old form) or "name=value ...".
std::vector<KeyValue> parse_name_value(const Instruction& ins, char escape) {
  auto words = split_words(ins.args, escape);
  if (words.empty()) parse_error(ins.line, fmt::format("{} must have two arguments", ins.keyword));
  if (words[0].find('=') == std::string::npos) {
    std::string_view rest = ins.args;
    size_t sp = rest.find_first_of(" \t");
    if (sp == std::string_view::npos) parse_error(ins.line, fmt::format("{} must have two arguments", ins.keyword));
    return {{std::string(rest.substr(0, sp)), std::string(trim_left(rest.substr(sp)))}};
  }
  std::vector<KeyValue> pairs;
  for (const auto& w : words) {
    size_t eq = w.find('=');
    if (eq == std::string::npos)
      parse_error(ins.line,
                  fmt::format("Syntax error - can't find = in \"{}\". Must be of the form: name=value", w));
    pairs.push_back({w.substr(0, eq), w.substr(eq + 1)});
  }
  return pairs;
}

std::vector<KeyValue> parse_arg_pairs(const Instruction& ins, char escape) {
  std::vector<KeyValue> pairs;
  for (const auto& w : split_words(ins.args, escape)) {
    size_t eq = w.find('=');
    if (eq == std::string::npos) pairs.push_back({w, std::nullopt});
    else pairs.push_back({w.substr(0, eq), w.substr(eq + 1)});
  }
  if (pairs.empty()) parse_error(ins.line, "ARG requires at least one argument");
  for (const auto& p : pairs)
    if (p.key.empty()) parse_error(ins.line, "ARG names can not be blank");
  return pairs;
}

void require_words(const Instruction& ins, size_t min, size_t max, std::string_view what) {
  if (ins.words.size() < min || ins.words.size() > max)
    parse_error(ins.line, fmt::format("{} requires {}", ins.keyword, what));
}

// Fills in the argument shape of one instruction, checking its arity like docker.
void shape_arguments(Instruction& ins, char escape) {
  const std::string& k = ins.keyword;
  if (k == "RUN" || k == "CMD" || k == "ENTRYPOINT" || k == "SHELL") {
    if (auto json = parse_json_array(ins.args)) {
      ins.json_form = true;
      ins.words = std::move(*json);
    }
    if (k == "SHELL" && (!ins.json_form || ins.words.empty()))
      parse_error(ins.line, "SHELL requires the arguments to be in JSON form");
    if (k == "RUN" && ins.args.empty()) parse_error(ins.line, "RUN requires at least one argument");
  } else if (k == "COPY" || k == "ADD" || k == "VOLUME") {
    if (auto json = parse_json_array(ins.args)) {
      ins.json_form = true;
      ins.words = std::move(*json);
    } else {
      ins.words = split_fields(ins.args);
    }
    if (k == "VOLUME") require_words(ins, 1, SIZE_MAX, "at least one argument");
    else require_words(ins, 2, SIZE_MAX, "at least two arguments");
  } else if (k == "FROM") {
    ins.words = split_fields(ins.args);
    if (!(ins.words.size() == 1 || (ins.words.size() == 3 && upper(ins.words[1]) == "AS")))
      parse_error(ins.line, "FROM requires either one or three arguments");
  } else if (k == "EXPOSE") {
    ins.words = split_fields(ins.args);
    require_words(ins, 1, SIZE_MAX, "at least one argument");
  } else if (k == "USER" || k == "WORKDIR" || k == "STOPSIGNAL" || k == "MAINTAINER") {
    if (!ins.args.empty()) ins.words = {ins.args};
    require_words(ins, 1, 1, "exactly one argument");
  } else if (k == "ENV" || k == "LABEL") {
    ins.pairs = parse_name_value(ins, escape);
  } else if (k == "ARG") {
    ins.pairs = parse_arg_pairs(ins, escape);
  } else if (k == "HEALTHCHECK" || k == "ONBUILD") {
    if (ins.args.empty()) parse_error(ins.line, fmt::format("{} requires at least one argument", k));
    ins.words = split_fields(ins.args);
  } else {
    parse_error(ins.line, fmt::format("unknown instruction: {}", k));
  }
}

Instruction make_instruction(const std::string& line, int lineno, char escape) {
  Instruction ins;
  ins.line = lineno;
  ins.original = std::string(trim(line));
  std::string_view rest = ins.original;
  size_t sp = rest.find_first_of(" \t");
  ins.keyword = upper(rest.substr(0, sp));
  rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp);
  ins.args = std::string(trim(extract_flags(rest, ins.flags)));
  shape_arguments(ins, escape);
  return ins;
}

}  // namespace

std::vector<std::string> split_words(std::string_view rest, char escape) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false, blank_ok = false;
  char quote = 0;
  auto finish = [&] {
    if (blank_ok || !word.empty()) words.push_back(word);
    word.clear();
    blank_ok = false;
    in_word = false;
  };
  for (size_t i = 0; i < rest.size(); ++i) {
    char c = rest[i];
    if (!in_word && !quote) {
      if (is_space(c)) continue;
      in_word = true;
    }
    if (quote) {
      if (c == quote) quote = 0;
      if (c == escape && quote != '\'' && c != quote) {  // escapes work except in '...'
        if (i + 1 == rest.size()) continue;
        word += c;
        c = rest[++i];
      }
      word += c;
      continue;
    }
    if (is_space(c)) {
      finish();
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      blank_ok = true;
    } else if (c == escape) {
      if (i + 1 == rest.size()) continue;  // a trailing escape is dropped
      word += c;
      c = rest[++i];
    }
    word += c;
  }
  if (in_word || quote) finish();
  return words;
}

std::optional<std::string> flag_value(const Instruction& ins, std::string_view name) {
  std::string prefix = fmt::format("--{}", name);
  for (const auto& f : ins.flags) {
    if (f == prefix) return std::string();
    if (f.starts_with(prefix + "=")) return f.substr(prefix.size() + 1);
  }
  return std::nullopt;
}

void check_flags(const Instruction& ins, const std::vector<std::string_view>& known) {
  for (const auto& f : ins.flags) {
    std::string_view name = std::string_view(f).substr(2);
    name = name.substr(0, name.find('='));
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw Error(fmt::format("Dockerfile line {}: {}: Unknown flag: {}", ins.line, ins.keyword, name),
                  ExitCode::kEngine);
  }
}

Dockerfile parse_dockerfile(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  auto lines = split_lines(text);
  Dockerfile df;
  Directives d;
  for (size_t i = 0; i < lines.size(); ++i) {
    int lineno = static_cast<int>(i) + 1;
    if (parse_directive(d, lines[i], lineno)) continue;
    if (is_comment(lines[i])) continue;
    std::string line(trim_left(lines[i]));
    bool more = trim_continuation(line, d.escape);
    if (!more && trim(line).empty()) continue;
    // Continuation lines keep their leading blanks; comment and blank lines inside are skipped.
    while (more && i + 1 < lines.size()) {
      std::string_view next = lines[++i];
      if (is_comment(next) || trim(next).empty()) continue;
      std::string part(next);
      more = trim_continuation(part, d.escape);
      line += part;
    }
    if (trim(line).empty()) continue;
    df.instructions.push_back(make_instruction(line, lineno, d.escape));
  }
  df.escape = d.escape;
  return df;
}

}  // namespace berth::image

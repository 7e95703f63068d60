// A Go text/template subset for --format: parse "{{ }}" actions into commands, evaluate against
// JSON, print values as Go's %v would.
#include "cli/berth/go_template.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <optional>
#include <set>

#include "base/error.hpp"
#include "base/strings.hpp"

namespace berth::cli {
namespace {

using nlohmann::json;
using Value = std::optional<json>;  // nullopt: Go's "<no value>" (a missing map key)

struct Token {
  enum Kind { kField, kIdent, kString, kPipe } kind;
  std::string text;  // field path (".A.B"), function name, or the string's value
};

[[noreturn]] void template_error(std::string_view why) {
  throw Error(fmt::format("template: {}", why));
}

std::string docker_preformat(std::string_view tmpl) {
  // Newer docker CLIs (and Debian's 20.10) take "json" for a whole row as JSON, one a line.
  if (trim(tmpl) == "json") return "{{json .}}";
  std::string_view t = tmpl;
  if (t.starts_with("table")) {
    t.remove_prefix(5);
    t = trim(t);
  }
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\\' && i + 1 < t.size() && (t[i + 1] == 't' || t[i + 1] == 'n')) {
      out += t[i + 1] == 't' ? '\t' : '\n';
      ++i;
    } else {
      out += t[i];
    }
  }
  return out;
}

std::vector<Token> tokenize(std::string_view action) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < action.size()) {
    char c = action[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      ++i;
    } else if (c == '|') {
      tokens.push_back({Token::kPipe, "|"});
      ++i;
    } else if (c == '"' || c == '`') {
      std::string s;
      size_t j = i + 1;
      for (; j < action.size() && action[j] != c; ++j) {
        if (c == '"' && action[j] == '\\' && j + 1 < action.size()) {
          char e = action[++j];
          s += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        } else {
          s += action[j];
        }
      }
      if (j >= action.size()) template_error("unterminated quoted string");
      tokens.push_back({Token::kString, std::move(s)});
      i = j + 1;
    } else {
      size_t j = i;
      while (j < action.size() && action[j] != ' ' && action[j] != '\t' && action[j] != '|') ++j;
      std::string word(action.substr(i, j - i));
      tokens.push_back({word.starts_with('.') ? Token::kField : Token::kIdent, word});
      i = j;
    }
  }
  return tokens;
}

// Docker's row contexts are Go structs: a field they lack is an error. Within them, these fields
// are maps, where a missing key prints "<no value>" as Go's templates print it.
bool is_map_field(const std::string& name) {
  static const std::set<std::string> maps = {"Labels",  "Annotations", "Options", "DriverOpts", "Sysctls",
                                             "Volumes", "Tmpfs",       "Data",    "Ports",      "Networks",
                                             "Status",  "ExposedPorts", "StorageOpt"};
  return maps.contains(name);
}

std::string go_type_name(const json& j) {
  if (j.is_string()) return "string";
  if (j.is_boolean()) return "bool";
  if (j.is_number_float()) return "float64";
  if (j.is_number()) return "int";
  if (j.is_array()) return "[]interface {}";
  return "interface {}";
}

Value field(const json& dot, const std::string& path, FieldLookup lookup) {
  Value v = dot;
  std::string parent;
  for (const auto& name : split(path.substr(1), '.')) {
    if (name.empty()) continue;  // "." itself
    if (!v) return std::nullopt;
    if (!v->is_object()) {
      if (lookup == FieldLookup::kLenient) return std::nullopt;
      template_error(fmt::format(":1: executing \"\" at <{}>: can't evaluate field {} in type {}", path, name,
                                 go_type_name(*v)));
    }
    auto it = v->find(name);
    if (it == v->end()) {
      if (lookup == FieldLookup::kLenient || is_map_field(parent)) return std::nullopt;
      template_error(fmt::format(":1: executing \"\" at <{}>: can't evaluate field {}", path, name));
    }
    v = *it;
    parent = name;
  }
  return v;
}

std::string print(const Value& v);

std::string print_json(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "<nil>";
  if (j.is_array()) {
    std::vector<std::string> parts;
    for (const auto& e : j) parts.push_back(print_json(e));
    return "[" + join(parts, " ") + "]";
  }
  if (j.is_object()) {
    std::vector<std::string> parts;
    for (const auto& [k, e] : j.items()) parts.push_back(k + ":" + print_json(e));
    return "map[" + join(parts, " ") + "]";
  }
  return j.dump();
}

std::string print(const Value& v) { return v ? print_json(*v) : "<no value>"; }

// JSON as Go's json.Marshal writes it: <, > and & escaped (\u003c, \u003e, \u0026), and U+2028,
// U+2029 too. They can only occur inside strings, so the text is rewritten as a whole.
std::string go_json(const json& j) {
  std::string in = j.dump(), out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else if (c == '\xE2' && i + 2 < in.size() && in[i + 1] == '\x80' && (in[i + 2] == '\xA8' || in[i + 2] == '\xA9')) {
      out += in[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string change_case(std::string s, bool upper) {
  for (char& c : s)
    c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c))
                                : std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Value call(const std::string& name, const std::vector<Value>& args) {
  auto need = [&](size_t n) {
    if (args.size() != n)
      template_error(
          fmt::format("wrong number of args for {}: want {} got {}", name, n, args.size()));
  };
  if (name == "json") {
    need(1);
    return json(args[0] ? args[0]->dump() : "null");
  }
  if (name == "upper" || name == "lower") {
    need(1);
    return json(change_case(print(args[0]), name == "upper"));
  }
  if (name == "title") {
    need(1);
    std::string s = print(args[0]);
    for (size_t i = 0; i < s.size(); ++i) {
      if (i == 0 || s[i - 1] == ' ')
        s[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
    }
    return json(s);
  }
  if (name == "join") {
    need(2);
    std::vector<std::string> parts;
    if (args[0] && args[0]->is_array()) {
      for (const auto& e : *args[0]) parts.push_back(print_json(e));
    }
    return json(join(parts, print(args[1])));
  }
  if (name == "split") {
    need(2);
    return json(split(print(args[0]), print(args[1]).empty() ? ' ' : print(args[1])[0]));
  }
  if (name == "len") {
    need(1);
    if (!args[0] || !(args[0]->is_array() || args[0]->is_object() || args[0]->is_string()))
      template_error("len of a value without a length");
    return json(args[0]->is_string() ? args[0]->get<std::string>().size() : args[0]->size());
  }
  if (name == "index") {
    if (args.size() < 2) template_error("wrong number of args for index");
    Value v = args[0];
    for (size_t i = 1; i < args.size() && v; ++i) {
      if (v->is_object() && args[i] && args[i]->is_string()) {
        auto it = v->find(args[i]->get<std::string>());
        v = it == v->end() ? Value{} : Value{*it};
      } else if (v->is_array() && args[i] && args[i]->is_number_integer()) {
        size_t at = args[i]->get<size_t>();
        if (at >= v->size()) template_error("index out of range");
        v = (*v)[at];
      } else {
        template_error("can't index item");
      }
    }
    return v;
  }
  if (name == "print" || name == "println") {
    std::vector<std::string> parts;
    for (const auto& a : args) parts.push_back(print(a));
    return json(join(parts, name == "println" ? " " : "") + (name == "println" ? "\n" : ""));
  }
  template_error(fmt::format("function \"{}\" not defined", name));
}

Value operand(const Token& t, const json& dot, FieldLookup lookup) {
  if (t.kind == Token::kField) return field(dot, t.text, lookup);
  if (t.kind == Token::kString) return json(t.text);
  if (auto n = parse_int(t.text)) return json(*n);
  template_error(fmt::format("unexpected \"{}\"", t.text));
}

// One command of a pipeline; `piped` is the previous command's value, passed as the last arg.
Value run_command(const std::vector<Token>& cmd, const json& dot, const Value* piped, FieldLookup lookup) {
  if (cmd.empty()) template_error("missing command");
  if (cmd[0].kind != Token::kIdent) {
    if (cmd.size() > 1 || piped)
      template_error(fmt::format("can't give argument to non-function {}", cmd[0].text));
    return operand(cmd[0], dot, lookup);
  }
  // `json .`: docker's json function does not escape HTML, but a whole row of ps or images is
  // its formatter context, which marshals itself with json.Marshal, which does ("<none>" comes
  // out as "\u003cnone\u003e", as docker 20.10 prints it).
  if (cmd[0].text == "json" && cmd.size() == 2 && !piped && cmd[1].kind == Token::kField && cmd[1].text == ".")
    return json(go_json(dot));
  std::vector<Value> args;
  for (size_t i = 1; i < cmd.size(); ++i) args.push_back(operand(cmd[i], dot, lookup));
  if (piped) args.push_back(*piped);
  return call(cmd[0].text, args);
}

std::string evaluate(std::string_view action, const json& dot, FieldLookup lookup) {
  auto tokens = tokenize(action);
  if (tokens.empty()) template_error("missing value for command");
  if (tokens[0].kind == Token::kIdent) {
    for (std::string_view kw :
         {"range", "if", "with", "else", "end", "define", "template", "block"}) {
      if (tokens[0].text == kw)
        template_error(fmt::format("\"{}\" is not supported by berth's --format", kw));
    }
  }
  Value value;
  bool have = false;
  std::vector<Token> cmd;
  for (size_t i = 0; i <= tokens.size(); ++i) {
    if (i == tokens.size() || tokens[i].kind == Token::kPipe) {
      value = run_command(cmd, dot, have ? &value : nullptr, lookup);
      have = true;
      cmd.clear();
    } else {
      cmd.push_back(tokens[i]);
    }
  }
  return print(value);
}

size_t display_width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // count UTF-8 code points
  return n;
}

}  // namespace

std::string render_template(std::string_view tmpl, const json& fields, FieldLookup lookup) {
  std::string t = docker_preformat(tmpl);
  std::string out;
  size_t pos = 0;
  while (pos < t.size()) {
    size_t open = t.find("{{", pos);
    if (open == std::string::npos) {
      out += t.substr(pos);
      break;
    }
    size_t close = t.find("}}", open + 2);
    if (close == std::string::npos) template_error("unclosed action");
    std::string_view text(t.data() + pos, open - pos);
    std::string_view action(t.data() + open + 2, close - open - 2);
    if (action.starts_with("- ")) {  // "{{- " trims the whitespace before it
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
      action.remove_prefix(2);
    }
    bool trim_after = action.ends_with(" -");
    if (trim_after) action.remove_suffix(2);
    out += text;
    if (!trim(action).starts_with("/*")) out += evaluate(action, fields, lookup);
    pos = close + 2;
    if (trim_after) {
      while (pos < t.size() && std::isspace(static_cast<unsigned char>(t[pos]))) ++pos;
    }
  }
  return out;
}

bool is_table_format(std::string_view format) {
  return format == "table" || format.starts_with("table ") || format.starts_with("table\t");
}

std::string render_table(std::string_view tmpl, const std::vector<json>& rows,
                         const std::map<std::string, std::string>& headers, FieldLookup lookup) {
  json names = json::object();
  for (const auto& row : rows) {
    if (!row.is_object()) continue;
    for (const auto& [k, v] : row.items()) names[k] = change_case(k, true);
  }
  for (const auto& [k, h] : headers) names[k] = h;
  std::string text = render_template(tmpl, names, FieldLookup::kLenient) + "\n";  // the titles
  for (const auto& row : rows) text += render_template(tmpl, row, lookup) + "\n";
  return align_columns(text);
}

std::string align_columns(std::string_view text, size_t min_width) {
  constexpr size_t kPadding = 3;
  std::vector<std::vector<std::string>> lines;
  for (const auto& line : split(text, '\n')) lines.push_back(split(line, '\t'));
  if (!text.empty() && text.back() == '\n') lines.pop_back();
  std::vector<size_t> widths;
  for (const auto& cells : lines) {
    for (size_t i = 0; i + 1 < cells.size(); ++i) {  // the last cell is not a column
      if (widths.size() <= i) widths.push_back(min_width);
      widths[i] = std::max(widths[i], display_width(cells[i]) + kPadding);
    }
  }
  std::string out;
  for (const auto& cells : lines) {
    for (size_t i = 0; i < cells.size(); ++i) {
      out += cells[i];
      if (i + 1 < cells.size()) out.append(widths[i] - display_width(cells[i]), ' ');
    }
    out += '\n';
  }
  return out;
}

}  // namespace berth::cli

// Go's fmt for JSON values: what %v prints, Sprintf's verbs, strconv.Quote.
#include "cli/berth/go_format.hpp"

#include <fmt/core.h>

#include <cmath>
#include <optional>

#include "base/strings.hpp"

namespace berth::cli {

using nlohmann::json;

std::string go_type_name(const json& j) {
  if (j.is_string()) return "string";
  if (j.is_boolean()) return "bool";
  if (j.is_number_float()) return "float64";
  if (j.is_number()) return "int";
  if (j.is_array()) return "[]interface {}";
  if (j.is_object()) return "map[string]interface {}";
  return "interface {}";
}

std::string go_print_value(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "<nil>";
  if (j.is_array()) {
    std::vector<std::string> parts;
    for (const auto& e : j) parts.push_back(go_print_value(e));
    return "[" + join(parts, " ") + "]";
  }
  if (j.is_object()) {
    std::vector<std::string> parts;
    for (const auto& [k, e] : j.items()) parts.push_back(k + ":" + go_print_value(e));
    return "map[" + join(parts, " ") + "]";
  }
  return j.dump();
}

namespace {

// ---- printf: Go's fmt verbs %v %s %q %d %x %X %t %f, flags "-+ 0#", width and precision.

// One UTF-8 character at the start of `s`: its length (0 if malformed) and code point.
size_t decode_utf8(std::string_view s, char32_t& cp) {
  auto lead = static_cast<unsigned char>(s[0]);
  if (lead < 0x80) {
    cp = lead;
    return 1;
  }
  size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (len == 0 || lead > 0xF4 || s.size() < len) return 0;
  cp = lead & (0x7F >> len);
  for (size_t i = 1; i < len; ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};  // shorter is overlong
  if (cp < kSmallest[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Go's strconv.IsPrint without its Unicode tables: controls, spaces other than ASCII's, the
// common format characters, surrogates and private use characters are not printable.
bool is_printable(char32_t cp) {
  static constexpr std::pair<char32_t, char32_t> kUnprintable[] = {
      {0x80, 0xA0},     {0xAD, 0xAD},     {0x600, 0x605},     {0x1680, 0x1680}, {0x2000, 0x200F},
      {0x2028, 0x202F}, {0x205F, 0x206F}, {0x3000, 0x3000},   {0xD800, 0xF8FF}, {0xFEFF, 0xFEFF},
      {0xFFF9, 0xFFFB}, {0xFFFE, 0xFFFF}, {0xF0000, 0x10FFFF}};
  for (auto [first, last] : kUnprintable)
    if (cp >= first && cp <= last) return false;
  return cp >= 0x20 && cp != 0x7F;
}

std::string quote_character(char32_t cp, std::string_view raw) {
  static const std::map<char32_t, std::string_view> escapes = {
      {'"', "\\\""}, {'\\', "\\\\"}, {'\a', "\\a"}, {'\b', "\\b"}, {'\f', "\\f"},
      {'\n', "\\n"}, {'\r', "\\r"},  {'\t', "\\t"}, {'\v', "\\v"}};
  if (auto it = escapes.find(cp); it != escapes.end()) return std::string(it->second);
  auto code = static_cast<uint32_t>(cp);
  if (is_printable(cp)) return std::string(raw);
  if (cp < 0x80) return fmt::format("\\x{:02x}", code);
  if (cp < 0x10000) return fmt::format("\\u{:04x}", code);
  return fmt::format("\\U{:08x}", code);
}

}  // namespace

// As Go's strconv.Quote: double quotes, backslash escapes, bytes of malformed UTF-8 as \xNN.
std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    size_t len = decode_utf8(s.substr(i), cp);
    if (len == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i++]));
      continue;
    }
    out += quote_character(cp, s.substr(i, len));
    i += len;
  }
  return out + "\"";
}

namespace {

// One "%..." directive.
struct Verb {
  bool minus = false, plus = false, zero = false, space = false, sharp = false;
  size_t width = 0;
  std::optional<size_t> precision;
  char letter = 'v';
};

// Parses the flags, width and precision from `i` (just after the "%"); returns the verb's index.
size_t parse_verb(std::string_view f, size_t i, Verb& verb) {
  for (; i < f.size(); ++i) {
    char c = f[i];
    if (c == '-')
      verb.minus = true;
    else if (c == '+')
      verb.plus = true;
    else if (c == '0')
      verb.zero = true;
    else if (c == ' ')
      verb.space = true;
    else if (c == '#')
      verb.sharp = true;
    else
      break;
  }
  auto number = [&] {
    size_t n = 0;
    for (; i < f.size() && f[i] >= '0' && f[i] <= '9'; ++i)
      n = n * 10 + static_cast<size_t>(f[i] - '0');
    return n;
  };
  verb.width = number();
  if (i < f.size() && f[i] == '.') {
    ++i;
    verb.precision = number();
  }
  if (i < f.size()) verb.letter = f[i];
  return i;
}

// Pads to the width in characters; zeros go after a number's sign.
std::string pad(std::string s, const Verb& verb, bool numeric) {
  size_t have = utf8_length(s);
  if (have >= verb.width) return s;
  size_t fill = verb.width - have;
  if (verb.minus) return s + std::string(fill, ' ');
  if (!verb.zero) return std::string(fill, ' ') + s;
  bool signed_number = numeric && !s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ');
  return s.insert(signed_number ? 1 : 0, fill, '0');
}

// What Go prints for a verb that does not suit the value, e.g. %!d(string=abc).
std::string bad_verb(char letter, const json& arg) {
  if (arg.is_null()) return fmt::format("%!{}(<nil>)", letter);
  return fmt::format("%!{}({}={})", letter, go_type_name(arg), go_print_value(arg));
}

std::string sign_of(bool negative, const Verb& verb) {
  return negative ? "-" : verb.plus ? "+" : verb.space ? " " : "";
}

std::string format_integer(const json& n, const Verb& verb) {
  bool negative = !n.is_number_unsigned() && n.get<long long>() < 0;
  unsigned long long magnitude = negative
                                     ? 0ULL - static_cast<unsigned long long>(n.get<long long>())
                                     : n.get<unsigned long long>();
  std::string digits = verb.letter == 'd'   ? fmt::format("{}", magnitude)
                       : verb.letter == 'x' ? fmt::format("{:x}", magnitude)
                                            : fmt::format("{:X}", magnitude);
  if (verb.sharp && verb.letter != 'd') digits = (verb.letter == 'x' ? "0x" : "0X") + digits;
  return pad(sign_of(negative, verb) + digits, verb, true);
}

std::string hex_bytes(std::string_view s, const Verb& verb) {
  std::string out = verb.sharp ? (verb.letter == 'x' ? "0x" : "0X") : "";
  for (unsigned char c : s)
    out += verb.letter == 'x' ? fmt::format("{:02x}", c) : fmt::format("{:02X}", c);
  return pad(out, verb, false);
}

// The first `precision` characters of `s`, as %.3s takes them.
std::string truncated(const std::string& s, const Verb& verb) {
  if (!verb.precision) return s;
  size_t end = 0;
  for (size_t chars = 0; end < s.size() && chars < *verb.precision; ++chars) {
    ++end;
    while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) ++end;
  }
  return s.substr(0, end);
}

// One value for one verb. Go applies the verb to each element of a slice or map.
std::string format_value(const Verb& verb, const json& arg) {
  if (arg.is_array()) {
    std::vector<std::string> parts;
    for (const auto& e : arg) parts.push_back(format_value(verb, e));
    return "[" + join(parts, " ") + "]";
  }
  if (arg.is_object()) {
    std::vector<std::string> parts;
    for (const auto& [k, e] : arg.items())
      parts.push_back(format_value(verb, json(k)) + ":" + format_value(verb, e));
    return "map[" + join(parts, " ") + "]";
  }
  switch (verb.letter) {
    case 'v':
      if (arg.is_number_integer()) {
        Verb decimal = verb;
        decimal.letter = 'd';
        return format_integer(arg, decimal);
      }
      return pad(go_print_value(arg), verb, arg.is_number());
    case 's':
      if (arg.is_string()) return pad(truncated(arg.get<std::string>(), verb), verb, false);
      break;
    case 'q':
      if (arg.is_string())
        return pad(go_quote(truncated(arg.get<std::string>(), verb)), verb, false);
      break;
    case 'd':
      if (arg.is_number_integer()) return format_integer(arg, verb);
      break;
    case 'x':
    case 'X':
      if (arg.is_number_integer()) return format_integer(arg, verb);
      if (arg.is_string()) return hex_bytes(arg.get_ref<const std::string&>(), verb);
      break;
    case 't':
      if (arg.is_boolean()) return pad(arg.get<bool>() ? "true" : "false", verb, false);
      break;
    case 'f':
    case 'F':
      if (arg.is_number_float()) {
        double d = arg.get<double>();
        std::string digits = fmt::format("{:.{}f}", std::abs(d), verb.precision.value_or(6));
        return pad(sign_of(std::signbit(d), verb) + digits, verb, true);
      }
      break;
    default:
      break;
  }
  return bad_verb(verb.letter, arg);
}

}  // namespace

// Go's fmt.Sprintf, with its complaints: %!d(MISSING), %!(EXTRA string=x), %!(NOVERB).
std::string go_sprintf(std::string_view format, const std::vector<json>& args) {
  std::string out;
  size_t next_arg = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    Verb verb;
    i = parse_verb(format, i + 1, verb);
    if (i >= format.size()) {
      out += "%!(NOVERB)";
    } else if (verb.letter == '%') {
      out += '%';
    } else if (next_arg >= args.size()) {
      out += fmt::format("%!{}(MISSING)", verb.letter);
    } else {
      out += format_value(verb, args[next_arg++]);
    }
  }
  if (next_arg < args.size()) {
    std::vector<std::string> extra;
    for (; next_arg < args.size(); ++next_arg) {
      const json& arg = args[next_arg];
      extra.push_back(arg.is_null() ? "<nil>"
                                    : fmt::format("{}={}", go_type_name(arg), go_print_value(arg)));
    }
    out += "%!(EXTRA " + join(extra, ", ") + ")";
  }
  return out;
}

}  // namespace berth::cli

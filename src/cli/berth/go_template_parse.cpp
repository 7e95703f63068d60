// Lexes a --format template into text and action tokens, then parses those into the node tree
// of go_template_parse.hpp, checking as Go's parser does that blocks are balanced, that
// variables are declared before use and that functions exist.
#include "cli/berth/go_template_parse.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "base/error.hpp"
#include "base/strings.hpp"

namespace berth::cli::gotmpl {
namespace {

using nlohmann::json;

[[noreturn]] void syntax_error(std::string_view why) {
  throw Error(fmt::format("template: {}", why));
}

struct Token {
  enum class Kind {
    kField,     // ".", ".A.B"
    kVariable,  // "$", "$x", "$x.A.B"
    kIdent,     // a function, keyword, true, false or nil
    kString,    // text: the string's value
    kNumber,
    kPipe,
    kLeftParen,
    kRightParen,
    kComma,
    kDeclare,  // :=
    kAssign,   // =
  };
  Kind kind;
  std::string text;
  bool glued = false;  // no space before it: a field right after ")" continues that operand
};

// The lexer's output: literal text, or one action's tokens.
struct Piece {
  bool is_action = false;
  std::string text;
  std::vector<Token> tokens;
};

// White space as Go's templates trim it.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Letters, digits and "_". The bytes of non-ASCII characters count as letters: Go accepts
// Unicode letters in names.
bool is_word_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || u >= 0x80;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string encode_utf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

class Lexer {
 public:
  explicit Lexer(std::string_view in) : in_(in) {}

  std::vector<Piece> run() {
    while (pos_ < in_.size()) {
      size_t open = in_.find("{{", pos_);
      std::string_view text = in_.substr(pos_, open == std::string_view::npos ? open : open - pos_);
      // "{{- " trims the white space before the action.
      bool trim_before = open != std::string_view::npos && open + 3 < in_.size() &&
                         in_[open + 2] == '-' && is_space(in_[open + 3]);
      add_text(text, trim_before);
      if (open == std::string_view::npos) break;
      pos_ = open + (trim_before ? 3 : 2);
      lex_action();
    }
    return std::move(pieces_);
  }

 private:
  void add_text(std::string_view text, bool trim_end) {
    if (trim_start_) {
      while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
      trim_start_ = false;
    }
    while (trim_end && !text.empty() && is_space(text.back())) text.remove_suffix(1);
    if (!text.empty()) pieces_.push_back({false, std::string(text), {}});
  }

  bool rest_starts_with(std::string_view s) const { return in_.substr(pos_).starts_with(s); }

  // After white space: "-}}" closes the action and trims the white space after it.
  bool at_trimming_close() {
    if (!rest_starts_with("-}}")) return false;
    pos_ += 3;
    trim_start_ = true;
    return true;
  }

  bool skip_spaces() {
    size_t start = pos_;
    while (pos_ < in_.size() && is_space(in_[pos_])) ++pos_;
    return pos_ > start;
  }

  // From just after "{{" (and its trim marker) to just after the closing "}}".
  void lex_action() {
    bool spaced = skip_spaces();
    if (rest_starts_with("/*")) return skip_comment();
    Piece piece{true, {}, {}};
    for (;;) {
      if (pos_ >= in_.size()) syntax_error("unclosed action");
      if (is_space(in_[pos_])) {
        spaced = skip_spaces();
        if (at_trimming_close()) break;
        continue;
      }
      if (rest_starts_with("}}")) {
        pos_ += 2;
        break;
      }
      Token token = lex_token();
      token.glued = !spaced;
      spaced = false;
      piece.tokens.push_back(std::move(token));
    }
    pieces_.push_back(std::move(piece));
  }

  void skip_comment() {
    size_t end = in_.find("*/", pos_ + 2);
    if (end == std::string_view::npos) syntax_error("unclosed comment");
    pos_ = end + 2;
    bool spaced = skip_spaces();
    if (spaced && at_trimming_close()) return;
    if (!rest_starts_with("}}")) syntax_error("comment ends before closing delimiter");
    pos_ += 2;
  }

  Token lex_token() {
    char c = in_[pos_];
    auto single = [&](Token::Kind kind) {
      ++pos_;
      return Token{kind, std::string(1, c)};
    };
    switch (c) {
      case '|':
        return single(Token::Kind::kPipe);
      case '(':
        return single(Token::Kind::kLeftParen);
      case ')':
        return single(Token::Kind::kRightParen);
      case ',':
        return single(Token::Kind::kComma);
      case '=':
        return single(Token::Kind::kAssign);
      case '"':
      case '`':
        return {Token::Kind::kString, lex_quoted()};
      default:
        break;
    }
    if (rest_starts_with(":=")) {
      pos_ += 2;
      return {Token::Kind::kDeclare, ":="};
    }
    if (starts_number()) return {Token::Kind::kNumber, lex_number()};
    if (c == '$') return {Token::Kind::kVariable, lex_name_and_fields()};
    if (c == '.') return {Token::Kind::kField, lex_name_and_fields()};
    if (is_word_char(c)) return {Token::Kind::kIdent, std::string(lex_word())};
    syntax_error(fmt::format("unexpected \"{}\" in command", c));
  }

  std::string_view lex_word() {
    size_t start = pos_;
    while (pos_ < in_.size() && is_word_char(in_[pos_])) ++pos_;
    return in_.substr(start, pos_ - start);
  }

  // "$x.A.B" or ".A.B": a "$" or "." with an optional name, then ".Name"s.
  std::string lex_name_and_fields() {
    size_t start = pos_++;
    lex_word();
    while (pos_ + 1 < in_.size() && in_[pos_] == '.' && is_word_char(in_[pos_ + 1])) {
      ++pos_;
      lex_word();
    }
    return std::string(in_.substr(start, pos_ - start));
  }

  bool starts_number() const {
    auto digit_at = [&](size_t i) { return i < in_.size() && is_digit(in_[i]); };
    size_t i = pos_;
    if (in_[i] == '+' || in_[i] == '-') ++i;
    return digit_at(i) || (i < in_.size() && in_[i] == '.' && digit_at(i + 1));
  }

  // Scanned loosely (signs, digits, letters for hex and exponents, "."); the parser checks it.
  std::string lex_number() {
    size_t start = pos_++;
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      char prev = in_[pos_ - 1];
      bool exponent_sign = (c == '+' || c == '-') && (prev == 'e' || prev == 'E');
      if (!is_word_char(c) && c != '.' && !exponent_sign) break;
      ++pos_;
    }
    return std::string(in_.substr(start, pos_ - start));
  }

  // A "double-quoted" string with Go's escapes, or a `raw` one.
  std::string lex_quoted() {
    char quote = in_[pos_++];
    std::string value;
    for (;;) {
      if (pos_ >= in_.size() || (quote == '"' && in_[pos_] == '\n'))
        syntax_error("unterminated quoted string");
      char c = in_[pos_++];
      if (c == quote) return value;
      if (quote == '"' && c == '\\') {
        value += lex_escape();
      } else {
        value += c;
      }
    }
  }

  std::string lex_escape() {
    if (pos_ >= in_.size()) syntax_error("unterminated quoted string");
    char e = in_[pos_++];
    static const std::map<char, char> simple = {{'n', '\n'}, {'t', '\t'},  {'r', '\r'},
                                                {'a', '\a'}, {'b', '\b'},  {'f', '\f'},
                                                {'v', '\v'}, {'\\', '\\'}, {'"', '"'}};
    if (auto it = simple.find(e); it != simple.end()) return std::string(1, it->second);
    if (e == 'x') return std::string(1, static_cast<char>(lex_code(2, 16)));
    if (e == 'u') return encode_utf8(lex_code(4, 16));
    if (e == 'U') return encode_utf8(lex_code(8, 16));
    if (e >= '0' && e <= '7') {
      --pos_;
      return std::string(1, static_cast<char>(lex_code(3, 8)));
    }
    syntax_error(fmt::format("invalid escape \"\\{}\" in quoted string", e));
  }

  // `digits` digits in `base`, as in \x41, \u00e9 and \101.
  char32_t lex_code(size_t digits, int base) {
    uint32_t value = 0;
    const char* first = in_.data() + pos_;
    auto [end, ec] =
        std::from_chars(first, first + std::min(digits, in_.size() - pos_), value, base);
    if (ec != std::errc() || static_cast<size_t>(end - first) != digits || value > 0x10FFFF ||
        (value > 0xFF && base == 8))
      syntax_error("invalid escape in quoted string");
    pos_ += digits;
    return value;
  }

  std::string_view in_;
  size_t pos_ = 0;
  bool trim_start_ = false;  // the last action ended with "-}}"
  std::vector<Piece> pieces_;
};

class Cursor {
 public:
  explicit Cursor(const std::vector<Token>& tokens) : tokens_(tokens) {}
  bool done() const { return at_ >= tokens_.size(); }
  bool peek_is(Token::Kind kind, size_t ahead = 0) const {
    return at_ + ahead < tokens_.size() && tokens_[at_ + ahead].kind == kind;
  }
  const Token& peek(size_t ahead = 0) const { return tokens_[at_ + ahead]; }
  const Token& next() { return tokens_[at_++]; }
  void skip(size_t n) { at_ += n; }

 private:
  const std::vector<Token>& tokens_;
  size_t at_ = 0;
};

// ".A.B" -> {"A", "B"}; "." -> {}.
std::vector<std::string> field_names(std::string_view chain) {
  std::vector<std::string> names;
  for (auto& name : split(chain, '.'))
    if (!name.empty()) names.push_back(std::move(name));
  return names;
}

json parse_number(const std::string& text) {
  std::string_view digits = text;
  if (digits.starts_with('+')) digits.remove_prefix(1);
  bool negative = digits.starts_with('-');
  std::string_view magnitude = negative ? digits.substr(1) : digits;
  int base = 10;
  if (magnitude.starts_with("0x") || magnitude.starts_with("0X")) {
    base = 16;
    magnitude.remove_prefix(2);
  }
  unsigned long long whole = 0;
  const char* end = magnitude.data() + magnitude.size();
  auto [stop, ec] = std::from_chars(magnitude.data(), end, whole, base);
  if (!magnitude.empty() && ec == std::errc() && stop == end) {
    if (!negative) return json(whole);
    if (whole <= 1ULL << 63) return json(static_cast<long long>(0 - whole));
  }
  double real = 0;
  auto [real_stop, real_ec] = std::from_chars(digits.data(), digits.data() + digits.size(), real);
  if (base == 10 && real_ec == std::errc() && real_stop == digits.data() + digits.size())
    return json(real);
  syntax_error(fmt::format("bad number syntax: \"{}\"", text));
}

bool is_keyword(const std::string& word) {
  static const std::set<std::string> keywords = {
      "if", "else", "end", "range", "with", "define", "block", "template", "break", "continue"};
  return keywords.contains(word);
}

class Parser {
 public:
  Parser(std::vector<Piece> pieces, const std::function<bool(const std::string&)>& is_function)
      : pieces_(std::move(pieces)), is_function_(is_function) {}

  std::vector<Node> parse_template() {
    std::vector<Node> nodes;
    Stop stop = parse_list(nodes);
    if (stop.kind == Stop::kEnd) syntax_error("unexpected {{end}}");
    if (stop.kind == Stop::kElse) syntax_error("unexpected {{else}}");
    return nodes;
  }

 private:
  // What ended a list of nodes; for {{else}}, the tokens after "else" ("if .X" in {{else if .X}}).
  struct Stop {
    enum Kind { kEof, kEnd, kElse } kind;
    std::vector<Token> else_rest;
  };

  Stop parse_list(std::vector<Node>& out) {
    while (next_ < pieces_.size()) {
      const Piece& piece = pieces_[next_++];
      if (!piece.is_action) {
        Node text;
        text.text = piece.text;
        out.push_back(std::move(text));
        continue;
      }
      Cursor c(piece.tokens);
      if (c.done()) syntax_error("missing value for command");
      if (c.peek().kind == Token::Kind::kIdent && is_keyword(c.peek().text)) {
        std::string word = c.next().text;
        if (word == "end") {
          if (!c.done()) syntax_error(fmt::format("unexpected \"{}\" in end", c.peek().text));
          return {Stop::kEnd, {}};
        }
        if (word == "else")
          return {Stop::kElse, std::vector<Token>(piece.tokens.begin() + 1, piece.tokens.end())};
        out.push_back(parse_control(control_kind(word), c));
        continue;
      }
      Node action;
      action.kind = Node::Kind::kAction;
      action.pipeline = parse_pipeline(c, "command");
      out.push_back(std::move(action));
    }
    return {Stop::kEof, {}};
  }

  static Node::Kind control_kind(const std::string& word) {
    if (word == "if") return Node::Kind::kIf;
    if (word == "range") return Node::Kind::kRange;
    if (word == "with") return Node::Kind::kWith;
    syntax_error(fmt::format("\"{}\" is not supported by berth's --format", word));
  }

  static std::string_view control_name(Node::Kind kind) {
    return kind == Node::Kind::kIf ? "if" : kind == Node::Kind::kRange ? "range" : "with";
  }

  // {{if}}, {{range}} or {{with}}, from the pipeline to the matching {{end}}. Variables declared
  // anywhere inside go out of scope at that {{end}}, as in Go.
  Node parse_control(Node::Kind kind, Cursor& c) {
    size_t scope = variables_.size();
    Node node;
    node.kind = kind;
    node.pipeline = parse_pipeline(c, control_name(kind));
    Stop stop = parse_list(node.body);
    if (stop.kind == Stop::kElse) {
      std::vector<Token> rest = std::move(stop.else_rest);
      Cursor else_cursor(rest);
      if (else_cursor.done()) {
        stop = parse_list(node.else_body);
        if (stop.kind == Stop::kElse) syntax_error("expected end; found {{else}}");
      } else if (kind != Node::Kind::kRange && else_cursor.peek_is(Token::Kind::kIdent) &&
                 else_cursor.peek().text == control_name(kind)) {
        // {{else if}} is an {{if}} inside the {{else}}, which ends at the same {{end}}.
        else_cursor.next();
        node.else_body.push_back(parse_control(kind, else_cursor));
        stop.kind = Stop::kEnd;
      } else {
        syntax_error(fmt::format("unexpected \"{}\" in else", else_cursor.peek().text));
      }
    }
    if (stop.kind == Stop::kEof) syntax_error("unexpected EOF");
    variables_.resize(scope);
    return node;
  }

  Pipeline parse_pipeline(Cursor& c, std::string_view context) {
    Pipeline pipeline;
    if (c.done() || c.peek_is(Token::Kind::kRightParen))
      syntax_error(fmt::format("missing value for {}", context));
    if (context != "parenthesized pipeline") parse_declaration(c, context, pipeline);
    for (;;) {
      pipeline.commands.push_back(parse_command(c));
      if (c.done() || c.peek_is(Token::Kind::kRightParen)) break;
      c.next();  // "|"
    }
    if (context != "parenthesized pipeline" && !c.done())
      syntax_error(fmt::format("unexpected \")\" in {}", context));
    // Every command after the first is given the value before it: it must be a function or a
    // method ({{"key" | .Label}}).
    for (size_t i = 1; i < pipeline.commands.size(); ++i) {
      const Operand& head = pipeline.commands[i].operands[0];
      if (head.kind != Operand::Kind::kFunction && !may_be_method(head))
        syntax_error(fmt::format("non executable command in pipeline stage {}", i + 1));
    }
    if (!pipeline.assigns) {
      for (const auto& name : pipeline.variables) variables_.push_back(name);
    }
    return pipeline;
  }

  // "$x := ", "$x = ", and in a range "$i, $e := ".
  void parse_declaration(Cursor& c, std::string_view context, Pipeline& pipeline) {
    if (!c.peek_is(Token::Kind::kVariable)) return;
    std::vector<std::string> names = {c.peek().text};
    size_t ahead = 1;
    if (context == "range" && c.peek_is(Token::Kind::kComma, 1) &&
        c.peek_is(Token::Kind::kVariable, 2)) {
      names.push_back(c.peek(2).text);
      ahead = 3;
    }
    if (c.peek_is(Token::Kind::kComma, ahead))
      syntax_error(fmt::format("too many declarations in {}", context));
    bool assigns = c.peek_is(Token::Kind::kAssign, ahead);
    if (!assigns && !c.peek_is(Token::Kind::kDeclare, ahead)) return;  // "$x" is an operand
    for (const auto& name : names) {
      if (name == "$" || name.find('.') != std::string::npos)
        syntax_error(fmt::format("unexpected \"{}\" in declaration", name));
      if (assigns) check_variable(name);
    }
    if (assigns && context == "range") syntax_error("range can only declare variables (:=)");
    c.skip(ahead + 1);
    pipeline.variables = std::move(names);
    pipeline.assigns = assigns;
  }

  Command parse_command(Cursor& c) {
    Command command;
    while (!c.done() && !c.peek_is(Token::Kind::kPipe) && !c.peek_is(Token::Kind::kRightParen))
      command.operands.push_back(parse_operand(c));
    if (command.operands.empty()) syntax_error("missing value for command");
    const Operand& head = command.operands[0];
    if (head.kind == Operand::Kind::kNil) syntax_error("nil is not a command");
    if (head.kind != Operand::Kind::kFunction && !may_be_method(head) && command.operands.size() > 1)
      syntax_error(fmt::format("can't give argument to non-function {}", head.source));
    return command;
  }

  // A chain that ends in a name (.Label, $.Label, (...).Label) may name a method, which takes
  // arguments; whether it does is known when the template runs.
  static bool may_be_method(const Operand& op) {
    return (op.kind == Operand::Kind::kField || op.kind == Operand::Kind::kVariable ||
            op.kind == Operand::Kind::kPipeline) &&
           !op.path.empty();
  }

  Operand parse_operand(Cursor& c) {
    const Token& token = c.next();
    Operand op;
    op.source = token.text;
    switch (token.kind) {
      case Token::Kind::kField:
        op.kind = Operand::Kind::kField;
        op.path = field_names(token.text);
        break;
      case Token::Kind::kVariable: {
        size_t dot = token.text.find('.');
        op.kind = Operand::Kind::kVariable;
        op.name = token.text.substr(0, dot);
        if (dot != std::string::npos) op.path = field_names(token.text.substr(dot));
        check_variable(op.name);
        break;
      }
      case Token::Kind::kString:
        op.constant = token.text;
        op.source = json(token.text).dump(-1, ' ', false, json::error_handler_t::replace);
        break;
      case Token::Kind::kNumber:
        op.constant = parse_number(token.text);
        break;
      case Token::Kind::kIdent:
        parse_identifier(token.text, op);
        break;
      case Token::Kind::kLeftParen:
        parse_parenthesised(c, op);
        break;
      default:
        syntax_error(fmt::format("unexpected \"{}\" in operand", token.text));
    }
    if (c.peek_is(Token::Kind::kField) && c.peek().glued)
      syntax_error(fmt::format("unexpected \"{}\" in operand", c.peek().text));
    return op;
  }

  void parse_identifier(const std::string& word, Operand& op) {
    if (word == "true" || word == "false") {
      op.constant = word == "true";
    } else if (word == "nil") {
      op.kind = Operand::Kind::kNil;
    } else if (is_keyword(word)) {
      syntax_error(fmt::format("unexpected <{}> in operand", word));
    } else if (is_function_(word)) {
      op.kind = Operand::Kind::kFunction;
      op.name = word;
    } else {
      syntax_error(fmt::format("function \"{}\" not defined", word));
    }
  }

  // "(pipeline)", and the fields of its value right after it: (index .A 0).Name.
  void parse_parenthesised(Cursor& c, Operand& op) {
    op.kind = Operand::Kind::kPipeline;
    op.pipeline = std::make_shared<const Pipeline>(parse_pipeline(c, "parenthesized pipeline"));
    if (!c.peek_is(Token::Kind::kRightParen)) syntax_error("unclosed left paren");
    c.next();
    op.source = "(...)";
    if (c.peek_is(Token::Kind::kField) && c.peek().glued) {
      op.source += c.peek().text;
      op.path = field_names(c.next().text);
    }
  }

  void check_variable(const std::string& name) const {
    if (std::find(variables_.begin(), variables_.end(), name) == variables_.end())
      syntax_error(fmt::format("undefined variable \"{}\"", name));
  }

  std::vector<Piece> pieces_;
  size_t next_ = 0;
  const std::function<bool(const std::string&)>& is_function_;
  std::vector<std::string> variables_ = {"$"};  // in scope, innermost last
};

}  // namespace

std::vector<Node> parse(std::string_view tmpl,
                        const std::function<bool(const std::string&)>& is_function) {
  return Parser(Lexer(tmpl).run(), is_function).parse_template();
}

}  // namespace berth::cli::gotmpl

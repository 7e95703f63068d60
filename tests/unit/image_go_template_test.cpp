// --format rendering (Go template subset), docker's table alignment and human-readable units.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "cli/berth/go_template.hpp"
#include "cli/berth/human_units.hpp"

namespace berth::cli {
namespace {

using nlohmann::json;

const json kRow = {{"ID", "0123456789ab"},
                   {"Repository", "busybox"},
                   {"Tag", "latest"},
                   {"Size", "4.26MB"},
                   {"Labels", {{"a", "1"}, {"b", "2"}}},
                   {"Cmd", {"sh", "-c", "true"}},
                   {"Entrypoint", nullptr},
                   {"Count", 3},
                   {"Config", {{"User", "nobody"}, {"Env", {"A=1"}}}}};

TEST(image_go_template, Fields) {
  EXPECT_EQ(render_template("{{.Repository}}:{{.Tag}}", kRow), "busybox:latest");
  EXPECT_EQ(render_template("{{ .Config.User }}", kRow), "nobody");
  EXPECT_EQ(render_template("{{.Cmd}} {{.Labels}} {{.Entrypoint}} {{.Count}}", kRow),
            "[sh -c true] map[a:1 b:2] <nil> 3");
  EXPECT_EQ(render_template("{{.Missing}}|{{.Config.Missing}}", kRow), "<no value>|<no value>");
  EXPECT_EQ(render_template("plain text", kRow), "plain text");
  EXPECT_EQ(render_template("{{.ID}}\\t{{.Tag}}\\n", kRow), "0123456789ab\tlatest\n");
}

TEST(image_go_template, Functions) {
  EXPECT_EQ(render_template("{{json .Config}}", kRow), R"({"Env":["A=1"],"User":"nobody"})");
  EXPECT_EQ(render_template("{{json .Entrypoint}}", kRow), "null");
  // docker's json function does not escape HTML; a whole row (`json .`) is marshalled by Go's
  // json.Marshal first, which does, as docker prints a row's "<none>".
  EXPECT_EQ(render_template("{{json .Config}}", json{{"Config", {{"a", "<b>&"}}}}), R"({"a":"<b>&"})");
  EXPECT_EQ(render_template("{{json .}}", json{{"a", "<b>&\u2028"}}),
            R"({"a":"\u003cb\u003e\u0026\u2028"})");
  EXPECT_EQ(render_template("{{join .Cmd \",\"}}", kRow), "sh,-c,true");
  EXPECT_EQ(render_template("{{index .Labels \"b\"}}", kRow), "2");
  EXPECT_EQ(render_template("{{upper .Tag}} {{lower \"ABC\"}} {{title \"hello world\"}}", kRow),
            "LATEST abc Hello World");
  EXPECT_EQ(render_template("{{.Labels | json}}", kRow), R"({"a":"1","b":"2"})");
  EXPECT_EQ(render_template("{{len .Cmd}}", kRow), "3");
  EXPECT_EQ(render_template("a {{- .Tag -}} b", kRow), "alatestb");
}

TEST(image_go_template, Errors) {
  EXPECT_THROW(render_template("{{.ID", kRow), Error);
  EXPECT_THROW(render_template("{{nosuch .ID}}", kRow), Error);
  EXPECT_THROW(render_template("{{define \"x\"}}{{end}}", kRow), Error);  // not supported
  EXPECT_THROW(render_template("{{json}}", kRow), Error);
}

// An inspect-like object, for the control structures docker users script with.
const json kInspect = json::parse(R"({
  "Name": "/web",
  "State": {"Status": "running", "Running": true, "ExitCode": 0},
  "Config": {"Labels": {"z.last": "3", "a.first": "1", "m": "2"}, "Env": []},
  "Mounts": [{"Source": "/srv/data", "Destination": "/data"},
             {"Source": "/etc/app", "Destination": "/conf"}],
  "NetworkSettings": {"SandboxKey": "/var/run/netns/abc"},
  "HostConfig": {"Binds": null}
})");

// The error's text, or "no error".
std::string error_of(std::string_view tmpl, const json& data,
                     FieldLookup lookup = FieldLookup::kLenient) {
  try {
    render_template(tmpl, data, lookup);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(image_go_template, RangeOverArraysAndObjects) {
  EXPECT_EQ(render_template("{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}", kInspect),
            "/srv/data:/data /etc/app:/conf ");
  // Objects range in sorted key order, as Go ranges over a map.
  EXPECT_EQ(render_template("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}", kInspect),
            "a.first=1;m=2;z.last=3;");
  EXPECT_EQ(render_template("{{range .Config.Labels}}{{.}}{{end}}", kInspect), "123");
  EXPECT_EQ(render_template("{{range $i, $m := .Mounts}}{{$i}}={{$m.Destination}} {{end}}", kInspect),
            "0=/data 1=/conf ");
  EXPECT_EQ(render_template("{{range $m := .Mounts}}{{$m.Destination}}{{end}}", kInspect),
            "/data/conf");
  EXPECT_EQ(render_template("{{range .Mounts}}{{$.Name}}{{end}}", kInspect), "/web/web");
  // Empty, null or missing: the else branch.
  EXPECT_EQ(render_template("{{range .Config.Env}}x{{else}}empty{{end}}", kInspect), "empty");
  EXPECT_EQ(render_template("{{range .HostConfig.Binds}}x{{else}}null{{end}}", kInspect), "null");
  EXPECT_EQ(render_template("{{range .Nope}}x{{else}}missing{{end}}", kInspect), "missing");
  EXPECT_EQ(render_template("{{range .Nope}}x{{end}}", kInspect), "");
  EXPECT_EQ(error_of("{{range .Name}}x{{end}}", kInspect), "template: range can't iterate over /web");
  EXPECT_EQ(error_of("{{range 3}}x{{end}}", kInspect), "template: range can't iterate over 3");
}

TEST(image_go_template, IfElseAndWith) {
  EXPECT_EQ(render_template("{{if .State.Running}}up{{else}}down{{end}}", kInspect), "up");
  EXPECT_EQ(render_template("{{if .State.ExitCode}}up{{else}}down{{end}}", kInspect), "down");
  const char* chain =
      "{{if eq .State.Status \"exited\"}}exited{{else if eq .State.Status \"running\"}}running"
      "{{else}}other{{end}}";
  EXPECT_EQ(render_template(chain, kInspect), "running");
  EXPECT_EQ(render_template(chain, json{{"State", {{"Status", "exited"}}}}), "exited");
  EXPECT_EQ(render_template(chain, json{{"State", {{"Status", "paused"}}}}), "other");
  EXPECT_EQ(render_template("{{with .NetworkSettings}}{{.SandboxKey}}{{end}}", kInspect),
            "/var/run/netns/abc");
  EXPECT_EQ(render_template("{{with .Nope}}x{{else}}none{{end}}", kInspect), "none");
  EXPECT_EQ(render_template("{{with .Nope}}x{{else with .Name}}{{.}}{{end}}", kInspect), "/web");
  EXPECT_EQ(render_template("{{with $s := .State}}{{$s.Status}} {{.ExitCode}}{{end}}", kInspect),
            "running 0");
  EXPECT_EQ(render_template("{{if .State.Running}}{{if .Mounts}}a{{else}}b{{end}}{{end}}", kInspect),
            "a");
}

TEST(image_go_template, TruthIsGos) {
  for (const json& falsy : {json(false), json(0), json(0.0), json(nullptr), json(""),
                            json::array(), json::object()})
    EXPECT_EQ(render_template("{{if .V}}T{{else}}F{{end}}", json{{"V", falsy}}), "F") << falsy;
  for (const json& truthy : {json(true), json(1), json(-1), json(0.5), json("x"), json{0},
                             json{{"a", 0}}})
    EXPECT_EQ(render_template("{{if .V}}T{{else}}F{{end}}", json{{"V", truthy}}), "T") << truthy;
  EXPECT_EQ(render_template("{{if .Missing}}T{{else}}F{{end}}", json::object()), "F");
}

TEST(image_go_template, TrimMarkersOnEveryAction) {
  EXPECT_EQ(render_template("x {{- range .A}} {{.}} {{- end}}", json{{"A", {1, 2, 3}}}),
            "x 1 2 3");
  EXPECT_EQ(render_template("{{range .Mounts -}}\n  {{.Source}}\n{{end -}}\n", kInspect),
            "/srv/data\n/etc/app\n");
  EXPECT_EQ(render_template("[ {{- if .State.Running -}} up {{- else -}} down {{- end -}} ]",
                            kInspect),
            "[up]");
  EXPECT_EQ(render_template("a {{- $x := 1 -}} b", kInspect), "ab");
  EXPECT_EQ(render_template("a{{/* note */}}b {{- /* trimmed */ -}} c", kInspect), "abc");
  EXPECT_EQ(render_template("{{/* a }} inside */}}x", kInspect), "x");
  EXPECT_EQ(render_template("{{print \"}}\"}}", kInspect), "}}");
  EXPECT_EQ(render_template("{{-3}}", kInspect), "-3");  // "{{-" without a space is a number
}

TEST(image_go_template, Variables) {
  EXPECT_EQ(render_template("{{$n := .Name}}{{$n}}", kInspect), "/web");
  EXPECT_EQ(render_template("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", kInspect), "2");
  EXPECT_EQ(render_template("{{$x := 1}}{{range .Mounts}}{{$x = .Source}}{{end}}{{$x}}", kInspect),
            "/etc/app");
  EXPECT_EQ(render_template("{{with .State}}{{$.Name}} {{.Status}}{{end}}", kInspect),
            "/web running");
  EXPECT_EQ(render_template("{{$m := index .Mounts 0}}{{$m.Source}}", kInspect), "/srv/data");
  EXPECT_EQ(render_template("{{$.State.Status}}", kInspect), "running");
  // A variable declared in a block is gone at its {{end}}, as in Go.
  EXPECT_EQ(error_of("{{if true}}{{$y := 1}}{{end}}{{$y}}", kInspect),
            "template: undefined variable \"$y\"");
  EXPECT_EQ(error_of("{{$y}}", kInspect), "template: undefined variable \"$y\"");
  EXPECT_EQ(error_of("{{$y = 1}}", kInspect), "template: undefined variable \"$y\"");
  EXPECT_EQ(error_of("{{range .Mounts}}{{$i := 1}}{{end}}{{$i}}", kInspect),
            "template: undefined variable \"$i\"");
}

TEST(image_go_template, ParenthesisedPipelines) {
  EXPECT_EQ(render_template("{{if eq (len .Mounts) 0}}none{{else}}some{{end}}", kInspect), "some");
  EXPECT_EQ(render_template("{{index (split .Name \"/\") 1}}", kInspect), "web");
  EXPECT_EQ(render_template("{{(index .Mounts 1).Destination}}", kInspect), "/conf");
  EXPECT_EQ(render_template("{{len (split \"a,b,c\" \",\") | print}}", kInspect), "3");
  EXPECT_EQ(render_template("{{len .Mounts}}", kInspect), "2");
  EXPECT_EQ(error_of("{{len (.Mounts}}", kInspect), "template: unclosed left paren");
}

TEST(image_go_template, Comparisons) {
  EXPECT_EQ(render_template("{{eq .State.ExitCode 0}} {{eq .State.ExitCode 0.0}} {{eq 1 2 3 1}}",
                            kInspect),
            "true true true");
  EXPECT_EQ(render_template("{{eq \"a\" \"b\"}} {{ne \"a\" \"b\"}} {{eq .Nope \"x\"}}", kInspect),
            "false true false");
  EXPECT_EQ(render_template("{{.State.Status | eq \"running\"}}", kInspect), "true");
  EXPECT_EQ(render_template("{{lt 1 2}} {{le 2 2}} {{gt 1.5 2}} {{ge -1 -1}} {{lt \"a\" \"b\"}}",
                            kInspect),
            "true true false true true");
  EXPECT_EQ(render_template("{{if gt (len .Mounts) 1}}many{{end}}", kInspect), "many");
  EXPECT_EQ(error_of("{{eq \"1\" 1}}", kInspect),
            "template: error calling eq: incompatible types for comparison");
  EXPECT_EQ(error_of("{{lt 1 \"2\"}}", kInspect),
            "template: error calling lt: incompatible types for comparison");
  EXPECT_EQ(error_of("{{lt true false}}", kInspect),
            "template: error calling lt: invalid type for comparison");
}

TEST(image_go_template, AndOrNot) {
  EXPECT_EQ(render_template("{{and 1 0 2}} {{and 1 2}} {{or 0 \"\" \"x\"}} [{{or 0 \"\"}}]",
                            kInspect),
            "0 2 x []");
  EXPECT_EQ(render_template("{{not .State.Running}} {{not .Config.Env}}", kInspect),
            "false true");
  EXPECT_EQ(render_template("{{if and .State.Running (eq .Name \"/web\")}}yes{{end}}", kInspect),
            "yes");
  // Arguments after the deciding one are not evaluated, as in Go.
  EXPECT_EQ(render_template("{{and .Config.Env (index .Config.Env 5)}}", kInspect), "[]");
  EXPECT_EQ(render_template("{{or .Name (index .Config.Env 5)}}", kInspect), "/web");
}

TEST(image_go_template, Printf) {
  EXPECT_EQ(render_template("{{printf \"%-8s|%3d\" .Name 7}}", kInspect), "/web    |  7");
  EXPECT_EQ(render_template("{{printf \"%v %v %v\" .Config.Env .Mounts 1.5}}", kInspect),
            "[] [map[Destination:/data Source:/srv/data] map[Destination:/conf Source:/etc/app]] 1.5");
  // (\n and \t in a --format become a newline and a tab before parsing, as docker does, so the
  // newline to quote comes from the data.)
  EXPECT_EQ(render_template(R"({{printf "%q %q" "a\"b\\" "é\u0001"}})", kInspect),
            R"("a\"b\\" "é\x01")");
  EXPECT_EQ(render_template("{{printf \"%q\" .S}}", json{{"S", "a\nb"}}), R"("a\nb")");
  EXPECT_EQ(render_template("{{printf \"%t %x %X %x %%\" .State.Running 255 255 \"hi\"}}", kInspect),
            "true ff FF 6869 %");
  EXPECT_EQ(render_template("{{printf \"%05d|%+d|%.2f|%6.2f|%.2s\" -42 5 3.14159 2.5 \"abc\"}}",
                            kInspect),
            "-0042|+5|3.14|  2.50|ab");
  EXPECT_EQ(render_template("{{printf \"%d|%s %s|%s\" \"x\" \"a\"}}", kInspect),
            "%!d(string=x)|a %!s(MISSING)|%!s(MISSING)");
  EXPECT_EQ(render_template("{{printf \"%s\" \"a\" 2}}", kInspect), "a%!(EXTRA int=2)");
  EXPECT_EQ(render_template("{{printf \"%5v|%-5v|\" 1 \"ab\"}}", kInspect), "    1|ab   |");
  EXPECT_EQ(render_template("{{.Name | printf \"name=%s\"}}", kInspect), "name=/web");
  EXPECT_EQ(error_of("{{printf 1}}", kInspect),
            "template: error calling printf: wrong type for value; expected string; got int");
}

TEST(image_go_template, UnbalancedBlocksAndOtherParseErrors) {
  EXPECT_EQ(error_of("{{if .State.Running}}x", kInspect), "template: unexpected EOF");
  EXPECT_EQ(error_of("{{range .Mounts}}{{if .Source}}x{{end}}", kInspect),
            "template: unexpected EOF");
  EXPECT_EQ(error_of("x{{end}}", kInspect), "template: unexpected {{end}}");
  EXPECT_EQ(error_of("x{{else}}", kInspect), "template: unexpected {{else}}");
  EXPECT_EQ(error_of("{{if 1}}a{{else}}b{{else}}c{{end}}", kInspect),
            "template: expected end; found {{else}}");
  EXPECT_EQ(error_of("{{if}}x{{end}}", kInspect), "template: missing value for if");
  // Checked when parsed, as Go does, even in a branch that does not run.
  EXPECT_EQ(error_of("{{if false}}{{nosuch 1}}{{end}}", kInspect),
            "template: function \"nosuch\" not defined");
  EXPECT_EQ(error_of("{{.Name | 1}}", kInspect), "template: non executable command in pipeline stage 2");
  // A field may be a method, which takes the piped value: not a parse error, as in Go.
  EXPECT_EQ(error_of("{{.Name | .State}}", kInspect),
            "template: :1: executing \"\" at <.State>: State is not a method but has arguments");
  EXPECT_EQ(error_of("{{template \"x\"}}", kInspect),
            "template: \"template\" is not supported by berth's --format");
  EXPECT_EQ(error_of("{{break}}", kInspect),
            "template: \"break\" is not supported by berth's --format");
  EXPECT_EQ(error_of("{{\"abc}}", kInspect), "template: unterminated quoted string");
  EXPECT_EQ(error_of("{{/* x }}", kInspect), "template: unclosed comment");
}

TEST(image_go_template, ElementsKeepTheLookupRules) {
  json rows = {{"Items", {{{"ID", "a"}, {"Labels", {{"k", "v"}}}}}}};
  EXPECT_EQ(render_template("{{range .Items}}{{.Nope}}{{end}}", rows), "<no value>");
  EXPECT_EQ(error_of("{{range .Items}}{{.Nope}}{{end}}", rows, FieldLookup::kStrict),
            "template: :1: executing \"\" at <.Nope>: can't evaluate field Nope");
  EXPECT_EQ(error_of("{{range $e := .Items}}{{$e.ID.X}}{{end}}", rows, FieldLookup::kStrict),
            "template: :1: executing \"\" at <$e.ID.X>: can't evaluate field X in type string");
  // Below a map field, and in a `with` of one, a missing key is "<no value>" even when strict.
  EXPECT_EQ(render_template("{{range .Items}}{{.Labels.zzz}}|{{with .Labels}}{{.zzz}}{{end}}{{end}}",
                            rows, FieldLookup::kStrict),
            "<no value>|<no value>");
  // `json` escapes HTML for a whole row only (docker's formatter contexts marshal themselves).
  json html = {{"A", {{"x", "<b>"}}}};
  EXPECT_EQ(render_template("{{json $}}", html), R"({"A":{"x":"\u003cb\u003e"}})");
  EXPECT_EQ(render_template("{{with .A}}{{json .}}{{end}}", html), R"({"x":"<b>"})");
}

TEST(image_go_template, StrictLookupRefusesAFieldTheRowLacksAsDockersStructsDo) {
  EXPECT_EQ(render_template("{{.Nope}}", kRow), "<no value>");  // lenient: inspect's objects
  try {
    render_template("{{.Nope}}", kRow, FieldLookup::kStrict);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "template: :1: executing \"\" at <.Nope>: can't evaluate field Nope");
  }
  try {
    render_template("{{.Tag.Nope}}", kRow, FieldLookup::kStrict);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "template: :1: executing \"\" at <.Tag.Nope>: can't evaluate field Nope in type string");
  }
  // A map field's missing key prints "<no value>", as Go prints it for a map.
  EXPECT_EQ(render_template("{{.Labels.zzz}}", kRow, FieldLookup::kStrict), "<no value>");
  EXPECT_EQ(render_template("{{.Labels.a}}", kRow, FieldLookup::kStrict), "1");
  // Tables render their titles leniently: an unknown field fails on the rows only.
  EXPECT_THROW(render_table("table {{.Nope}}", {kRow}, {}), Error);
  EXPECT_EQ(render_table("table {{.Nope}}", {}, {}), "<no value>\n");
}

TEST(image_go_template, DockerImagesTable) {
  std::map<std::string, std::string> headers = {{"Repository", "REPOSITORY"},
                                                {"Tag", "TAG"},
                                                {"ID", "IMAGE ID"},
                                                {"CreatedSince", "CREATED"},
                                                {"Size", "SIZE"}};
  json row = {{"Repository", "busybox"},
              {"Tag", "latest"},
              {"ID", "0123456789ab"},
              {"CreatedSince", "2 hours ago"},
              {"Size", "4.26MB"}};
  std::string table = render_table(
      "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}", {row}, headers);
  EXPECT_EQ(table,
            "REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n"
            "busybox      latest    0123456789ab   2 hours ago   4.26MB\n");
  // No rows: the header alone; fields without a header show their name in capitals.
  EXPECT_EQ(render_table("table {{.Repository}}\\t{{.Other}}", {}, headers),
            "REPOSITORY   <no value>\n");
  EXPECT_TRUE(is_table_format("table"));
  EXPECT_TRUE(is_table_format("table {{.ID}}"));
  EXPECT_FALSE(is_table_format("{{.ID}} table"));
}

TEST(image_go_template, AlignsLikeTabwriter) {
  EXPECT_EQ(align_columns("a\tb\nlonger cell here\tc\n"),
            "a                  b\nlonger cell here   c\n");
  EXPECT_EQ(align_columns("日本\tx\n"), "日本        x\n");  // widths count characters, not bytes
}

TEST(image_units, HumanSize) {
  EXPECT_EQ(human_size(0), "0B");
  EXPECT_EQ(human_size(999), "999B");
  EXPECT_EQ(human_size(1000), "1kB");
  EXPECT_EQ(human_size(1234), "1.23kB");
  EXPECT_EQ(human_size(4261234), "4.26MB");
  EXPECT_EQ(human_size(12345678), "12.3MB");
  EXPECT_EQ(human_size(123456789), "123MB");
  EXPECT_EQ(human_size(1500000000), "1.5GB");
  EXPECT_EQ(human_size(1982000, 4), "1.982MB");  // docker's VirtualSize
  EXPECT_EQ(human_size(999, 4), "999B");
}

TEST(image_units, HumanDuration) {
  EXPECT_EQ(human_duration(0), "Less than a second");
  EXPECT_EQ(human_duration(1), "1 second");
  EXPECT_EQ(human_duration(45), "45 seconds");
  EXPECT_EQ(human_duration(90), "About a minute");
  EXPECT_EQ(human_duration(600), "10 minutes");
  EXPECT_EQ(human_duration(3600), "About an hour");
  EXPECT_EQ(human_duration(2 * 3600 + 10), "2 hours");
  EXPECT_EQ(human_duration(3 * 86400), "3 days");
  EXPECT_EQ(human_duration(20 * 86400), "2 weeks");
  EXPECT_EQ(human_duration(90 * 86400), "3 months");
  EXPECT_EQ(human_duration(3 * 365 * 86400), "3 years");
}

TEST(image_units, ParsesRfc3339) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("2024-01-02T03:04:05.123456789Z"), 1704164645);
  EXPECT_EQ(parse_rfc3339("2024-01-02T05:04:05+02:00"), 1704164645);
  EXPECT_FALSE(parse_rfc3339("yesterday"));
  EXPECT_FALSE(parse_rfc3339("2024-01-02T03:04:05"));
  EXPECT_EQ(time_ago(std::nullopt), "N/A");
}

}  // namespace
}  // namespace berth::cli

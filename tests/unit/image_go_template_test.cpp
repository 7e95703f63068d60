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
  EXPECT_THROW(render_template("{{range .Cmd}}{{.}}{{end}}", kRow), Error);
  EXPECT_THROW(render_template("{{json}}", kRow), Error);
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

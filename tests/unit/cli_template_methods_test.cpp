// Methods of --format rows: {{.Label "key"}} on ps and volume ls rows, with Go's argument checks
// and docker's table header; expectations taken from docker 28's CLI against dockerd 20.10.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "cli/berth/go_template.hpp"
#include "cli/berth/labels.hpp"

namespace berth::cli {
namespace {

using nlohmann::json;

const json kRow = {{"Names", "c1"}, {"Labels", "a=b,c,com.example.k=v1"}};
const Labels kLabels = {{"a", "b,c"}, {"com.example.k", "v1"}};

std::string render(std::string_view tmpl) {
  return render_template(tmpl, kRow, FieldLookup::kStrict, label_method(kLabels));
}

std::string error_of(std::string_view tmpl) {
  try {
    render(tmpl);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(cli_template_methods, LabelValueOrEmpty) {
  EXPECT_EQ(render(R"({{.Label "com.example.k"}}|{{.Label "a"}}|{{.Label "nope"}}|)"), "v1|b,c||");
  EXPECT_EQ(render(R"({{$.Label "a"}} {{with .Names}}{{$.Label "a"}}{{end}})"), "b,c b,c");
  EXPECT_EQ(render(R"({{"a" | .Label}} {{.Label "a" | upper}} {{(.Label "a")}})"), "b,c B,C b,c");
  EXPECT_EQ(render(R"({{if .Label "a"}}yes{{end}}{{if .Label "x"}}no{{end}})"), "yes");
  EXPECT_EQ(render(R"({{.Label .Names}})"), "");
}

TEST(cli_template_methods, JsonShowsFieldsNotMethods) {
  EXPECT_EQ(render("{{json .}}"), R"({"Labels":"a=b,c,com.example.k=v1","Names":"c1"})");
}

TEST(cli_template_methods, ArgumentsCheckedAsGo) {
  EXPECT_NE(error_of("{{.Label}}").find("at <.Label>: wrong number of args for Label: want 1 got 0"),
            std::string::npos);
  EXPECT_NE(error_of(R"({{.Label "a" "b"}})").find("wrong number of args for Label: want 1 got 2"),
            std::string::npos);
  EXPECT_NE(error_of("{{.Label 1}}").find("at <1>: expected string; found 1"), std::string::npos);
  EXPECT_NE(error_of("{{1 | .Label}}").find("wrong type for value; expected string; got"), std::string::npos);
  // docker's row fields are methods without parameters.
  EXPECT_NE(error_of(R"({{.Names "x"}})").find("wrong number of args for Names: want 0 got 1"),
            std::string::npos);
  EXPECT_NE(error_of(R"({{.Bogus "x"}})").find("can't evaluate field Bogus"), std::string::npos);
  EXPECT_NE(error_of(R"({{(.Label "a").X}})").find("can't evaluate field X in type string"), std::string::npos);
  // A row without the method (images) refuses it as a missing field.
  EXPECT_THROW(render_template(R"({{.Label "a"}})", kRow, FieldLookup::kStrict), Error);
  // Only chains may take arguments.
  EXPECT_THROW(render_template(R"({{. "a"}})", kRow), Error);
  EXPECT_THROW(render_template(R"({{"a" "b"}})", kRow), Error);
}

TEST(cli_template_methods, PlainStructsHaveFieldsNotMethods) {
  // version's and info's objects: a field given arguments is not a method, and json does not
  // escape HTML (docker's json function, no MarshalJSON of a formatter context).
  json info = {{"Containers", 2}, {"Name", "<host>"}};
  try {
    render_template(R"({{.Containers "x"}})", info, FieldLookup::kStrictStruct);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("at <.Containers>: Containers has arguments but cannot be invoked as function"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(render_template("{{.Bogus}}", info, FieldLookup::kStrictStruct), Error);
  EXPECT_EQ(render_template("{{json .}}", info, FieldLookup::kStrictStruct), R"({"Containers":2,"Name":"<host>"})");
  EXPECT_EQ(render_template("{{json .}}", info, FieldLookup::kStrict), R"({"Containers":2,"Name":"\u003chost\u003e"})");
}

TEST(cli_template_methods, MethodsBelongToTheRowOnly) {
  json row = {{"Sub", {{"Names", "x"}}}};
  EXPECT_THROW(render_template(R"({{.Sub.Label "a"}})", row, FieldLookup::kStrict, label_method(kLabels)),
               Error);
  EXPECT_THROW(render_template(R"({{range .Sub}}{{.Label "a"}}{{end}})", row, FieldLookup::kLenient,
                               label_method(kLabels)),
               Error);
}

TEST(cli_template_methods, TableHeaderIsTheKeysLastPart) {
  std::vector<TemplateRow> rows = {{kRow, label_method(kLabels)}, {json{{"Names", "c2"}}, label_method({})}};
  EXPECT_EQ(render_table(R"(table {{.Label "com.example.k"}}\t{{.Names}})", rows, {{"Names", "NAMES"}},
                         label_header_method()),
            "k         NAMES\n"
            "v1        c1\n"
            "          c2\n");
  EXPECT_EQ(render_table(R"(table {{.Names}}\t{{.Label "a"}})", rows, {{"Names", "NAMES"}}, label_header_method()),
            "NAMES     a\n"
            "c1        b,c\n"
            "c2        \n");
}

TEST(cli_template_methods, TitlesIgnoreFormattingFunctions) {
  // docker's header functions return their first argument: "k", not "K"; "NAMES", not "names".
  std::vector<TemplateRow> rows = {{kRow, label_method(kLabels)}};
  EXPECT_EQ(render_table(R"(table {{.Label "com.example.k" | upper}}\t{{.Names | lower}}\t{{json .Names}})", rows,
                         {{"Names", "NAMES"}}, label_header_method()),
            "k         NAMES     NAMES\n"
            "V1        c1        \"c1\"\n");
}

TEST(cli_template_methods, HeaderErrorLeavesTheRowsToFail) {
  std::vector<TemplateRow> none;
  EXPECT_EQ(render_table(R"(table {{.Names "x"}})", none, {{"Names", "NAMES"}}, label_header_method()), "\n");
  std::vector<TemplateRow> one = {{kRow, label_method(kLabels)}};
  EXPECT_THROW(render_table(R"(table {{.Names "x"}})", one, {{"Names", "NAMES"}}, label_header_method()), Error);
}

}  // namespace
}  // namespace berth::cli

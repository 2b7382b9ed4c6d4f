#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "nudgekit/binary_input.h"
#include "nudgekit/engine.h"

namespace nudgekit {
namespace {

// A test-side encoder for the wire form, written from the format comment in binary_input.h.
class Bytes {
 public:
  Bytes& tag(std::uint8_t t) { return raw(&t, 1); }
  Bytes& u32(std::uint32_t v) { return raw(&v, 4); }
  Bytes& i32(std::int32_t v) { return tag(3).raw(&v, 4); }
  Bytes& f64(double v) { return tag(4).raw(&v, 8); }
  Bytes& text(std::string_view s) { return u32(static_cast<std::uint32_t>(s.size())).raw(s.data(), s.size()); }
  Bytes& str(std::string_view s) { return tag(5).text(s); }
  Bytes& array(std::uint32_t n) { return tag(6).u32(n); }
  Bytes& object(std::uint32_t n) { return tag(7).u32(n); }
  Bytes& key(std::string_view s) { return text(s); }
  const std::string& data() const { return data_; }

 private:
  Bytes& raw(const void* p, std::size_t n) {
    data_.append(static_cast<const char*>(p), n);
    return *this;
  }
  std::string data_;
};

bool decode(const std::string& bytes, Json& out, Error& error, std::size_t max_depth = 64) {
  return parse_binary_input_into(bytes, 1 << 20, max_depth, out, error);
}

Bytes sample() {
  Bytes b;
  b.object(4).key("geo").object(1).key("country").str("IN");
  b.key("n").array(5).i32(-7).f64(613.4).f64(3e9).tag(2).tag(0);
  b.key("name").str("कविता");
  b.key("big").f64(1e21);
  return b;
}

TEST(BinaryInput, DecodesToWhatTheJsonTextWouldGive) {
  Json out;
  Error error;
  ASSERT_TRUE(decode(sample().data(), out, error)) << error.message;
  const auto text = parse_json_input(R"({"geo":{"country":"IN"},"n":[-7,613.4,3000000000,true,null],"name":"कविता","big":1e21})",
                                     1 << 20, 64, error);
  ASSERT_TRUE(text);
  EXPECT_EQ(out, *text);
  // The same JSON types, not only equal values: integers stay integers, as in the text form.
  EXPECT_TRUE(out["n"][2].is_number_unsigned());
  EXPECT_TRUE(out["n"][0].is_number_integer());
  EXPECT_TRUE(out["n"][1].is_number_float());
  EXPECT_TRUE(out["big"].is_number_float());
  EXPECT_EQ(to_json_text(out), to_json_text(*text));
}

TEST(BinaryInput, ReusesStorageAndDropsMembersTheNewValueLacks) {
  Json out;
  Error error;
  ASSERT_TRUE(decode(sample().data(), out, error));
  Bytes smaller;
  smaller.object(1).key("geo").object(1).key("region").str("IN-UP");
  ASSERT_TRUE(decode(smaller.data(), out, error));
  EXPECT_EQ(out, Json::parse(R"({"geo":{"region":"IN-UP"}})"));
}

TEST(BinaryInput, EveryTruncationIsRefusedCleanly) {
  const std::string full = sample().data();
  for (std::size_t n = 0; n < full.size(); ++n) {
    Json out;
    Error error;
    EXPECT_FALSE(decode(full.substr(0, n), out, error)) << n;
    EXPECT_EQ(error.code, "json.parse") << n;
  }
}

TEST(BinaryInput, RefusesWhatTheFacadeNeverWrites) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::string cases[] = {
      Bytes().tag(9).data(),                                // unknown tag
      Bytes().f64(nan).data(),                              // not finite
      Bytes().f64(inf).data(),
      Bytes().str("\xED\xA0\x80").data(),                   // a surrogate encoded in UTF-8
      Bytes().str("\xC0\xAF").data(),                       // overlong
      Bytes().object(1).key("\xFF").tag(0).data(),          // invalid key
      Bytes().array(0xFFFFFFFF).data(),                     // a count the bytes cannot hold
      Bytes().object(0x10000000).data(),
      Bytes().tag(5).u32(0xFFFFFFFF).data(),                // a length past the end
      Bytes().tag(0).tag(0).data(),                         // trailing bytes
  };
  for (const std::string& bytes : cases) {
    Json out;
    Error error;
    EXPECT_FALSE(decode(bytes, out, error));
    EXPECT_EQ(error.code, "json.parse") << error.message;
    EXPECT_NE(error.message.find("at byte"), std::string::npos) << error.message;
  }
}

TEST(BinaryInput, DeepNestingIsRefusedBeforeItCanExhaustTheStack) {
  Bytes deep;
  for (int i = 0; i < 100000; ++i) deep.array(1);
  deep.tag(0);
  Json out;
  Error error;
  EXPECT_FALSE(decode(deep.data(), out, error));
  EXPECT_EQ(error.code, "json.too_deep");
}

TEST(BinaryInput, TheEngineTakesItAndKeepsTheProfileOnError) {
  Engine engine;
  Error error;
  ASSERT_TRUE(engine.load_config(R"({"version":1,"segments":{"india":{"geo.country":"IN"}}})").ok);
  ASSERT_TRUE(engine.set_properties_binary(sample().data(), true, error)) << error.message;
  EXPECT_EQ(engine.evaluate_segments().size(), 1u);
  EXPECT_FALSE(engine.set_properties_binary(Bytes().f64(std::nan("")).data(), true, error));
  EXPECT_EQ(engine.evaluate_segments().size(), 1u);
  EXPECT_FALSE(engine.set_properties_binary(Bytes().array(0).data(), true, error));
  EXPECT_EQ(error.code, "properties.not_object");
  EXPECT_EQ(engine.evaluate_segments().size(), 1u);
  Bytes merge;
  merge.object(1).key("geo.country").str("BR");
  ASSERT_TRUE(engine.set_properties_binary(merge.data(), false, error)) << error.message;
  EXPECT_EQ(engine.evaluate_segments().size(), 0u);
  EXPECT_EQ(Json::parse(engine.properties_json())["name"], "कविता");
}

}  // namespace
}  // namespace nudgekit

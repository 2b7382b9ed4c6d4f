#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>

#include "nudgekit/snapshot_codec.h"

namespace nudgekit {
namespace {

// JSON tags, written from the format comment in snapshot_codec.cpp, to build hostile payloads by hand.
constexpr std::uint8_t kTagString = 6;
constexpr std::uint8_t kTagDouble = 5;
constexpr std::uint8_t kTagArray = 7;
constexpr std::uint8_t kTagObject = 8;

std::uint64_t bits_of(double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

// A snapshot whose payload is exactly `payload`, with a valid header and checksum: what a hostile
// writer who knows the format can produce, so only the payload checks stand between it and the engine.
std::string snapshot_of_payload(std::string_view payload) {
  SnapshotWriter writer;
  for (char c : payload) writer.put_u8(static_cast<std::uint8_t>(c));
  return writer.finish();
}

// The reader views the bytes, so they must outlive it: temporaries are refused at compile time.
SnapshotReader open_or_fail(std::string&& bytes) = delete;
SnapshotReader open_or_fail(const std::string& bytes) {
  SnapshotReader reader;
  Error error;
  EXPECT_TRUE(SnapshotReader::open(bytes, reader, error)) << error.code << ": " << error.message;
  return reader;
}

std::string encode_json(const Json& value) {
  SnapshotWriter writer;
  writer.put_json(value);
  return writer.finish();
}

// Decoding must give back the same value with the same JSON types and double bits: re-encoding the
// decoded value must give the same bytes (== alone would let 0 equal 0u and -0.0 equal 0.0).
void expect_json_round_trip(const Json& value) {
  const std::string bytes = encode_json(value);
  SnapshotReader reader = open_or_fail(bytes);
  Json decoded = "something to overwrite";
  ASSERT_TRUE(reader.get_json(decoded, 64)) << reader.error().message;
  EXPECT_TRUE(reader.at_end());
  EXPECT_EQ(decoded, value);
  EXPECT_EQ(encode_json(decoded), bytes);
}

std::string sample_snapshot() {
  SnapshotWriter writer;
  writer.begin_section(1);
  writer.put_varint(300);
  writer.put_string("ledger_entry");
  writer.put_f64(613.4);
  writer.end_section();
  writer.begin_section(2);
  writer.put_json(Json::parse(R"({"geo":{"country":"IN"},"n":[-7,613.4,3000000000,true,null],"name":"कविता"})"));
  writer.put_i64(-1);
  writer.end_section();
  return writer.finish();
}

TEST(SnapshotCodec, Crc32MatchesTheIeeeCheckValue) {
  EXPECT_EQ(snapshot_crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(snapshot_crc32(""), 0u);
}

TEST(SnapshotCodec, HeaderAndIntegersAreLittleEndian) {
  SnapshotWriter writer;
  writer.put_u32(0x01020304);
  const std::string bytes = writer.finish();
  ASSERT_EQ(bytes.size(), 12u + 4u + 4u);
  EXPECT_EQ(bytes.substr(0, 12), std::string("NKSN\x01\x00\x00\x00\x04\x00\x00\x00", 12));
  EXPECT_EQ(bytes.substr(12, 4), "\x04\x03\x02\x01");
  const std::uint32_t crc = snapshot_crc32(std::string_view(bytes).substr(0, 16));
  EXPECT_EQ(static_cast<unsigned char>(bytes[16]), crc & 0xFF);
  EXPECT_EQ(static_cast<unsigned char>(bytes[19]), crc >> 24);
}

TEST(SnapshotCodec, ScalarsRoundTripBitExact) {
  const double nan_with_payload = [] {
    const std::uint64_t bits = 0x7FF8000000012345ull;
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }();
  const std::uint64_t varints[] = {0, 1, 127, 128, 16383, 16384, 1ull << 63, std::numeric_limits<std::uint64_t>::max()};
  SnapshotWriter writer;
  writer.put_u8(0xFF);
  writer.put_u32(0xDEADBEEF);
  writer.put_u64(0x0123456789ABCDEFull);
  writer.put_i32(std::numeric_limits<std::int32_t>::min());
  writer.put_i64(std::numeric_limits<std::int64_t>::min());
  const double doubles[] = {-0.0, 5e-324, 1.7976931348623157e308, -std::numeric_limits<double>::infinity(),
                            nan_with_payload};
  for (double value : doubles) writer.put_f64(value);
  for (std::uint64_t value : varints) writer.put_varint(value);
  const std::string big(1u << 20, 'x');
  const std::string binary("a\0b\xFF", 4);
  writer.put_string("");
  writer.put_string("कविता 🙂");
  writer.put_string(binary);
  writer.put_string(big);

  const std::string reader_bytes = writer.finish();
  SnapshotReader reader = open_or_fail(reader_bytes);
  std::uint8_t u8 = 0;
  std::uint32_t u32 = 0;
  std::uint64_t u64 = 0;
  std::int32_t i32 = 0;
  std::int64_t i64 = 0;
  ASSERT_TRUE(reader.get_u8(u8) && reader.get_u32(u32) && reader.get_u64(u64) && reader.get_i32(i32) &&
              reader.get_i64(i64));
  EXPECT_EQ(u8, 0xFF);
  EXPECT_EQ(u32, 0xDEADBEEFu);
  EXPECT_EQ(u64, 0x0123456789ABCDEFull);
  EXPECT_EQ(i32, std::numeric_limits<std::int32_t>::min());
  EXPECT_EQ(i64, std::numeric_limits<std::int64_t>::min());
  for (double expected : doubles) {
    double value = 0;
    ASSERT_TRUE(reader.get_f64(value));
    EXPECT_EQ(bits_of(value), bits_of(expected));
  }
  for (std::uint64_t expected : varints) {
    std::uint64_t value = 0;
    ASSERT_TRUE(reader.get_varint(value));
    EXPECT_EQ(value, expected);
  }
  std::string text = "to be replaced";
  ASSERT_TRUE(reader.get_string(text));
  EXPECT_EQ(text, "");
  ASSERT_TRUE(reader.get_string(text));
  EXPECT_EQ(text, "कविता 🙂");
  ASSERT_TRUE(reader.get_string(text));
  EXPECT_EQ(text, binary);
  ASSERT_TRUE(reader.get_string(text, big.size()));
  EXPECT_EQ(text, big);
  EXPECT_TRUE(reader.at_end());
  EXPECT_TRUE(reader.ok());
}

TEST(SnapshotJson, EveryKindRoundTripsWithItsType) {
  expect_json_round_trip(nullptr);
  expect_json_round_trip(true);
  expect_json_round_trip(false);
  expect_json_round_trip(std::numeric_limits<std::uint64_t>::max());
  expect_json_round_trip(std::numeric_limits<std::int64_t>::min());
  expect_json_round_trip(std::numeric_limits<std::int64_t>::max());
  expect_json_round_trip(std::int64_t{5});  // a signed integer holding a positive value stays signed
  expect_json_round_trip(0u);
  for (double value : {-0.0, 0.0, 0.1, 613.4, -2.5e-308, 5e-324, 1.7976931348623157e308, 1e21}) {
    expect_json_round_trip(value);
  }
  expect_json_round_trip("");
  expect_json_round_trip("कविता — 🙂 \u0001 \"quoted\"");
  expect_json_round_trip(std::string(Limits{}.max_string_bytes, 'y'));  // the largest allowed
  expect_json_round_trip(Json::array());
  expect_json_round_trip(Json::object());
  expect_json_round_trip(Json::parse(R"({"":[[],{}],"a":{"b":[1,-1,2.5,"x",null,false]},"ключ":"значение"})"));
}

TEST(SnapshotJson, NegativeZeroKeepsItsSign) {
  const std::string reader_bytes = encode_json(Json(-0.0));
  SnapshotReader reader = open_or_fail(reader_bytes);
  Json decoded;
  ASSERT_TRUE(reader.get_json(decoded, 64));
  ASSERT_TRUE(decoded.is_number_float());
  EXPECT_TRUE(std::signbit(decoded.get<double>()));
}

TEST(SnapshotJson, NonFiniteNumbersBecomeNullAsInJsonText) {
  Json value = Json::array({std::nan(""), std::numeric_limits<double>::infinity(), 1.5});
  const std::string reader_bytes = encode_json(value);
  SnapshotReader reader = open_or_fail(reader_bytes);
  Json decoded;
  ASSERT_TRUE(reader.get_json(decoded, 64));
  EXPECT_EQ(decoded, Json::parse("[null,null,1.5]"));
}

TEST(SnapshotJson, BinaryValuesAreRefusedByTheWriter) {
  SnapshotWriter writer;
  EXPECT_THROW(writer.put_json(Json::binary({1, 2, 3})), std::invalid_argument);
}

TEST(SnapshotCodec, SectionsNestAndUnknownOnesAreSkipped) {
  SnapshotWriter writer;
  writer.begin_section(7);
  writer.put_varint(42);
  writer.put_string("a field a newer release added");  // trailing bytes this reader does not know
  writer.end_section();
  writer.begin_section(0xF00D);  // a section from the future
  writer.begin_section(1);
  writer.put_u64(1);
  writer.end_section();
  writer.put_json(Json::parse(R"({"x":[1,2,3]})"));
  writer.end_section();
  writer.begin_section(8);
  writer.begin_section(9);
  writer.put_string("inner");
  writer.end_section();
  writer.end_section();

  const std::string reader_bytes = writer.finish();
  SnapshotReader reader = open_or_fail(reader_bytes);
  std::uint32_t tag = 0;
  SnapshotReader section;
  std::vector<std::uint32_t> known;
  while (reader.next_section(tag, section)) {
    if (tag == 7) {
      std::uint64_t value = 0;
      ASSERT_TRUE(section.get_varint(value));
      EXPECT_EQ(value, 42u);
      known.push_back(tag);
    } else if (tag == 8) {
      SnapshotReader inner;
      std::uint32_t inner_tag = 0;
      ASSERT_TRUE(section.next_section(inner_tag, inner));
      EXPECT_EQ(inner_tag, 9u);
      std::string text;
      ASSERT_TRUE(inner.get_string(text));
      EXPECT_EQ(text, "inner");
      EXPECT_FALSE(section.next_section(inner_tag, inner));
      EXPECT_TRUE(section.ok());
      known.push_back(tag);
    }
  }
  EXPECT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_EQ(known, (std::vector<std::uint32_t>{7, 8}));
}

TEST(SnapshotCodec, MisusedSectionsThrow) {
  SnapshotWriter writer;
  EXPECT_THROW(writer.end_section(), std::logic_error);
  writer.begin_section(1);
  EXPECT_THROW(writer.finish(), std::logic_error);
  writer.end_section();
  EXPECT_NO_THROW(writer.finish());
}

TEST(SnapshotCodec, EveryTruncationIsRefused) {
  const std::string bytes = sample_snapshot();
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    SnapshotReader reader;
    Error error;
    ASSERT_FALSE(SnapshotReader::open(std::string_view(bytes).substr(0, size), reader, error)) << size;
    EXPECT_EQ(error.code, "snapshot.truncated") << size << ": " << error.message;
    EXPECT_EQ(error.pointer, "");
  }
}

TEST(SnapshotCodec, EverySingleByteChangeIsRefused) {
  const std::string original = sample_snapshot();
  for (std::size_t at = 0; at < original.size(); ++at) {
    for (unsigned mask = 1; mask < 256; ++mask) {
      std::string bytes = original;
      bytes[at] = static_cast<char>(static_cast<unsigned char>(bytes[at]) ^ mask);
      SnapshotReader reader;
      Error error;
      ASSERT_FALSE(SnapshotReader::open(bytes, reader, error)) << "byte " << at << " ^ " << mask;
      ASSERT_FALSE(error.code.empty());
      if (at >= 12) {
        EXPECT_EQ(error.code, "snapshot.checksum") << at;
      }
    }
  }
}

TEST(SnapshotCodec, BytesAfterTheChecksumAreRefused) {
  SnapshotReader reader;
  Error error;
  const std::string bytes = sample_snapshot() + "x";
  EXPECT_FALSE(SnapshotReader::open(bytes, reader, error));
  EXPECT_EQ(error.code, "snapshot.corrupt");
}

TEST(SnapshotCodec, NewerVersionIsRefusedNamingBothVersions) {
  std::string bytes = sample_snapshot();
  bytes[4] = 2;
  SnapshotReader reader;
  Error error;
  ASSERT_FALSE(SnapshotReader::open(bytes, reader, error));
  EXPECT_EQ(error.code, "snapshot.newer_version");
  EXPECT_NE(error.message.find("version 2"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("version 1"), std::string::npos) << error.message;
  // A newer format may lay out the rest differently: only magic and version are needed to say so.
  ASSERT_FALSE(SnapshotReader::open(std::string_view("NKSN\x07\x01", 6), reader, error));
  EXPECT_EQ(error.code, "snapshot.newer_version");
  EXPECT_NE(error.message.find("version 263"), std::string::npos) << error.message;
}

TEST(SnapshotCodec, NonSnapshotsAndUnknownHeaderValuesAreRefused) {
  SnapshotReader reader;
  Error error;
  for (std::string_view bytes : {std::string_view("{\"events\":[]}"), std::string_view("XY"),
                                 std::string_view("NKSX\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 16),
                                 std::string_view("NKSN\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 16)}) {
    EXPECT_FALSE(SnapshotReader::open(bytes, reader, error));
    EXPECT_EQ(error.code, "snapshot.corrupt") << error.message;
  }
  // Flags no release defines yet, with a checksum that matches them.
  std::string bytes = sample_snapshot();
  bytes[6] = 1;
  const std::size_t checksum_at = bytes.size() - 4;
  const std::uint32_t crc = snapshot_crc32(std::string_view(bytes).substr(0, checksum_at));
  for (int i = 0; i < 4; ++i) bytes[checksum_at + i] = static_cast<char>((crc >> (8 * i)) & 0xFF);
  EXPECT_FALSE(SnapshotReader::open(bytes, reader, error));
  EXPECT_EQ(error.code, "snapshot.corrupt");
  EXPECT_NE(error.message.find("flags"), std::string::npos) << error.message;
}

TEST(SnapshotCodec, ReadsPastTheEndFailOnceAndStayFailed) {
  SnapshotWriter writer;
  writer.put_u32(5);
  writer.put_u8(1);
  const std::string reader_bytes = writer.finish();
  SnapshotReader reader = open_or_fail(reader_bytes);
  std::uint32_t u32 = 0;
  ASSERT_TRUE(reader.get_u32(u32));
  std::uint64_t u64 = 77;
  EXPECT_FALSE(reader.get_u64(u64));
  EXPECT_EQ(u64, 77u);
  EXPECT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().code, "snapshot.corrupt");
  EXPECT_NE(reader.error().message.find("at byte 16"), std::string::npos) << reader.error().message;
  // Sticky: a read that would fit fails too, and the first error is kept.
  std::uint8_t u8 = 9;
  EXPECT_FALSE(reader.get_u8(u8));
  EXPECT_EQ(u8, 9);
  EXPECT_NE(reader.error().message.find("at byte 16"), std::string::npos);
}

TEST(SnapshotCodec, DecodersCanFailWithTheSameCode) {
  SnapshotWriter writer;
  writer.put_u8(99);
  const std::string reader_bytes = writer.finish();
  SnapshotReader reader = open_or_fail(reader_bytes);
  std::uint8_t kind = 0;
  ASSERT_TRUE(reader.get_u8(kind));
  EXPECT_FALSE(reader.fail("unknown event kind 99"));
  EXPECT_EQ(reader.error().code, "snapshot.corrupt");
  EXPECT_NE(reader.error().message.find("unknown event kind 99"), std::string::npos);
}

TEST(SnapshotCodec, VarintsBeyond64BitsAreRefused) {
  const auto read_varint = [](std::string payload) {
    const std::string reader_bytes = snapshot_of_payload(payload);
    SnapshotReader reader = open_or_fail(reader_bytes);
    std::uint64_t value = 0;
    const bool ok = reader.get_varint(value);
    return std::make_pair(ok, value);
  };
  EXPECT_EQ(read_varint(std::string(9, '\xFF') + '\x01'), std::make_pair(true, ~std::uint64_t{0}));
  EXPECT_FALSE(read_varint(std::string(9, '\xFF') + '\x02').first);
  EXPECT_FALSE(read_varint(std::string(10, '\x80') + '\x00').first);
  EXPECT_FALSE(read_varint(std::string(3, '\x80')).first);  // runs past the end
  EXPECT_FALSE(read_varint("").first);
}

TEST(SnapshotCodec, StringLengthsAreBoundedByTheBytesLeftAndTheLimit) {
  SnapshotWriter huge_claim;
  huge_claim.put_varint(1ull << 60);  // no allocation may follow this length
  huge_claim.put_string("abc");
  const std::string reader_bytes = huge_claim.finish();
  SnapshotReader reader = open_or_fail(reader_bytes);
  std::string text;
  EXPECT_FALSE(reader.get_string(text, std::numeric_limits<std::size_t>::max()));
  EXPECT_EQ(reader.error().code, "snapshot.corrupt");

  SnapshotWriter long_string;
  long_string.put_string(std::string(100, 'z'));
  const std::string limited_bytes = long_string.finish();
  SnapshotReader limited = open_or_fail(limited_bytes);
  EXPECT_FALSE(limited.get_string(text, 99));
  EXPECT_NE(limited.error().message.find("limit of 99"), std::string::npos) << limited.error().message;
}

TEST(SnapshotCodec, SectionLongerThanTheBytesLeftIsRefused) {
  SnapshotWriter writer;
  writer.put_u32(1);
  writer.put_u32(1000);
  writer.put_u64(0);
  const std::string reader_bytes = writer.finish();
  SnapshotReader reader = open_or_fail(reader_bytes);
  std::uint32_t tag = 0;
  SnapshotReader section;
  EXPECT_FALSE(reader.next_section(tag, section));
  EXPECT_FALSE(reader.ok());
}

std::string nested_arrays_payload(std::size_t depth) {
  std::string payload;
  for (std::size_t i = 0; i < depth; ++i) payload += std::string{static_cast<char>(kTagArray), '\x01'};
  payload += '\0';  // null, innermost
  return payload;
}

TEST(SnapshotJson, HostileDepthIsRefusedWithoutRecursion) {
  const std::string reader_bytes = snapshot_of_payload(nested_arrays_payload(100000));
  SnapshotReader reader = open_or_fail(reader_bytes);
  Json decoded;
  EXPECT_FALSE(reader.get_json(decoded, 64));
  EXPECT_EQ(reader.error().code, "snapshot.corrupt");
  EXPECT_NE(reader.error().message.find("deeper than 64"), std::string::npos) << reader.error().message;

  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += std::string{static_cast<char>(kTagObject), '\x01', '\x01', 'k'};
  objects += '\0';
  const std::string object_reader_bytes = snapshot_of_payload(objects);
  SnapshotReader object_reader = open_or_fail(object_reader_bytes);
  EXPECT_FALSE(object_reader.get_json(decoded, 64));
  EXPECT_NE(object_reader.error().message.find("deeper than 64"), std::string::npos);
}

TEST(SnapshotJson, DepthWithinTheLimitNeedsNoStackEitherWay) {
  // 100,000 levels allowed: both directions must get through on an explicit stack.
  const std::size_t depth = 100000;
  const std::string bytes = snapshot_of_payload(nested_arrays_payload(depth));
  SnapshotReader reader = open_or_fail(bytes);
  Json decoded;
  ASSERT_TRUE(reader.get_json(decoded, depth)) << reader.error().message;
  std::size_t levels = 0;
  for (const Json* at = &decoded; at->is_array(); at = &at->front()) ++levels;
  EXPECT_EQ(levels, depth);

  SnapshotWriter writer;
  writer.put_json(decoded);
  EXPECT_EQ(writer.finish(), bytes);

  SnapshotReader one_short = open_or_fail(bytes);
  EXPECT_FALSE(one_short.get_json(decoded, depth - 1));
}

TEST(SnapshotJson, AbsurdCountsAndMalformedValuesAreRefused) {
  const auto refuses = [](std::string payload, std::string_view why) {
    const std::string reader_bytes = snapshot_of_payload(payload);
    SnapshotReader reader = open_or_fail(reader_bytes);
    Json decoded;
    EXPECT_FALSE(reader.get_json(decoded, 64, 16)) << why;
    EXPECT_EQ(reader.error().code, "snapshot.corrupt") << why;
  };
  const std::string huge_count = "\x80\x80\x80\x80\x80\x80\x80\x80\x7F";  // about 2^63
  refuses(std::string(1, static_cast<char>(kTagArray)) + huge_count, "array count");
  refuses(std::string(1, static_cast<char>(kTagObject)) + huge_count, "object count");
  refuses(std::string{static_cast<char>(kTagObject), '\x03', '\x01', 'a', '\0', '\x01', 'b', '\0'}, "missing member");
  refuses(std::string(1, '\x09'), "unknown tag");
  refuses(std::string(1, static_cast<char>(kTagDouble)) + std::string("\0\0\0\0\0\0\xF0\x7F", 8), "infinity");
  refuses(std::string{static_cast<char>(kTagString), '\x02', '\xC3', '\x28'}, "invalid UTF-8");
  refuses(std::string{static_cast<char>(kTagString), '\x11'} + std::string(17, 'a'), "over max_string_bytes");
  refuses(std::string{static_cast<char>(kTagObject), '\x02', '\x01', 'a', '\0', '\x01', 'a', '\0'}, "duplicate key");
  refuses(std::string{static_cast<char>(kTagArray), '\x02', '\0'}, "missing element");
  refuses("", "empty");
}

// Mutations of a valid payload, resealed with a valid checksum, must decode or fail, never crash
// (the sanitizer build turns any out-of-bounds read into a failure here).
TEST(SnapshotJson, MutatedPayloadsNeverCrash) {
  SnapshotWriter writer;
  writer.put_json(Json::parse(R"({"a":[1,-2,3.5,"कविता",{"b":null,"c":[true,false,[]]}],"d":{}})"));
  const std::string original = writer.finish();
  const std::string payload = original.substr(12, original.size() - 16);
  std::mt19937 random(7);
  for (int round = 0; round < 20000; ++round) {
    std::string mutated = payload;
    const int changes = 1 + static_cast<int>(random() % 3);
    for (int i = 0; i < changes; ++i) mutated[random() % mutated.size()] = static_cast<char>(random() & 0xFF);
    if (random() % 4 == 0) mutated.resize(random() % mutated.size());
    const std::string reader_bytes = snapshot_of_payload(mutated);
    SnapshotReader reader = open_or_fail(reader_bytes);
    Json decoded;
    if (!reader.get_json(decoded, 8)) {
      EXPECT_EQ(reader.error().code, "snapshot.corrupt");
    }
  }
}

}  // namespace
}  // namespace nudgekit

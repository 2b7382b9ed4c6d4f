// The container that engine snapshots travel in. A snapshot is read back from storage the app does not
// control (localStorage, a file, a sync service), possibly written by a newer or older release, possibly
// cut short by a crash mid-write or edited by hand, so the reader trusts nothing and every failure is a
// clean error the engine can act on by starting fresh.
//
//   snapshot := "NKSN" version:u16 flags:u16 length:u32 payload[length] crc32:u32
//
// All integers are little-endian. The CRC-32 (IEEE 802.3, as in zip and PNG) covers every byte before it.
// Magic and version are the only header fields every future format keeps in place, so a newer snapshot
// is recognised as newer (and not as corrupt) even if the rest of its layout has changed.
//
// The payload is whatever the writer puts in it, usually a run of sections:
//
//   section := tag:u32 length:u32 body[length]
//
// A reader skips sections whose tag it does not know and ignores bytes after the fields it knows at the
// end of a section, so a later release can add both without bumping the format version.
//
// JSON values (put_json / get_json) use a compact tagged form; see snapshot_codec.cpp for the tags.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nudgekit/error.h"
#include "nudgekit/json_input.h"
#include "nudgekit/limits.h"

namespace nudgekit {

inline constexpr std::uint16_t kSnapshotFormatVersion = 1;

// CRC-32 (IEEE, reflected, init and final xor 0xFFFFFFFF): crc32("123456789") == 0xCBF43926.
std::uint32_t snapshot_crc32(std::string_view bytes);

class SnapshotWriter {
 public:
  void put_u8(std::uint8_t value);
  void put_u32(std::uint32_t value);
  void put_u64(std::uint64_t value);
  void put_i32(std::int32_t value);
  void put_i64(std::int64_t value);
  // The IEEE-754 bits as they are: -0.0, NaN payloads and infinities survive the round trip.
  void put_f64(double value);
  // Unsigned LEB128: small numbers (counts, lengths, day indexes) take one or two bytes.
  void put_varint(std::uint64_t value);
  // Varint byte length, then the bytes; any bytes, not only UTF-8.
  void put_string(std::string_view bytes);
  // Any depth, without recursion. Non-finite doubles are written as null, as JSON text would write them;
  // binary values (which JSON text cannot hold either) throw std::invalid_argument.
  void put_json(const Json& value);

  // Sections nest. Each begin_section needs its end_section before finish(); a mismatch is a bug in the
  // caller and throws std::logic_error.
  void begin_section(std::uint32_t tag);
  void end_section();

  // The complete snapshot. The writer is left as it was, so more can be appended and finished again.
  std::string finish() const;

  std::size_t payload_size() const { return payload_.size(); }

 private:
  std::string payload_;
  std::vector<std::size_t> open_sections_;  // offset of each open section's length field
};

// Reads a payload, or one section of it. Every read is bounded by the bytes left; the first failure
// sets a sticky error ("snapshot.corrupt", naming the byte offset in the whole snapshot), after which
// every read returns false and leaves its output unchanged, so a decoder can read a run of fields and
// check ok() once. A section's reader has its own error: check it (or copy it up) after decoding.
class SnapshotReader {
 public:
  SnapshotReader() = default;

  // Checks the header, the length and the checksum, and sets `out` to read the payload. Errors:
  //   snapshot.truncated     — fewer bytes than the header says (a write cut short)
  //   snapshot.newer_version — written by a newer format version than this code reads
  //   snapshot.checksum      — the bytes changed after they were written
  //   snapshot.corrupt       — not a snapshot, an unknown flag, or bytes after the checksum
  // `out` views `bytes` (no copy of a large snapshot), so they must outlive it and the section readers
  // taken from it; a temporary std::string is refused at compile time for that reason.
  static bool open(std::string_view bytes, SnapshotReader& out, Error& error);
  static bool open(std::string&& bytes, SnapshotReader& out, Error& error) = delete;

  bool get_u8(std::uint8_t& value);
  bool get_u32(std::uint32_t& value);
  bool get_u64(std::uint64_t& value);
  bool get_i32(std::int32_t& value);
  bool get_i64(std::int64_t& value);
  bool get_f64(double& value);
  // Refuses encodings longer than 10 bytes or with bits beyond 64.
  bool get_varint(std::uint64_t& value);
  bool get_string(std::string& value, std::size_t max_bytes = Limits{}.max_string_bytes);
  // Containers nested deeper than max_depth are refused (a scalar is depth 0, "[1]" depth 1); so are
  // strings or keys over max_string_bytes, invalid UTF-8, duplicate keys and counts larger than the
  // bytes left could hold. Decoding is iterative: hostile depth costs heap, never stack. On failure
  // `value` holds an unspecified partial value.
  bool get_json(Json& value, std::size_t max_depth, std::size_t max_string_bytes = Limits{}.max_string_bytes);

  // Steps over the next section and sets `section` to read its body. Returns false at the end of the
  // bytes (ok() stays true) or when the section header or length is bad (ok() turns false).
  bool next_section(std::uint32_t& tag, SnapshotReader& section);

  bool at_end() const { return at_ == bytes_.size(); }
  std::size_t remaining() const { return bytes_.size() - at_; }
  bool ok() const { return error_.code.empty(); }
  const Error& error() const { return error_; }

  // Marks the reader failed from a decoder that found well-formed bytes with a meaning it cannot
  // accept (an unknown enum value, an out-of-range count), with the same code and offset as a bad read.
  bool fail(std::string_view what);

 private:
  SnapshotReader(std::string_view bytes, std::size_t base_offset) : bytes_(bytes), base_offset_(base_offset) {}

  bool take(std::size_t count, const char*& data);
  template <class Unsigned>
  bool get_little_endian(Unsigned& value);
  bool fail_at(std::size_t offset, std::string_view what);

  std::string_view bytes_;
  std::size_t base_offset_ = 0;  // where bytes_ starts in the whole snapshot, for error messages
  std::size_t at_ = 0;
  Error error_;
};

}  // namespace nudgekit

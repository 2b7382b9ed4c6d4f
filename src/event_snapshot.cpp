// The event store's snapshot. Snapshots come back from the app's storage, which may hold a truncated
// write, another version's bytes or anything else, so the reader trusts no length, count or order and
// builds the new state aside: the store changes only when the whole snapshot checked out.
//
//   "NKEV"  u32 version (1)
//   u8 has_latest_day  [i32 latest_day]
//   u32 name_count, per name:
//     u8 length, name bytes
//     u64 count, f64 sum, i64 first_ms, i64 last_ms, u32 distinct_days      (lifetime totals)
//     u8 has_watermark  [i64 evicted_watermark]
//     u32 day_count, per day: i32 day, u32 count, f64 sum, i64 first_ms, i64 last_ms
//   u32 raw_count, per event (sorted by time): u32 name index, i64 time_ms, i32 day, u32 length, props JSON
//     (length 0: no props)
//   u32 FNV-1a of every byte before it
//
// All integers little-endian; f64 as its IEEE-754 bits.
#include <cmath>
#include <cstring>

#include "detail/cold.h"
#include "nudgekit/event_store.h"

namespace nudgekit {

namespace {
NK_COLD_CODE_BEGIN

constexpr char kMagic[4] = {'N', 'K', 'E', 'V'};
constexpr std::uint32_t kVersion = 2;  // 2: daily aggregates as varint deltas
// The smallest encoding of each repeated record, so a count is checked against the bytes left before
// anything is reserved for it.
constexpr std::size_t kMinNameBytes = 1 + 1 + 8 + 8 + 8 + 8 + 4 + 1 + 4;
// The least a daily aggregate takes: five varints of one byte (day step, count, sum, first, span).
constexpr std::size_t kDayBytes = 5;
constexpr std::size_t kMinRawBytes = 4 + 8 + 4 + 4;

std::uint32_t fnv1a(std::string_view bytes) {
  std::uint32_t hash = 2166136261u;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return hash;
}

void put(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}
void put_u8(std::string& out, std::uint8_t value) { put(out, value, 1); }
void put_u32(std::string& out, std::uint32_t value) { put(out, value, 4); }
void put_i32(std::string& out, std::int32_t value) { put(out, static_cast<std::uint32_t>(value), 4); }
void put_i64(std::string& out, std::int64_t value) { put(out, static_cast<std::uint64_t>(value), 8); }
void put_f64(std::string& out, double value) {
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  put(out, bits, 8);
}
void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}
// Signed deltas, small in magnitude either way.
void put_zigzag(std::string& out, std::int64_t value) {
  put_varint(out, (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63));
}
// Most sums are whole amounts: those take a varint (low bit 0), the rest the double's bits (tag 1).
constexpr double kExactWholeLimit = 4503599627370496.0;  // 2^52
void put_sum(std::string& out, double sum) {
  if (sum >= 0 && sum < kExactWholeLimit && std::trunc(sum) == sum && !std::signbit(sum)) {
    put_varint(out, static_cast<std::uint64_t>(sum) << 1);
  } else {
    put_varint(out, 1);
    put_f64(out, sum);
  }
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  bool u8(std::uint8_t& value) { return take(value, 1); }
  bool u32(std::uint32_t& value) { return take(value, 4); }
  bool u64(std::uint64_t& value) { return take(value, 8); }
  bool i32(std::int32_t& value) {
    std::uint32_t bits;
    if (!take(bits, 4)) return false;
    value = static_cast<std::int32_t>(bits);
    return true;
  }
  bool i64(std::int64_t& value) {
    std::uint64_t bits;
    if (!take(bits, 8)) return false;
    value = static_cast<std::int64_t>(bits);
    return true;
  }
  bool f64(double& value) {
    std::uint64_t bits;
    if (!take(bits, 8)) return false;
    std::memcpy(&value, &bits, sizeof value);
    return true;
  }
  bool varint(std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      std::uint8_t byte = 0;
      if (!u8(byte)) return false;
      if (shift == 63 && byte > 1) return false;  // more than 64 bits
      value |= std::uint64_t{byte & 0x7Fu} << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }
  bool zigzag(std::int64_t& value) {
    std::uint64_t bits = 0;
    if (!varint(bits)) return false;
    value = static_cast<std::int64_t>(bits >> 1) ^ -static_cast<std::int64_t>(bits & 1);
    return true;
  }
  bool sum(double& value) {
    std::uint64_t bits = 0;
    if (!varint(bits)) return false;
    if (bits == 1) return f64(value);
    if ((bits & 1) != 0 || (bits >> 1) >= static_cast<std::uint64_t>(kExactWholeLimit)) return false;
    value = static_cast<double>(bits >> 1);
    return true;
  }
  bool text(std::size_t length, std::string_view& value) {
    if (length > left()) return false;
    value = bytes_.substr(at_, length);
    at_ += length;
    return true;
  }
  std::size_t left() const { return bytes_.size() - at_; }
  std::size_t offset() const { return at_; }

 private:
  template <class T>
  bool take(T& value, std::size_t bytes) {
    if (bytes > left()) return false;
    std::uint64_t result = 0;
    for (std::size_t i = 0; i < bytes; ++i) result |= std::uint64_t{static_cast<unsigned char>(bytes_[at_ + i])} << (8 * i);
    at_ += bytes;
    value = static_cast<T>(result);
    return true;
  }

  std::string_view bytes_;
  std::size_t at_ = 0;
};

bool valid_time(std::int64_t time_ms) { return time_ms >= -EventStore::kMaxTimeMs && time_ms <= EventStore::kMaxTimeMs; }

// Offsets are within ±18 hours, so the local day of an instant is its UTC day or a neighbour.
bool day_fits_time(std::int32_t day, std::int64_t time_ms) {
  const std::int64_t utc_day = EventStore::local_day(time_ms, 0);
  return std::int64_t{day} >= utc_day - 1 && std::int64_t{day} <= utc_day + 1;
}

NK_COLD_CODE_END
}  // namespace

NK_COLD_CODE_BEGIN

class EventSnapshot {
 public:
  static void save(const EventStore& store, std::string& out);
  static bool load(EventStore& store, std::string_view bytes, Error& error);

 private:
  EventSnapshot(const EventStore& current, std::string_view body) : fresh_(current.options_), in_(body) {
    // Names interned now keep their ids: compiled conditions hold them.
    for (const EventStore::NameState& named : current.names_) fresh_.intern(named.name);
    filled_.assign(fresh_.names_.size(), false);
  }
  bool read();
  bool read_name(std::uint32_t index);
  bool read_days(EventStore::NameState& named);
  bool read_raw_event(std::uint32_t index, std::vector<std::uint64_t>& raw_per_name);
  void finish();
  bool fail(const std::string& what) {
    message_ = what + " (at byte " + std::to_string(in_.offset()) + ")";
    return false;
  }

  EventStore fresh_;
  Reader in_;
  std::vector<std::uint32_t> ids_;  // snapshot name index -> id in fresh_
  std::vector<bool> filled_;        // by id: its history came from the snapshot already
  std::string message_;
};

void EventSnapshot::save(const EventStore& store, std::string& out) {
  const std::size_t start = out.size();
  out.append(kMagic, sizeof kMagic);
  put_u32(out, kVersion);
  put_u8(out, store.latest_day_ ? 1 : 0);
  if (store.latest_day_) put_i32(out, *store.latest_day_);
  put_u32(out, static_cast<std::uint32_t>(store.names_.size()));
  for (const EventStore::NameState& named : store.names_) {
    put_u8(out, static_cast<std::uint8_t>(named.name.size()));
    out += named.name;
    const EventStore::Lifetime& lifetime = named.lifetime;
    put(out, lifetime.count, 8);
    put_f64(out, lifetime.sum);
    put_i64(out, lifetime.first_ms);
    put_i64(out, lifetime.last_ms);
    put_u32(out, lifetime.days);
    put_u8(out, named.evicted_watermark ? 1 : 0);
    if (named.evicted_watermark) put_i64(out, *named.evicted_watermark);
    put_u32(out, static_cast<std::uint32_t>(named.days.size()));
    // Days ascend and each spans less than a day or so: deltas keep an aggregate near 12 bytes, not 32.
    std::int64_t previous_day = 0;
    std::int64_t previous_last = lifetime.first_ms;
    for (const EventStore::DayAggregate& day : named.days) {
      put_zigzag(out, std::int64_t{day.day} - previous_day);
      put_varint(out, day.count);
      put_sum(out, day.sum);
      put_zigzag(out, day.first_ms - previous_last);
      put_varint(out, static_cast<std::uint64_t>(day.last_ms - day.first_ms));
      previous_day = day.day;
      previous_last = day.last_ms;
    }
  }
  put_u32(out, static_cast<std::uint32_t>(store.ring_.size()));
  for (const EventStore::RawEvent& event : store.ring_) {
    put_u32(out, event.name_id);
    put_i64(out, event.time_ms);
    put_i32(out, event.day);
    if (event.props.is_null()) {
      put_u32(out, 0);
    } else {
      const std::string text = to_json_text(event.props);
      put_u32(out, static_cast<std::uint32_t>(text.size()));
      out += text;
    }
  }
  put_u32(out, fnv1a(std::string_view(out).substr(start)));
}

bool EventSnapshot::load(EventStore& store, std::string_view bytes, Error& error) {
  const auto corrupt = [&](const std::string& what) {
    error = {"snapshot.corrupt", "", "the event history snapshot was refused: " + what};
    return false;
  };
  if (bytes.size() < sizeof kMagic + 8) {
    return corrupt("it is " + std::to_string(bytes.size()) + " bytes, too short for an event history snapshot");
  }
  if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return corrupt("it is not an event history snapshot (no \"NKEV\" header)");
  }
  std::uint32_t version = 0;
  Reader(bytes.substr(sizeof kMagic)).u32(version);
  if (version != kVersion) {
    return corrupt("its version " + std::to_string(version) + " is not the version this build reads (" +
                   std::to_string(kVersion) + ")");
  }
  const std::string_view body = bytes.substr(0, bytes.size() - 4);
  std::uint32_t checksum = 0;
  Reader(bytes.substr(body.size())).u32(checksum);
  if (checksum != fnv1a(body)) return corrupt("its checksum does not match (truncated or damaged)");

  EventSnapshot snapshot(store, body.substr(sizeof kMagic + 4));
  if (!snapshot.read()) return corrupt(snapshot.message_);
  snapshot.finish();
  store = std::move(snapshot.fresh_);
  return true;
}

bool EventSnapshot::read() {
  std::uint8_t has_latest = 0;
  if (!in_.u8(has_latest) || has_latest > 1) return fail("bad latest-day flag");
  if (has_latest) {
    std::int32_t latest = 0;
    constexpr std::int64_t kLastDay = EventStore::kMaxTimeMs / EventStore::kMsPerDay + 1;
    if (!in_.i32(latest) || latest < -kLastDay || latest > kLastDay) {
      return fail("latest day out of range");
    }
    fresh_.latest_day_ = latest;
  }
  std::uint32_t name_count = 0;
  if (!in_.u32(name_count) || name_count > EventStore::kMaxInternedNames || name_count > in_.left() / kMinNameBytes) {
    return fail("name count larger than the snapshot");
  }
  for (std::uint32_t i = 0; i < name_count; ++i) {
    if (!read_name(i)) return false;
  }
  std::uint32_t raw_count = 0;
  if (!in_.u32(raw_count) || raw_count > in_.left() / kMinRawBytes) return fail("raw event count larger than the snapshot");
  std::vector<std::uint64_t> raw_per_name(fresh_.names_.size(), 0);
  for (std::uint32_t i = 0; i < raw_count; ++i) {
    if (!read_raw_event(i, raw_per_name)) return false;
  }
  if (in_.left() != 0) return fail(std::to_string(in_.left()) + " bytes after the last raw event");
  return true;
}

bool EventSnapshot::read_name(std::uint32_t index) {
  const std::string at = "name " + std::to_string(index);
  std::uint8_t length = 0;
  std::string_view name;
  if (!in_.u8(length) || !in_.text(length, name)) return fail(at + ": truncated");
  if (!EventStore::is_valid_name(name)) return fail(at + ": not a valid event name");
  const std::uint32_t id = fresh_.intern(name);
  if (id == EventStore::kNoName) return fail(at + ": too many names");
  if (id < filled_.size() && filled_[id]) return fail(at + ": \"" + std::string(name) + "\" appears twice");
  filled_.resize(fresh_.names_.size(), false);
  filled_[id] = true;
  ids_.push_back(id);

  EventStore::NameState& named = fresh_.names_[id];
  EventStore::Lifetime& lifetime = named.lifetime;
  std::uint8_t has_watermark = 0;
  if (!in_.u64(lifetime.count) || !in_.f64(lifetime.sum) || !in_.i64(lifetime.first_ms) || !in_.i64(lifetime.last_ms) ||
      !in_.u32(lifetime.days) || !in_.u8(has_watermark)) {
    return fail(at + ": truncated");
  }
  if (has_watermark > 1) return fail(at + ": bad watermark flag");
  if (has_watermark) {
    std::int64_t watermark = 0;
    if (!in_.i64(watermark)) return fail(at + ": truncated");
    named.evicted_watermark = watermark;
  }
  if (lifetime.count == 0) {
    if (lifetime.sum != 0 || lifetime.first_ms != 0 || lifetime.last_ms != 0 || lifetime.days != 0 || has_watermark) {
      return fail(at + ": totals of a name without events");
    }
  } else {
    if (std::isnan(lifetime.sum) || !valid_time(lifetime.first_ms) || !valid_time(lifetime.last_ms) ||
        lifetime.first_ms > lifetime.last_ms) {
      return fail(at + ": inconsistent lifetime totals");
    }
    if (named.evicted_watermark &&
        (*named.evicted_watermark < lifetime.first_ms || *named.evicted_watermark > lifetime.last_ms)) {
      return fail(at + ": evicted watermark outside the name's events");
    }
  }
  return read_days(named);
}

bool EventSnapshot::read_days(EventStore::NameState& named) {
  const std::string at = "days of \"" + named.name + "\"";
  std::uint32_t day_count = 0;
  if (!in_.u32(day_count) || day_count > in_.left() / kDayBytes) return fail(at + ": count larger than the snapshot");
  const EventStore::Lifetime& lifetime = named.lifetime;
  if (day_count > lifetime.days) return fail(at + ": more days than the lifetime total");
  named.days.reserve(day_count);
  std::uint64_t events = 0;
  std::int64_t previous_day = 0;
  std::int64_t previous_last = lifetime.first_ms;
  for (std::uint32_t i = 0; i < day_count; ++i) {
    EventStore::DayAggregate day{};
    std::int64_t day_step = 0;
    std::uint64_t count = 0;
    std::int64_t first_step = 0;
    std::uint64_t span = 0;
    if (!in_.zigzag(day_step) || !in_.varint(count) || !in_.sum(day.sum) || !in_.zigzag(first_step) || !in_.varint(span)) {
      return fail(at + ": truncated or malformed");
    }
    // Every step is bounded before it is added, so no sum below can overflow.
    constexpr std::int64_t kMaxDays = EventStore::kMaxTimeMs / EventStore::kMsPerDay + 2;
    if (day_step < -2 * kMaxDays || day_step > 2 * kMaxDays || count > UINT32_MAX ||
        first_step < -2 * EventStore::kMaxTimeMs || first_step > 2 * EventStore::kMaxTimeMs ||
        span > static_cast<std::uint64_t>(2 * EventStore::kMaxTimeMs)) {
      return fail(at + ": a value out of range");
    }
    const std::int64_t day_number = previous_day + day_step;
    if (day_number < INT32_MIN || day_number > INT32_MAX) return fail(at + ": a day out of range");
    day.day = static_cast<std::int32_t>(day_number);
    day.count = static_cast<std::uint32_t>(count);
    day.first_ms = previous_last + first_step;
    day.last_ms = day.first_ms + static_cast<std::int64_t>(span);
    if (!valid_time(day.first_ms) || !valid_time(day.last_ms)) return fail(at + ": a time out of range");
    previous_day = day.day;
    previous_last = day.last_ms;
    if (!named.days.empty() && day.day <= named.days.back().day) return fail(at + ": not in ascending order");
    if (!fresh_.latest_day_ || day.day > *fresh_.latest_day_) return fail(at + ": a day after the latest day");
    if (day.count == 0 || std::isnan(day.sum) || day.first_ms > day.last_ms || day.first_ms < lifetime.first_ms ||
        day.last_ms > lifetime.last_ms || !day_fits_time(day.day, day.first_ms) || !day_fits_time(day.day, day.last_ms)) {
      return fail(at + ": day " + std::to_string(day.day) + " is inconsistent");
    }
    events += day.count;
    named.days.push_back(day);
  }
  if (events > lifetime.count) return fail(at + ": more events than the lifetime total");
  return true;
}

bool EventSnapshot::read_raw_event(std::uint32_t index, std::vector<std::uint64_t>& raw_per_name) {
  const std::string at = "raw event " + std::to_string(index);
  std::uint32_t name_index = 0;
  EventStore::RawEvent event{0, 0, 0, Json()};
  std::uint32_t length = 0;
  std::string_view text;
  if (!in_.u32(name_index) || !in_.i64(event.time_ms) || !in_.i32(event.day) || !in_.u32(length) ||
      !in_.text(length, text)) {
    return fail(at + ": truncated");
  }
  if (name_index >= ids_.size()) return fail(at + ": unknown name index");
  event.name_id = ids_[name_index];
  const EventStore::Lifetime& lifetime = fresh_.names_[event.name_id].lifetime;
  if (++raw_per_name[event.name_id] > lifetime.count) return fail(at + ": more raw events than the name's total");
  if (event.time_ms < lifetime.first_ms || event.time_ms > lifetime.last_ms) {
    return fail(at + ": time outside the name's first and last events");
  }
  if (!fresh_.ring_.empty() && event.time_ms < fresh_.ring_.back().time_ms) return fail(at + ": not in time order");
  if (!day_fits_time(event.day, event.time_ms) || !fresh_.latest_day_ || event.day > *fresh_.latest_day_) {
    return fail(at + ": day inconsistent with its time");
  }
  if (length > 0) {
    Error error;
    if (!parse_json_input_into(text, text.size(), EventStore::kMaxPropsDepth, event.props, error)) {
      return fail(at + ": props: " + error.message);
    }
    if (!event.props.is_object() || event.props.empty() || !EventStore::validate_props(event.props, error)) {
      return fail(at + ": props are not a non-empty object of valid properties");
    }
  }
  fresh_.ring_.push_back(std::move(event));
  return true;
}

// Rebuilds what the snapshot does not carry (each name's refs into the ring, the count of names with
// events) and applies the current options' bounds.
void EventSnapshot::finish() {
  for (const EventStore::RawEvent& event : fresh_.ring_) {
    EventStore::NameState& named = fresh_.names_[event.name_id];
    named.raw.items.push_back({event.time_ms, event.day, fresh_.summed_value(named, event.props)});
  }
  while (fresh_.ring_.size() > fresh_.options_.max_raw_events) fresh_.evict_oldest();
  fresh_.prune_days();
  fresh_.names_with_events_ = 0;
  for (const EventStore::NameState& named : fresh_.names_) {
    if (named.lifetime.count > 0) ++fresh_.names_with_events_;
  }
}

NK_COLD_CODE_END

void EventStore::save(std::string& out) const { EventSnapshot::save(*this, out); }

bool EventStore::load(std::string_view bytes, Error& error) { return EventSnapshot::load(*this, bytes, error); }

}  // namespace nudgekit

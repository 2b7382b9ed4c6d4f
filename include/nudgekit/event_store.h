// The user's event history, kept on the device so behavioural conditions ("3 ledger entries above ₹1,000
// in the last 7 days", "stalled after the KYC selfie for 2 hours") are answered without a server.
//
// Rules (the engine's documentation and tests rely on them):
//
// Time is an input. Every call takes the instant (`time_ms`, `now_ms`: epoch milliseconds, UTC) and the
// user's UTC offset at that instant (`utc_offset_minutes`, computed by the JS layer from the IANA zone).
// The store never reads a clock, so every decision can be replayed.
//
// Local days. The local day of an instant is floor((time_ms + offset·60000) / 86400000), days since
// 1970-01-01 in the user's local calendar. An event's day is fixed when it is recorded, from the offset
// it was recorded with: a later zone change (travel, a settings change) does not move past events. DST
// is therefore correct by construction: each event carries the offset in force at its own instant.
//
// Accepting events. Validation happens before anything changes, so a refused event leaves no trace.
//   - name: 1..64 bytes of [A-Za-z0-9_.:-], starting with a letter or '_'       → "event.invalid_name"
//   - props: an object (null means {}); keys non-empty, ≤ 256 bytes, valid UTF-8; strings valid UTF-8;
//     numbers finite; nesting ≤ 8 levels (props itself is level 1); serialized ≤ max_props_bytes
//                                                          → "event.invalid_props", pointer "/props/…"
//   - time, now within JavaScript's Date range; |offset| ≤ 18 h                 → "event.invalid_time"
//     (pointer "/time", "/now" or "/utc_offset_minutes"; the other refusals below point at "/time",
//     and the name refusals at "/name")
//   - time > now + max_future_skew_ms                                           → "event.in_future"
//     (an event ahead of now by less than that is recorded at now)
//   - time < now − horizon_days                                                 → "event.too_old"
//   - a name never recorded before, when max_event_names names already have events
//                                                                               → "event.too_many_names"
//   Out-of-order events (older than the newest one) are accepted: their day's aggregate is updated and
//   they are inserted in the raw ring at their time (the ring stays sorted by time; equal times keep the
//   order they were recorded in). When the ring is full and the event is older than all of it, only the
//   aggregates take it, and it counts as evicted for the watermark below.
//
// Storage, bounded whatever the input:
//   - the raw ring: the max_raw_events most recent events (by time) with their props; oldest evicted;
//   - per name, daily aggregates {count, sum, first, last} by local day; days older than
//     (latest local day seen − horizon_days) are pruned. The latest day seen is the newest event day or
//     the newest "today" passed to advance(). An event whose day is already beyond that horizon is kept
//     in the lifetime totals and the ring, but creates no daily aggregate and no distinct day;
//   - per name, lifetime totals {count, sum, first, last, distinct days}, never pruned;
//   - per name, the evicted watermark: the newest time of any of its events that left (or never entered)
//     the ring. A window starting after it is answered exactly from the ring.
//   Sums add the configured numeric property of the event (a top-level key of its props, from
//   sum_properties; the first entry for a name wins) when it is present, a number and finite.
//
// Windows. A rolling window holds the events with since_ms ≤ time ≤ now_ms; the lifetime window holds
// every accepted event.
//   count, sum, distinct_days: exact from the ring when the window starts after the name's watermark,
//   or from the lifetime totals when the window holds all of the name's events. Otherwise from the daily
//   aggregates, approximately: a day whose first event is ≥ since counts whole, a day whose last event is
//   < since counts nothing, and the boundary day in between counts whole (so the answer may include the
//   events of that day before since); a day whose first event is after now counts nothing. Windows longer
//   than the horizon only see the days the horizon kept.
//   Filtered totals (by props) and funnels read the ring only: for a window the ring does not cover
//   (raw_is_exact() false) they are lower bounds.
//
// Queries are const, never throw, and allocate nothing (funnels over more than 16 steps excepted).
// Unknown name ids (or kNoName) answer 0 / nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nudgekit/error.h"
#include "nudgekit/json_input.h"

namespace nudgekit {

struct EventStoreOptions {
  std::size_t max_raw_events = 1000;
  std::int32_t horizon_days = 400;
  // Event name -> the numeric property of its props that sum() adds up (e.g. {"ledger_entry", "amount"}).
  std::vector<std::pair<std::string, std::string>> sum_properties;
  std::int64_t max_future_skew_ms = 5 * 60 * 1000;
  std::size_t max_event_names = 256;
  std::size_t max_props_bytes = 4096;
};

class EventStore {
 public:
  static constexpr std::uint32_t kNoName = 0xFFFFFFFFu;
  static constexpr std::int64_t kMsPerDay = 86400000;
  // JavaScript's Date range: anything outside it did not come from a clock.
  static constexpr std::int64_t kMaxTimeMs = 8640000000000000;
  static constexpr std::int32_t kMaxOffsetMinutes = 18 * 60;
  static constexpr std::size_t kMaxNameBytes = 64;
  static constexpr std::size_t kMaxKeyBytes = 256;
  static constexpr std::size_t kMaxPropsDepth = 8;
  // Names interned by conditions cost a table entry even without events; this bounds the table.
  static constexpr std::size_t kMaxInternedNames = 1u << 16;

  // lifetime, or the rolling window [since_ms, now]. Window{} is lifetime; Window::since(t) is rolling.
  struct Window {
    bool lifetime = true;
    std::int64_t since_ms = 0;
    static Window since(std::int64_t since_ms) { return Window{false, since_ms}; }
  };

  // reached_step: how many of the steps were done in order (0 = none); completed: all of them.
  struct FunnelState {
    std::uint32_t reached_step = 0;
    std::optional<std::int64_t> time_of_last_reached_step;
    bool completed = false;
  };

  // Filtered totals, from the ring. exact is false when the ring does not cover the window (lower bounds).
  struct Totals {
    double count = 0;
    double sum = 0;
    int distinct_days = 0;
    bool exact = true;
  };

  // A filter on props, with its caller's context (a compiled `where`). Props of an event recorded
  // without props are an empty object.
  using PropsPredicate = bool (*)(const Json& props, const void* context);

  // One event of the raw ring. props is null when the event had none (it reads as {} everywhere).
  struct RawEvent {
    std::int64_t time_ms;
    std::int32_t day;
    std::uint32_t name_id;
    Json props;
  };

  explicit EventStore(EventStoreOptions options = {});

  static std::int32_t local_day(std::int64_t time_ms, std::int32_t utc_offset_minutes);
  static bool is_valid_name(std::string_view name);

  // --- names ------------------------------------------------------------------------------------
  // Ids are dense, stable for the store's life and kept by load(), so compiled conditions can hold them,
  // even for events not recorded yet. intern returns kNoName for an invalid name or a full table.
  std::optional<std::uint32_t> name_id(std::string_view name) const;
  std::uint32_t intern(std::string_view name);
  std::size_t name_count() const { return names_.size(); }
  std::string_view name(std::uint32_t id) const;

  // --- recording --------------------------------------------------------------------------------
  // Records one event, or refuses it with `error` (see the rules above) and changes nothing.
  bool record(std::string_view name, const Json& props, std::int64_t time_ms, std::int32_t utc_offset_minutes,
              std::int64_t now_ms, Error& error);
  // Drops the older half of the raw ring (rounded up), as eviction would: the aggregates and lifetime
  // totals keep every event, the watermarks rise. For a full storage quota, where a smaller snapshot
  // beats no snapshot. Returns how many events were dropped (0 once the ring is empty).
  std::size_t shed_oldest_half();
  // Moves the latest day seen to today and prunes the aggregates by the horizon. Idempotent; invalid
  // times are ignored.
  void advance(std::int64_t now_ms, std::int32_t utc_offset_minutes);

  // --- queries ----------------------------------------------------------------------------------
  double count(std::uint32_t name_id, Window window, std::int64_t now_ms) const;
  double sum(std::uint32_t name_id, Window window, std::int64_t now_ms) const;
  // utc_offset_minutes is not needed (each event's day is fixed when recorded); it is accepted so
  // callers pass the same context as to streak_days.
  int distinct_days(std::uint32_t name_id, Window window, std::int64_t now_ms, std::int32_t utc_offset_minutes) const;
  Totals totals_where(std::uint32_t name_id, Window window, std::int64_t now_ms, PropsPredicate predicate,
                      const void* context) const;
  double count_where(std::uint32_t name_id, Window window, std::int64_t now_ms, PropsPredicate predicate,
                     const void* context) const {
    return totals_where(name_id, window, now_ms, predicate, context).count;
  }
  // Whether the ring holds every event of the name in the window.
  bool raw_is_exact(std::uint32_t name_id, Window window) const;
  std::optional<std::int64_t> first_time(std::uint32_t name_id) const;
  std::optional<std::int64_t> last_time(std::uint32_t name_id) const;
  // Consecutive local days with an event, ending today (the local day of now at the given offset) — or
  // yesterday when today has none yet, so a streak is not lost before the user acts today. Limited to the
  // days the horizon keeps.
  int streak_days(std::uint32_t name_id, std::int64_t now_ms, std::int32_t utc_offset_minutes) const;
  // Ordered steps within the window: step k+1 must happen at or after the time step k was reached, each
  // event serves one step, and every step takes its earliest possible event.
  FunnelState funnel(const std::vector<std::uint32_t>& step_name_ids, Window window, std::int64_t now_ms) const;

  const std::deque<RawEvent>& raw_events() const { return ring_; }
  const EventStoreOptions& options() const { return options_; }
  // An estimate of the heap this store holds (containers by capacity, props by their JSON nodes).
  std::size_t memory_bytes() const;

  // --- snapshot ---------------------------------------------------------------------------------
  // Appends the store's state in a compact binary form (little-endian, versioned, checksummed; props as
  // JSON text). Options are not saved: they come with the config.
  void save(std::string& out) const;
  // Replaces the state with a snapshot's, or refuses it ("snapshot.corrupt", saying what was wrong) and
  // changes nothing. Everything is checked: lengths, counts, names, sortedness, days against times,
  // props. Names already interned keep their ids (their history becomes the snapshot's, or empty); the
  // snapshot's other names get new ids. The current options apply: the ring is trimmed to
  // max_raw_events (oldest first, raising watermarks), days beyond the horizon are pruned, and raw
  // sums follow the current sum_properties (the aggregates keep the sums they were recorded with).
  bool load(std::string_view bytes, Error& error);

 private:
  friend class EventSnapshot;  // save/load, in event_snapshot.cpp

  // An event of the ring as its name's queries need it: value is the summed property or NaN.
  struct RawRef {
    std::int64_t time_ms;
    std::int32_t day;
    double value;
  };
  // The ring's events of one name, sorted like the ring. A vector whose front is dropped by moving
  // `head` (compacted when half is dead): a std::deque per name would cost a 4 KiB block under libc++.
  struct RawRefs {
    std::vector<RawRef> items;
    std::size_t head = 0;
    const RawRef* begin() const { return items.data() + head; }
    const RawRef* end() const { return items.data() + items.size(); }
    std::size_t size() const { return items.size() - head; }
  };
  struct DayAggregate {
    std::int32_t day;
    std::uint32_t count;
    double sum;
    std::int64_t first_ms;
    std::int64_t last_ms;
  };
  struct Lifetime {
    std::uint64_t count = 0;
    double sum = 0;
    std::int64_t first_ms = 0;
    std::int64_t last_ms = 0;
    std::uint32_t days = 0;
  };
  struct NameState {
    std::string name;
    std::optional<std::string> sum_property;
    Lifetime lifetime;
    std::vector<DayAggregate> days;  // sorted by day
    RawRefs raw;
    std::optional<std::int64_t> evicted_watermark;
  };

  // What answers count/sum/distinct_days for a window (the rules in the header comment); for the ring,
  // the name's refs in the window.
  struct Source {
    enum Kind { kNothing, kLifetime, kRing, kDays } kind;
    const NameState* named;
    const RawRef* from;
    const RawRef* to;
  };
  Source source(std::uint32_t name_id, Window window, std::int64_t now_ms) const;

  const NameState* state(std::uint32_t name_id) const {
    return name_id < names_.size() ? &names_[name_id] : nullptr;
  }
  double summed_value(const NameState& name, const Json& props) const;
  void add_to_aggregates(NameState& name, std::int64_t time_ms, std::int32_t day, double value);
  void add_to_ring(std::uint32_t name_id, std::int64_t time_ms, std::int32_t day, double value, Json&& props);
  void evict_oldest();
  void raise_latest_day(std::int32_t day);
  void prune_days();
  static bool covers(const NameState& name, std::int64_t since_ms);
  // Everything record() requires of props but their serialized size; on failure error.pointer is
  // relative to props ("" is props itself).
  static bool validate_props(const Json& props, Error& error);

  EventStoreOptions options_;
  std::vector<NameState> names_;
  std::map<std::string, std::uint32_t, std::less<>> ids_;
  std::deque<RawEvent> ring_;
  std::optional<std::int32_t> latest_day_;
  std::size_t names_with_events_ = 0;
};

}  // namespace nudgekit

// Snapshot and restore of what the engine learned about the user. The config is not part of it: the
// app loads its config first, then restores, and segment states travel by name so that a snapshot
// taken under an older config still restores the segments both configs share.
#include <algorithm>

#include "detail/cold.h"
#include "nudgekit/engine.h"
#include "nudgekit/snapshot_codec.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN

namespace {

enum Section : std::uint32_t { kProfile = 1, kEvents = 2, kSegments = 3, kClock = 4, kScores = 5, kNudges = 6, kGames = 7, kPlans = 8 };

struct SegmentState {
  bool in = false;
  std::int64_t changed_at = 0;
};

}  // namespace

std::string Engine::snapshot() const {
  SnapshotWriter writer;
  writer.begin_section(kProfile);
  writer.put_json(profile_.properties());
  writer.end_section();

  writer.begin_section(kEvents);
  std::string events;
  events_->save(events);
  writer.put_string(events);
  writer.end_section();

  writer.begin_section(kSegments);
  const auto& names = config_->segment_names;
  writer.put_varint(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    writer.put_string(names[i]);
    writer.put_u8(membership_[i]);
    writer.put_i64(changed_at_[i]);
  }
  writer.end_section();

  writer.begin_section(kClock);
  writer.put_i64(clock_.now_ms);
  writer.put_i32(clock_.utc_offset_minutes);
  writer.end_section();

  writer.begin_section(kScores);
  scores_.save(writer);
  writer.end_section();

  writer.begin_section(kNudges);
  nudge_state_.save(writer);
  writer.end_section();

  writer.begin_section(kPlans);
  nudge_state_.save_plans(writer);
  writer.end_section();

  writer.begin_section(kGames);
  games_.save(writer);
  writer.end_section();
  return writer.finish();
}

bool Engine::restore(std::string_view bytes, Errors& errors) {
  SnapshotReader reader;
  Error error;
  if (!SnapshotReader::open(bytes, reader, error)) {
    errors.push_back(std::move(error));
    return false;
  }
  // Everything is read into temporaries first; the engine changes only once all of it checked out.
  Json properties;
  bool has_properties = false;
  std::string event_bytes;
  bool has_events = false;
  std::vector<std::pair<std::string, SegmentState>> segments;
  Clock clock = clock_;
  ScoreState scores;
  NudgeState nudges;
  GameState games;
  std::uint32_t tag = 0;
  SnapshotReader section;
  const auto corrupt = [&](const SnapshotReader& at, const char* what) {
    errors.push_back(at.ok() ? Error{"snapshot.corrupt", "", what} : at.error());
    return false;
  };
  while (reader.remaining() > 0) {
    if (!reader.next_section(tag, section)) return corrupt(reader, "unreadable section");
    switch (tag) {
      case kProfile:
        if (!section.get_json(properties, limits_.max_json_depth, limits_.max_string_bytes) || !properties.is_object()) {
          return corrupt(section, "the properties are not an object");
        }
        has_properties = true;
        break;
      case kEvents:
        if (!section.get_string(event_bytes, std::size_t{256} << 20)) return corrupt(section, "unreadable event history");
        has_events = true;
        break;
      case kSegments: {
        std::uint64_t count = 0;
        if (!section.get_varint(count) || count > section.remaining()) return corrupt(section, "bad segment count");
        for (std::uint64_t i = 0; i < count; ++i) {
          std::string name;
          std::uint8_t in = 0;
          std::int64_t changed_at = 0;
          if (!section.get_string(name, 128) || !section.get_u8(in) || !section.get_i64(changed_at) || in > 1) {
            return corrupt(section, "bad segment state");
          }
          segments.push_back({std::move(name), {in == 1, changed_at}});
        }
        break;
      }
      case kClock:
        if (!section.get_i64(clock.now_ms) || !section.get_i32(clock.utc_offset_minutes)) return corrupt(section, "bad clock");
        break;
      case kScores:
        if (!scores.load(section)) return corrupt(section, "bad scores");
        break;
      case kNudges:
        if (!nudges.load(section)) return corrupt(section, "bad nudge state");
        break;
      case kPlans:  // after kNudges: it marks the nudges that section restored
        if (!nudges.load_plans(section)) return corrupt(section, "bad plans");
        break;
      case kGames:
        if (!games.load(section)) return corrupt(section, "bad game state");
        break;
      default:
        break;  // written by a later release; what this one knows is still whole
    }
  }
  if (!has_properties || !has_events) {
    errors.push_back({"snapshot.corrupt", "", "the snapshot lacks the properties or the event history"});
    return false;
  }
  auto store = std::make_unique<EventStore>(events_->options());
  if (!store->load(event_bytes, error)) {
    errors.push_back(std::move(error));
    return false;
  }
  Profile profile;
  if (!profile.replace_with(properties, limits_, error)) {
    errors.push_back({"snapshot.corrupt", "", "the saved properties are invalid: " + error.message});
    return false;
  }

  profile_ = std::move(profile);
  events_ = std::move(store);
  clock_ = clock;
  scores_ = std::move(scores);
  // The id the app chose wins; an anonymous one made up for this session gives way to the snapshot's.
  if (nudges.user_id.empty() || (!nudge_state_.user_id.empty() && !nudge_state_.user_id_provisional)) {
    nudges.user_id = nudge_state_.user_id;
    nudges.user_id_provisional = nudge_state_.user_id_provisional;
  }
  nudge_state_ = std::move(nudges);
  games_ = std::move(games);
  adopt_config();  // ids into the new store; every segment starts stale
  const auto& names = config_->segment_names;
  for (const auto& [name, state] : segments) {
    const auto found = std::lower_bound(names.begin(), names.end(), name);
    if (found == names.end() || *found != name) continue;  // a segment the current config no longer has
    const auto index = static_cast<std::size_t>(found - names.begin());
    membership_[index] = state.in ? 1 : 0;
    changed_at_[index] = state.changed_at;
    stale_[index] = 0;
  }
  stale_list_.clear();
  for (std::uint32_t segment = 0; segment < stale_.size(); ++segment) {
    if (stale_[segment]) stale_list_.push_back(segment);
  }
  refresh_scores();  // scores() answers for the restored state at once, not after the next evaluation
  stage_change_.reset();
  return true;
}

void Engine::forget(std::string user_id, bool provisional) {
  // A new engine over the same compiled config: no field of the old user's can survive by oversight.
  Engine fresh(limits_);
  fresh.config_ = config_;
  fresh.matched_.reserve(config_->segment_conditions.size());
  fresh.adopt_config();
  fresh.set_user_id(std::move(user_id), provisional);
  *this = std::move(fresh);
}

NK_COLD_CODE_END
}  // namespace nudgekit

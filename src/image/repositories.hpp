// The tags index, <root>/image/repositories.json: {"name:tag": "<64-hex image id>"}.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace berth::image {

using TagMap = std::map<std::string, std::string>;  // "name:tag" -> image id

// Reads the index; a missing file is an empty index. Throws Error (exit 125) naming the file
// when it is not a JSON object of strings.
TagMap read_tags(const std::string& path);
// Replaces the index atomically (temp file, fsync, rename). Call with the store lock held.
void write_tags(const std::string& path, const TagMap& tags);
// The tags of image `id`, sorted.
std::vector<std::string> tags_of(const TagMap& tags, const std::string& id);

}  // namespace berth::image

// FNV-1a, 64 bits: cheap, and stable across platforms and runs, so its values may be stored (file keys,
// near-duplicate keys).
#pragma once

#include <cstdint>
#include <string_view>

namespace fns {

inline uint64_t fnv1a(std::string_view bytes) {
    uint64_t h = 1469598103934665603ULL;
    for (char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return h;
}

}  // namespace fns

// Opening the shards a search runs over, with Xapian's own machinery: local databases, stub files (a file,
// or a folder holding XAPIANDB, listing "auto PATH" / "glass PATH" / "remote HOST:PORT" / "remote :PROGRAM
// ARGS" lines) and remote shards served by xapian-tcpsrv. Stub files are read here rather than by Xapian so
// that remote shards get the timeout asked for and a shard that does not answer can be named or left out.
#pragma once

#include <xapian.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace fns {

// A shard that cannot be searched: down, hung past the timeout, or dropped the connection.
struct ShardError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ShardOptions {
    std::optional<double> timeout_seconds;  // connecting and each answer of a remote shard; Xapian's 10 s if unset
    bool allow_partial = false;             // leave out shards that fail instead of failing the search
};

// One shard as a stub file or --db names it.
struct Shard {
    std::string name;      // for messages: "remote 127.0.0.1:8100 (shards.stub line 2)", or the path
    bool remote = false;
    std::string location;  // local path, "HOST:PORT" or ":PROGRAM ARGS"
    std::string context;   // the context Xapian gives this shard's network errors ("remote:tcp(HOST:PORT)")
};

// The shards `paths` name, stub files expanded (recursively; relative paths against the stub's folder).
// Throws std::runtime_error for a stub line it does not understand.
std::vector<Shard> list_shards(const std::vector<std::string>& paths);

class ShardSet {
public:
    ShardSet(const std::vector<std::string>& paths, const ShardOptions& options);
    // All shards that answered, searched as one.
    const Xapian::Database& database() const { return database_; }
    bool any_remote() const;
    // Names and reasons of the shards left out (with allow_partial).
    const std::vector<std::string>& missing() const { return missing_; }
    // After `error` from a search over database(): for a network error, throws ShardError naming the shard,
    // or (allow_partial) leaves the shard out and returns true, so that the caller searches again. False
    // for other errors, which the caller rethrows.
    bool handle_failure(const Xapian::Error& error);
    // Registers each shard's record dictionary again: after a reopen, a shard rebuilt meanwhile has a new one.
    void load_record_dictionaries() const;

private:
    void rebuild();
    [[noreturn]] void fail(const Shard& shard, const std::string& reason) const;

    ShardOptions options_;
    std::vector<Shard> shards_;              // answered so far
    std::vector<Xapian::Database> opened_;   // parallel to shards_
    std::vector<std::string> missing_;
    Xapian::Database database_;
};

}  // namespace fns

// What both programs' command lines share: walking the arguments, and the usage error they throw.
#pragma once

#include <stdexcept>
#include <string>

namespace fns {

// A wrong command line; main() prints the message and exits with the usage exit code.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Walks argv one argument at a time; value() takes the argument after an option as its value.
class ArgumentReader {
public:
    ArgumentReader(int argc, char** argv) : argc_(argc), argv_(argv) {}
    bool next() { return ++index_ < argc_ && (current_ = argv_[index_], true); }
    const std::string& arg() const { return current_; }
    // The next argument without taking it (an optional value), or nullptr at the end.
    const char* peek() const { return index_ + 1 < argc_ ? argv_[index_ + 1] : nullptr; }
    std::string value() {
        if (index_ + 1 >= argc_) throw UsageError(current_ + " needs a value");
        return argv_[++index_];
    }

private:
    int argc_;
    char** argv_;
    int index_ = 0;
    std::string current_;
};

}  // namespace fns

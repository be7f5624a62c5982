#pragma once
/// Opening an input file for reading, with a message that names it.
#include <cstddef>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

namespace patella {

/// Throws IoError "<path>: cannot open <what> (...)" unless path is an existing regular file
/// (or a link to one). A folder opens as an empty stream on Linux and its first read throws
/// std::ios_base::failure "Is a directory", which named no file.
void require_input_file(const std::string& path, const std::string& what);

/// Whether something exists at path. Never throws: a path the system cannot look up (too long,
/// a component that is a file, no permission) does not exist for the caller, whose message then
/// names it; std::filesystem::exists would throw filesystem_error (found by fuzzing).
bool path_exists(const std::string& path);

/// require_input_file, then an open stream.
std::ifstream open_input_file(const std::string& path, const std::string& what,
                              std::ios::openmode mode = std::ios::in);


/// A whole file in memory, read without first zero-filling its buffer (a std::string sized for it
/// writes every byte twice; meshes and caches run to tens of megabytes). One byte past the end
/// holds '\0', so the text parsers may treat data.get() as a C string.
struct FileBytes {
  std::unique_ptr<char[]> data;
  std::size_t size = 0;
  std::string_view view() const { return {data.get(), size}; }
};

/// Reads the file at path whole into out. False, with out untouched, when it cannot be opened
/// or read whole: no message, as for a cache whose absence is normal (callers that need the
/// file name it in their own error).
bool try_read_file(const std::string& path, FileBytes& out);

}  // namespace patella

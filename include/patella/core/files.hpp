#pragma once
/// Opening an input file for reading, with a message that names it.
#include <fstream>
#include <string>

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

}  // namespace patella
